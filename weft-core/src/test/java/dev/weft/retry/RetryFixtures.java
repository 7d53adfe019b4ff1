package dev.weft.retry;

import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Node;
import dev.weft.NodeResult;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.EngineMetrics;
import dev.weft.support.Trail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** State, nodes and event queries shared by the retry tests. */
final class RetryFixtures {
  private RetryFixtures() {}

  /**
   * A node that fails transiently until attempt {@code succeedsOn}, then adds {@code
   * label@attempt:draw} with a draw from {@code ctx.random()}; {@code attempts} records every
   * attempt it saw.
   */
  static Node<Trail> flaky(String label, int succeedsOn, List<Integer> attempts) {
    return (state, ctx) -> {
      attempts.add(ctx.attempt());
      if (ctx.attempt() < succeedsOn) {
        throw new TransientException(label + " unavailable (attempt " + ctx.attempt() + ")");
      }
      return NodeResult.next(
          Trail.of(label + "@" + ctx.attempt() + ":" + ctx.random().nextInt(1_000)));
    };
  }

  static Node<Trail> flaky(String label, int succeedsOn) {
    return flaky(label, succeedsOn, new CopyOnWriteArrayList<>());
  }

  /** A node that adds its label and counts its calls. */
  static Node<Trail> step(String label, AtomicInteger calls) {
    return (state, ctx) -> {
      calls.incrementAndGet();
      return NodeResult.next(Trail.of(label));
    };
  }

  static Node<Trail> step(String label) {
    return step(label, new AtomicInteger());
  }

  /** The {@code delayNanos} of every RETRY_SCHEDULED event of {@code runId}, in emission order. */
  static List<Long> delays(BufferedEmitter events, String runId) {
    List<Long> out = new ArrayList<>();
    for (Event e : events.query(runId, null, EventType.RETRY_SCHEDULED)) {
      out.add((Long) e.attribute("delayNanos"));
    }
    return out;
  }

  /** Delays keyed by {@code node#failedAttempt}: comparable whatever order events arrived in. */
  static Map<String, Long> delaysByAttempt(BufferedEmitter events, String runId) {
    Map<String, Long> out = new TreeMap<>();
    for (Event e : events.query(runId, null, EventType.RETRY_SCHEDULED)) {
      out.put(e.nodeId() + "#" + e.attempt(), (Long) e.attribute("delayNanos"));
    }
    return out;
  }

  static List<Event> events(BufferedEmitter events, String runId, String nodeId, EventType type) {
    return events.query(runId, nodeId, type);
  }

  /** Counts {@link EngineMetrics#retryScheduled} per node. */
  static final class RetryCounter implements EngineMetrics {
    final Map<String, AtomicInteger> retries = new ConcurrentHashMap<>();

    @Override
    public void retryScheduled(String nodeId) {
      retries.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
    }

    Map<String, Integer> snapshot() {
      Map<String, Integer> out = new TreeMap<>();
      retries.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }
  }
}
