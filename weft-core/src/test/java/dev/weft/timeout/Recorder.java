package dev.weft.timeout;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test observer: an emitter that keeps every event with the {@link System#nanoTime()} it arrived
 * at, and metrics that count what the engine reports per node.
 */
final class Recorder implements Emitter, EngineMetrics {
  /** An event and when it reached the emitter. */
  record Seen(Event event, long nanos) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<String> finished = new CopyOnWriteArrayList<>();

  @Override
  public void emit(Event event) {
    seen.add(new Seen(event, System.nanoTime()));
  }

  @Override
  public void nodeFinished(String nodeId, String outcome, long durationNanos) {
    finished.add(nodeId + ":" + outcome);
  }

  @Override
  public void nodeTimedOut(String nodeId) {
    count("timedOut:" + nodeId);
  }

  @Override
  public void nodeAbandoned(String nodeId) {
    count("abandoned:" + nodeId);
  }

  private void count(String key) {
    counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  int timedOut(String nodeId) {
    AtomicInteger n = counts.get("timedOut:" + nodeId);
    return n == null ? 0 : n.get();
  }

  int abandoned(String nodeId) {
    AtomicInteger n = counts.get("abandoned:" + nodeId);
    return n == null ? 0 : n.get();
  }

  /** {@code node:outcome} of every {@link EngineMetrics#nodeFinished} call, in order. */
  List<String> finished() {
    return List.copyOf(finished);
  }

  List<Event> events(EventType type) {
    List<Event> out = new ArrayList<>();
    for (Seen s : seen) {
      if (s.event().type() == type) {
        out.add(s.event());
      }
    }
    return out;
  }

  List<Event> events(EventType type, String nodeId) {
    return events(type).stream().filter(e -> nodeId.equals(e.nodeId())).toList();
  }

  /** When the first event of {@code type} for {@code nodeId} reached the emitter. */
  long nanosOf(EventType type, String nodeId) {
    for (Seen s : seen) {
      if (s.event().type() == type && nodeId.equals(s.event().nodeId())) {
        return s.nanos();
      }
    }
    throw new AssertionError("no " + type + " event for node '" + nodeId + "'");
  }

  /**
   * Waits until {@code count} events of {@code type} arrived; returns them (maybe fewer on
   * timeout).
   */
  List<Event> await(EventType type, int count, Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (events(type).size() < count && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    return events(type);
  }
}
