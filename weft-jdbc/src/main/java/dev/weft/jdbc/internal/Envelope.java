package dev.weft.jdbc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.Route;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.StateCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of a stored checkpoint: everything but its scalar columns and its state, as a small JSON
 * document of fixed shape (format {@value #FORMAT}); every value of the state type inside it
 * (branch inputs, deltas, send inputs, an input's delta) is encoded by the run's {@link StateCodec}
 * and held as base64. Written with Jackson's generator and read from its tree model: no reflection
 * and no type names, a missing or mistyped field is an error. Adding a checkpoint field means
 * adding an optional member here, with no schema migration.
 */
public final class Envelope<S> {
  /** The body format this library writes and reads. */
  public static final int FORMAT = 1;

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREE = JsonMapper.builder().build();

  private final StateCodec<S> codec;

  public Envelope(StateCodec<S> codec) {
    this.codec = codec;
  }

  /** The parts of a checkpoint read back from a body. */
  public record Parts<S>(
      String seedRunId,
      List<Activation<S>> frontier,
      List<ActivationResult<S>> completed,
      Map<String, Set<String>> joinArrivals,
      Optional<Checkpoint.Input<S>> input) {}

  public byte[] write(Checkpoint<S> cp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (!cp.seedRunId().equals(cp.runId())) {
        g.writeStringField("seed", cp.seedRunId());
      }
      if (!cp.frontier().isEmpty()) {
        g.writeArrayFieldStart("frontier");
        for (Activation<S> a : cp.frontier()) {
          g.writeStartObject();
          g.writeStringField("node", a.nodeId());
          g.writeNumberField("key", a.orderKey());
          g.writeNumberField("attempt", a.firstAttempt());
          if (a.branchInput() != null) {
            g.writeBinaryField("input", codec.encode(a.branchInput()));
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (!cp.completed().isEmpty()) {
        g.writeArrayFieldStart("completed");
        for (ActivationResult<S> r : cp.completed()) {
          g.writeStartObject();
          g.writeStringField("node", r.nodeId());
          g.writeNumberField("key", r.orderKey());
          if (r.delta() != null) {
            g.writeBinaryField("delta", codec.encode(r.delta()));
          }
          g.writeFieldName("route");
          writeRoute(g, r.route());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (!cp.joinArrivals().isEmpty()) {
        g.writeObjectFieldStart("joins");
        for (Map.Entry<String, Set<String>> e : cp.joinArrivals().entrySet()) {
          g.writeArrayFieldStart(e.getKey());
          for (String source : new TreeSet<>(e.getValue())) {
            g.writeString(source);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      if (cp.input().isPresent()) {
        g.writeObjectFieldStart("input");
        g.writeBinaryField("delta", codec.encode(cp.input().get().delta()));
        g.writeStringField("label", cp.input().get().label());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void writeRoute(JsonGenerator g, Route<S> route) throws IOException {
    g.writeStartObject();
    switch (route) {
      case Route.Next<S> n -> g.writeStringField("kind", "next");
      case Route.Stop<S> s -> g.writeStringField("kind", "stop");
      case Route.GoTo<S> to -> {
        g.writeStringField("kind", "goto");
        g.writeArrayFieldStart("targets");
        for (String t : to.targets()) {
          g.writeString(t);
        }
        g.writeEndArray();
      }
      case Route.Send<S> send -> {
        g.writeStringField("kind", "send");
        g.writeArrayFieldStart("branches");
        for (Route.Branch<S> b : send.branches()) {
          g.writeStartObject();
          g.writeStringField("node", b.nodeId());
          g.writeBinaryField("input", codec.encode(b.input()));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      case Route.Interrupt<S> i -> {
        g.writeStringField("kind", "interrupt");
        g.writeStringField("reason", i.reason());
      }
    }
    g.writeEndObject();
  }

  /** Reads a body; throws {@link IllegalArgumentException} naming what is wrong. */
  public Parts<S> read(byte[] body, String runId) {
    JsonNode root;
    try {
      root = TREE.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the checkpoint body is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the checkpoint body is not a JSON object");
    }
    String seed = root.has("seed") ? text(root, "seed") : runId;
    List<Activation<S>> frontier = new ArrayList<>();
    for (JsonNode a : array(root, "frontier")) {
      frontier.add(
          new Activation<>(
              text(a, "node"),
              number(a, "key"),
              a.has("input") ? decode(a, "input") : null,
              Math.toIntExact(number(a, "attempt"))));
    }
    List<ActivationResult<S>> completed = new ArrayList<>();
    for (JsonNode r : array(root, "completed")) {
      completed.add(
          new ActivationResult<>(
              text(r, "node"),
              number(r, "key"),
              r.has("delta") ? decode(r, "delta") : null,
              route(field(r, "route"))));
    }
    Map<String, Set<String>> joins = new LinkedHashMap<>();
    if (root.has("joins")) {
      JsonNode j = field(root, "joins");
      if (!j.isObject()) {
        throw new IllegalArgumentException("'joins' is not an object");
      }
      for (Map.Entry<String, JsonNode> e : j.properties()) {
        Set<String> sources = new TreeSet<>();
        for (JsonNode s : array(j, e.getKey())) {
          sources.add(asText(s, "a join source"));
        }
        joins.put(e.getKey(), sources);
      }
    }
    Optional<Checkpoint.Input<S>> input =
        root.has("input")
            ? Optional.of(
                new Checkpoint.Input<>(
                    decode(field(root, "input"), "delta"), text(field(root, "input"), "label")))
            : Optional.empty();
    return new Parts<>(seed, frontier, completed, joins, input);
  }

  private Route<S> route(JsonNode r) {
    String kind = text(r, "kind");
    return switch (kind) {
      case "next" -> new Route.Next<>();
      case "stop" -> new Route.Stop<>();
      case "goto" -> {
        List<String> targets = new ArrayList<>();
        for (JsonNode t : array(r, "targets")) {
          targets.add(asText(t, "a goto target"));
        }
        yield new Route.GoTo<>(targets);
      }
      case "send" -> {
        List<Route.Branch<S>> branches = new ArrayList<>();
        for (JsonNode b : array(r, "branches")) {
          branches.add(new Route.Branch<>(text(b, "node"), decode(b, "input")));
        }
        yield new Route.Send<>(branches);
      }
      case "interrupt" -> new Route.Interrupt<>(text(r, "reason"));
      default -> throw new IllegalArgumentException("unknown route kind '" + kind + "'");
    };
  }

  private S decode(JsonNode node, String name) {
    JsonNode v = field(node, name);
    byte[] bytes;
    try {
      bytes = v.isTextual() ? v.binaryValue() : null;
    } catch (IOException e) {
      bytes = null;
    }
    if (bytes == null) {
      throw new IllegalArgumentException("'" + name + "' is not base64 data");
    }
    return codec.decode(bytes);
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("the checkpoint body lacks '" + name + "'");
    }
    return v;
  }

  private static Iterable<JsonNode> array(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("'" + name + "' is not an array");
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    return asText(field(node, name), "'" + name + "'");
  }

  private static String asText(JsonNode v, String what) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException(what + " is not a string");
    }
    return v.textValue();
  }

  private static long number(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("'" + name + "' is not an integer");
    }
    return v.longValue();
  }
}
