package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.BackpressureTimeoutException;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.Route.Branch;
import dev.weft.RunResult;
import dev.weft.RunStats;
import dev.weft.emit.AsyncEmitter;
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.EngineMetrics;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The snippets of docs/backpressure.md, compiled and run. */
class BackpressureDoc {
  /** A document split into parts; each part is processed on its own. */
  record Doc(List<String> parts, List<String> done) {
    static Doc of(List<String> parts) {
      return new Doc(parts, List.of());
    }

    Doc merge(Doc d) {
      List<String> all = new ArrayList<>(done);
      all.addAll(d.done);
      return new Doc(parts, all);
    }
  }

  private static final Doc INPUT =
      Doc.of(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "part-" + i).toList());

  /** {@code split} sends one branch per part to {@code process}, which takes {@code millis[0]}. */
  private static Graph<Doc> graph(long[] millis, AtomicInteger calls) {
    return Graph.builder(Doc::merge)
        .node(
            "split",
            (doc, ctx) -> {
              List<Branch<Doc>> branches = new ArrayList<>();
              for (String part : doc.parts()) {
                branches.add(Branch.of("process", Doc.of(List.of(part))));
              }
              return NodeResult.send(null, branches);
            })
        .node(
            "process",
            (part, ctx) -> {
              calls.incrementAndGet();
              Thread.sleep(millis[0]);
              return NodeResult.stop(new Doc(List.of(), part.parts()));
            })
        .routes("split", "process")
        .start("split")
        .build();
  }

  // region metrics
  /** Keeps the backpressure measurements a dashboard needs. */
  static final class QueueMetrics implements EngineMetrics {
    final LongAdder waits = new LongAdder(); // weft_backpressure_events_total
    final LongAdder waitedNanos = new LongAdder(); // weft_backpressure_wait_seconds (sum)
    final AtomicInteger depth = new AtomicInteger(); // weft_queue_depth
    final AtomicInteger inFlight = new AtomicInteger(); // weft_inflight_nodes
    volatile int capacity; // weft_queue_capacity

    @Override
    public void backpressureStarted() {
      waits.increment();
    }

    @Override
    public void backpressureResolved(long waitNanos) {
      waitedNanos.add(waitNanos);
    }

    @Override
    public void queueDepthChanged(int delta) {
      depth.addAndGet(delta);
    }

    @Override
    public void queueCapacity(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void inFlightChanged(int delta) {
      inFlight.addAndGet(delta);
    }
  }

  // endregion

  @Test
  void observeBackpressure() {
    Graph<Doc> graph = graph(new long[] {1}, new AtomicInteger());
    QueueMetrics metrics = new QueueMetrics();
    // region options
    Options options =
        Options.builder()
            .maxConcurrentNodes(8) // attempts running at once
            .queueDepth(64) // admitted activations waiting for a worker
            .backpressureTimeout(Duration.ofSeconds(30)) // longest wait for queue space
            .build();
    // endregion

    // region events
    BufferedEmitter recent = new BufferedEmitter(10_000);
    AsyncEmitter events =
        new AsyncEmitter(recent, 10_000); // a slow sink never blocks the coordinator
    Engine<Doc> engine =
        Engine.builder(graph).options(options).emitter(events).metrics(metrics).build();
    RunResult<Doc> result = engine.runForResult("import-7", INPUT);
    events.close(); // delivers what is queued
    for (Event e : recent.query("import-7", null, EventType.BACKPRESSURE)) {
      System.out.printf(
          "step %d: '%s' waits, queue %s/%s, %s in flight%n",
          e.step(),
          e.nodeId(),
          e.attribute("depth"),
          e.attribute("capacity"),
          e.attribute("inFlight"));
    }
    // endregion

    // region stats
    RunStats stats = result.stats();
    System.out.printf(
        "%d waits, %d ms in all; peak queue %d of 64, peak in flight %d of 8%n",
        stats.backpressureEvents(),
        stats.backpressureWait().toMillis(),
        stats.peakQueueDepth(),
        stats.peakInFlight());
    // endregion
    assertThat(stats.backpressureEvents()).isPositive().isEqualTo(metrics.waits.sum());
    assertThat(stats.peakQueueDepth()).isEqualTo(64);
    assertThat(stats.peakInFlight()).isEqualTo(8);
    assertThat(recent.byType(EventType.BACKPRESSURE)).hasSize((int) stats.backpressureEvents());
    assertThat(metrics.capacity).isEqualTo(64);
    assertThat(metrics.depth.get()).isZero();
    assertThat(metrics.inFlight.get()).isZero();
  }

  @Test
  void timeoutAndResume() {
    long[] millis = {200};
    AtomicInteger calls = new AtomicInteger();
    Graph<Doc> graph = graph(millis, calls);
    InMemoryCheckpointStore<Doc> store = new InMemoryCheckpointStore<>();
    Engine<Doc> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(8)
                    .queueDepth(16)
                    .backpressureTimeout(Duration.ofMillis(50))
                    .build())
            .store(store)
            .build();
    // region timeout
    Doc done;
    try {
      done = engine.run("import-8", INPUT);
    } catch (BackpressureTimeoutException e) {
      System.out.println(e.getMessage()); // which node waited, for how long, queue depth/capacity
      // The run is checkpointed with its whole frontier. Resume it later, here with more workers:
      Engine<Doc> roomier =
          Engine.builder(graph)
              .options(Options.builder().maxConcurrentNodes(64).queueDepth(1024).build())
              .store(store)
              .build();
      done = roomier.resume(e.runId());
    }
    // endregion
    assertThat(done.done()).hasSize(100);
    assertThat(calls.get()).isEqualTo(100); // no part processed twice
  }
}
