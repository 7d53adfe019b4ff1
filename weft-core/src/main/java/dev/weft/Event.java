package dev.weft;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in a run, emitted live to the engine's {@link Emitter}.
 *
 * <pre>{@code
 * Emitter printer = event -> System.out.println(event.type() + " " + event.nodeId());
 * }</pre>
 *
 * <p>Thread-safety: immutable (the attributes are copied); safe to share between threads.
 *
 * @param time when it happened (wall clock; for display, never used for decisions)
 * @param runId the run
 * @param step the step, counting from 0
 * @param nodeId the node, or {@code null} for run- and step-level events
 * @param type what happened
 * @param attempt the attempt for node events, else 0
 * @param attributes type-specific details, listed on each {@link EventType}
 */
public record Event(
    Instant time,
    String runId,
    long step,
    String nodeId,
    EventType type,
    int attempt,
    Map<String, Object> attributes) {

  public Event {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(type, "type");
    attributes = Map.copyOf(attributes);
  }

  /** An attribute, or {@code null} when absent. */
  public Object attribute(String name) {
    return attributes.get(name);
  }
}
