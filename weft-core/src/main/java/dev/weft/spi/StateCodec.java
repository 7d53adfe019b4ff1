package dev.weft.spi;

/**
 * Turns a run's state type into bytes and back, for durable {@link CheckpointStore}s. A store
 * passes everything a checkpoint holds of type {@code S} through it: the state, branch inputs,
 * carried deltas and the inputs of {@code send} routes. It stores {@link #id()} and {@link
 * #version()} with every row and refuses to decode a row written by another codec, so a codec
 * change is an error naming the run, never a silent misread.
 *
 * <p>A codec must never let stored bytes choose which class is instantiated: the target type is
 * fixed when the codec is built (the Jackson codec of {@code weft-jdbc} uses no default typing and
 * reads no class names). Implementations must be thread-safe and stateless between calls; they may
 * throw any {@link RuntimeException} for bytes they cannot read or values they cannot write, and
 * the store reports it as a {@link dev.weft.StoreException} naming run and step.
 *
 * <pre>{@code
 * StateCodec<Doc> codec = JacksonStateCodec.of(Doc.class);
 * byte[] bytes = codec.encode(doc);
 * Doc same = codec.decode(bytes);
 * }</pre>
 *
 * @param <S> the state type
 */
public interface StateCodec<S> {
  /** A stable name of the encoding, stored with each row, for example {@code "jackson-json"}. */
  String id();

  /** The version of the encoding; increase it when bytes written before cannot be read as-is. */
  int version();

  /** The bytes of {@code value}; never {@code null} for a non-null value. */
  byte[] encode(S value);

  /** The value encoded in {@code bytes}; throws when they are not a valid encoding. */
  S decode(byte[] bytes);

  /**
   * Whether this codec reads rows written by codec {@code codecId} at {@code codecVersion}; by
   * default only its own id at its own version.
   */
  default boolean reads(String codecId, int codecVersion) {
    return id().equals(codecId) && version() == codecVersion;
  }
}
