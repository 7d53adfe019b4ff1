package dev.weft.cli.progress;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.spi.EngineMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Live counters of the runs of one command: fed by the engine's events (per run and per node) and
 * by its metrics callbacks (queue depth and attempts in flight). Events arrive on worker threads;
 * everything here is atomic, so the engine never waits for the display. Thread-safe.
 */
public final class Progress implements Emitter, EngineMetrics {
  private final Map<String, RunView> runs = new ConcurrentHashMap<>();
  private final List<String> runOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, NodeStats> nodes = new ConcurrentHashMap<>();
  private final List<String> nodeOrder;
  private final AtomicInteger queueDepth = new AtomicInteger();
  private final AtomicInteger peakQueueDepth = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder backpressure = new LongAdder();
  private final long startNanos = System.nanoTime();
  private volatile Consumer<Event> listener = e -> {};

  /** Tracks runs of a graph whose nodes are {@code nodeOrder} (the summary keeps that order). */
  public Progress(List<String> nodeOrder) {
    this.nodeOrder = List.copyOf(nodeOrder);
    for (String n : nodeOrder) {
      nodes.put(n, new NodeStats());
    }
  }

  /** Also hands every event to {@code listener} after counting it (the plain-lines display). */
  public void listen(Consumer<Event> l) {
    this.listener = l;
  }

  /** Registers a run before it starts, so the display lists runs in start order. */
  public RunView track(String runId) {
    return runs.computeIfAbsent(
        runId,
        id -> {
          runOrder.add(id);
          return new RunView(id);
        });
  }

  @Override
  public void emit(Event e) {
    RunView run = track(e.runId());
    NodeStats node =
        e.nodeId() == null ? null : nodes.computeIfAbsent(e.nodeId(), k -> new NodeStats());
    switch (e.type()) {
      case RUN_STARTED, RUN_RESUMED -> {
        run.phase.set(RunView.Phase.RUNNING);
        run.step.set(e.step());
      }
      case NODE_STARTED -> {
        run.inFlight.incrementAndGet();
        run.attempts.increment();
        node.attempts.increment();
      }
      case NODE_SUCCEEDED -> {
        run.inFlight.decrementAndGet();
        node.finished(nanos(e, "durationNanos"));
      }
      case NODE_FAILED -> {
        run.inFlight.decrementAndGet();
        node.failures.increment();
        node.finished(nanos(e, "durationNanos"));
      }
      case NODE_CANCELLED -> run.inFlight.decrementAndGet();
      case NODE_TIMED_OUT -> {
        run.timeouts.increment();
        node.timeouts.increment();
      }
      case RETRY_SCHEDULED -> {
        run.retries.increment();
        node.retries.increment();
      }
      case STEP_COMMITTED -> run.step.set(e.step() + 1);
      case BACKPRESSURE -> backpressure.increment();
      case RUN_COMPLETED -> run.end(RunView.Phase.COMPLETED, "");
      case RUN_PAUSED ->
          run.end(RunView.Phase.PAUSED, String.valueOf(e.attributes().get("reason")));
      case RUN_FAILED -> {
        String error = String.valueOf(e.attributes().get("error"));
        run.end(
            error.equals(dev.weft.RunCancelledException.class.getName())
                ? RunView.Phase.CANCELLED
                : RunView.Phase.FAILED,
            String.valueOf(e.attributes().get("message")));
      }
      default -> {}
    }
    listener.accept(e);
  }

  private static long nanos(Event e, String key) {
    return e.attributes().get(key) instanceof Number n ? n.longValue() : 0L;
  }

  @Override
  public void queueDepthChanged(int delta) {
    int now = queueDepth.addAndGet(delta);
    peakQueueDepth.accumulateAndGet(now, Math::max);
  }

  @Override
  public void inFlightChanged(int delta) {
    inFlight.addAndGet(delta);
  }

  @Override
  public boolean recordsDurations() {
    return true;
  }

  /** The runs tracked, in start order. */
  public List<RunView> runs() {
    List<RunView> list = new ArrayList<>();
    for (String id : runOrder) {
      list.add(runs.get(id));
    }
    return list;
  }

  /** One row per node: the graph's nodes in declaration order. */
  public List<NodeStats.Row> nodeRows() {
    Map<String, NodeStats> ordered = new LinkedHashMap<>();
    nodeOrder.forEach(n -> ordered.put(n, nodes.get(n)));
    nodes.forEach(ordered::putIfAbsent);
    List<NodeStats.Row> rows = new ArrayList<>();
    ordered.forEach((n, s) -> rows.add(s.row(n)));
    return rows;
  }

  /** Activations waiting for a worker now, over all runs. */
  public int queueDepth() {
    return queueDepth.get();
  }

  /** The most activations that waited at once. */
  public int peakQueueDepth() {
    return peakQueueDepth.get();
  }

  /** Attempts running now, over all runs. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Times a coordinator found the queue full. */
  public long backpressureEvents() {
    return backpressure.sum();
  }

  /** Time since this tracker was made. */
  public long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }
}
