package dev.weft.jdbc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.weft.spi.StateCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The default {@link StateCodec}: JSON through Jackson, for records, classes with creators,
 * generics and {@code java.time} values. It is safe against stored data: the target type is fixed
 * when the codec is built, default typing is never enabled and no class name is read from the
 * bytes, so a row can never choose which class is instantiated; unknown properties, trailing data
 * and nulls for primitives are errors, not silent defaults. Values over {@link #maxBytes()} are
 * refused both ways with an error saying how to raise the limit. Immutable and thread-safe.
 *
 * <pre>{@code
 * StateCodec<Doc> codec = JacksonStateCodec.of(Doc.class);
 * StateCodec<Map<String, List<Doc>>> generic =
 *     JacksonStateCodec.of(new TypeReference<Map<String, List<Doc>>>() {});
 * StateCodec<Doc> big = JacksonStateCodec.of(Doc.class).withMaxBytes(64 << 20);
 * }</pre>
 *
 * @param <S> the state type
 */
public final class JacksonStateCodec<S> implements StateCodec<S> {
  /** The codec id stored with each row. */
  public static final String ID = "jackson-json";

  /** The default size limit of one encoded value: 16 MiB. */
  public static final int DEFAULT_MAX_BYTES = 16 << 20;

  private static final ObjectMapper MAPPER = newMapper();

  private final JavaType type;
  private final int maxBytes;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JacksonStateCodec(JavaType type, int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be ≥ 1, was " + maxBytes);
    }
    this.type = type;
    this.maxBytes = maxBytes;
    this.reader = MAPPER.readerFor(type);
    this.writer = MAPPER.writerFor(type);
  }

  /** A codec for a non-generic type, such as a record. */
  public static <S> JacksonStateCodec<S> of(Class<S> type) {
    return new JacksonStateCodec<>(
        MAPPER.constructType(Objects.requireNonNull(type, "type")), DEFAULT_MAX_BYTES);
  }

  /** A codec for a generic type: {@code of(new TypeReference<List<Doc>>() {})}. */
  public static <S> JacksonStateCodec<S> of(TypeReference<S> type) {
    return new JacksonStateCodec<>(
        MAPPER.constructType(Objects.requireNonNull(type, "type")), DEFAULT_MAX_BYTES);
  }

  /** This codec with another size limit for one encoded value. */
  public JacksonStateCodec<S> withMaxBytes(int limit) {
    return new JacksonStateCodec<>(type, limit);
  }

  /** The size limit of one encoded value, in bytes. */
  public int maxBytes() {
    return maxBytes;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public byte[] encode(S value) {
    byte[] bytes;
    try {
      bytes = writer.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "cannot write a " + type.toCanonical() + " as JSON: " + e.getOriginalMessage(), e);
    }
    if (bytes.length > maxBytes) {
      throw new IllegalArgumentException(tooLarge("encodes to", bytes.length));
    }
    return bytes;
  }

  @Override
  public S decode(byte[] bytes) {
    if (bytes.length > maxBytes) {
      throw new IllegalArgumentException(tooLarge("is stored as", bytes.length));
    }
    try {
      S value = reader.readValue(bytes);
      if (value == null) {
        throw new IllegalArgumentException("stored JSON is null, not a " + type.toCanonical());
      }
      return value;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "stored JSON does not match "
              + type.toCanonical()
              + ": "
              + e.getOriginalMessage()
              + " (did the state class change? map old fields with @JsonAlias or"
              + " @JsonIgnoreProperties, or bump the codec version)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tooLarge(String what, int size) {
    return "a "
        + type.toCanonical()
        + " "
        + what
        + " "
        + size
        + " bytes, over the limit of "
        + maxBytes
        + " bytes; raise it with JacksonStateCodec.withMaxBytes, or keep large payloads outside"
        + " the state and store a reference";
  }

  @Override
  public String toString() {
    return "JacksonStateCodec[" + type.toCanonical() + ", maxBytes=" + maxBytes + "]";
  }

  private static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new ParameterNamesModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // no default typing, ever: a stored row never names a class
        .deactivateDefaultTyping()
        .build();
  }
}
