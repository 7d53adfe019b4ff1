package dev.weft.emit;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps the most recent events in memory (a bounded ring: the oldest are dropped and counted) and
 * answers queries by run, node and type. Thread-safe.
 *
 * <pre>{@code
 * BufferedEmitter buffer = new BufferedEmitter(10_000);
 * Engine<Doc> engine = Engine.builder(graph).emitter(buffer).build();
 * engine.run("r1", doc);
 * List<Event> retries = buffer.query("r1", null, EventType.RETRY_SCHEDULED);
 * }</pre>
 */
public final class BufferedEmitter implements Emitter {
  private final int capacity;
  private final ArrayDeque<Event> events;
  private long dropped;

  /** A buffer holding at most {@code capacity} events. */
  public BufferedEmitter(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be ≥ 1, was " + capacity);
    }
    this.capacity = capacity;
    this.events = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  @Override
  public synchronized void emit(Event event) {
    if (events.size() == capacity) {
      events.removeFirst();
      dropped++;
    }
    events.addLast(event);
  }

  /** Every buffered event, oldest first. */
  public synchronized List<Event> all() {
    return List.copyOf(events);
  }

  /** Events of one run. */
  public List<Event> byRun(String runId) {
    return query(runId, null, null);
  }

  /** Events of one node (in any run). */
  public List<Event> byNode(String nodeId) {
    return query(null, nodeId, null);
  }

  /** Events of one type (in any run). */
  public List<Event> byType(EventType type) {
    return query(null, null, type);
  }

  /** Events matching every non-null criterion, oldest first. */
  public List<Event> query(String runId, String nodeId, EventType type) {
    return filter(
        e ->
            (runId == null || runId.equals(e.runId()))
                && (nodeId == null || nodeId.equals(e.nodeId()))
                && (type == null || type == e.type()));
  }

  /** Events matching {@code predicate}, oldest first. */
  public synchronized List<Event> filter(Predicate<Event> predicate) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (predicate.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Events pushed out by newer ones. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Empties the buffer (the dropped count stays). */
  public synchronized void clear() {
    events.clear();
  }
}
