package dev.weft.examples;

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
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure: {@code split} fans out to 50 {@code enrich} activations, but only 4 run at once and
 * 8 may wait in the queue, so the coordinator keeps finding the queue full. The example prints the
 * {@code BACKPRESSURE} / {@code BACKPRESSURE_RESOLVED} events and the run's {@link RunStats}. Then
 * the enrichment service slows down past {@code backpressureTimeout}: the run is checkpointed with
 * its whole frontier and fails with {@link BackpressureTimeoutException}, and {@code resume}
 * finishes it without enriching any product twice.
 */
public final class BackpressureExample {
  private BackpressureExample() {}

  private static final int PRODUCTS = 50;
  private static final int SHOWN = 4;

  /** The state: the products to enrich and the enriched ones, in order-key order. */
  record Catalog(List<String> skus, List<String> enriched) {
    static Catalog of(List<String> skus) {
      return new Catalog(skus, List.of());
    }

    Catalog merge(Catalog d) {
      List<String> all = new ArrayList<>(enriched);
      all.addAll(d.enriched);
      return new Catalog(skus, all);
    }
  }

  /** The enrichment service: each call takes {@code latencyMillis}. */
  static final class Service {
    volatile long latencyMillis;
    final AtomicInteger calls = new AtomicInteger();

    Service(long latencyMillis) {
      this.latencyMillis = latencyMillis;
    }
  }

  static Graph<Catalog> graph(Service service) {
    return Graph.builder(Catalog::merge)
        .node(
            "split",
            (catalog, ctx) -> {
              List<Branch<Catalog>> branches = new ArrayList<>();
              for (String sku : catalog.skus()) {
                branches.add(Branch.of("enrich", Catalog.of(List.of(sku))));
              }
              return NodeResult.send(null, branches);
            })
        .node(
            "enrich",
            (product, ctx) -> {
              service.calls.incrementAndGet();
              Thread.sleep(service.latencyMillis);
              return NodeResult.next(new Catalog(List.of(), List.of(product.skus().getFirst())));
            })
        .node("publish", (catalog, ctx) -> NodeResult.stop(null))
        .routes("split", "enrich")
        .edge("enrich", "publish")
        .start("split")
        .build();
  }

  static Catalog catalog() {
    List<String> skus = new ArrayList<>();
    for (int i = 1; i <= PRODUCTS; i++) {
      skus.add(String.format("sku-%02d", i));
    }
    return Catalog.of(skus);
  }

  public static void run() {
    saturate();
    System.out.println();
    timeoutAndResume();
  }

  /** A 50-way fan-out through 4 workers and an 8-slot queue. */
  private static void saturate() {
    BufferedEmitter events = new BufferedEmitter(10_000);
    Engine<Catalog> engine =
        Engine.builder(graph(new Service(20)))
            .options(Options.builder().maxConcurrentNodes(4).queueDepth(8).build())
            .emitter(events)
            .build();

    RunResult<Catalog> result = engine.runForResult("catalog-1", catalog());

    System.out.printf(
        "enriched %d products with 4 workers and a queue of 8%n", result.state().enriched().size());
    List<Event> waits = events.query("catalog-1", null, EventType.BACKPRESSURE);
    List<Event> resolved = events.query("catalog-1", null, EventType.BACKPRESSURE_RESOLVED);
    for (int i = 0; i < Math.min(SHOWN, waits.size()); i++) {
      Event w = waits.get(i);
      System.out.printf(
          "  BACKPRESSURE step %d node '%s' queue %s/%s, %s in flight -> resolved after %.1f ms%n",
          w.step(),
          w.nodeId(),
          w.attribute("depth"),
          w.attribute("capacity"),
          w.attribute("inFlight"),
          (Long) resolved.get(i).attribute("waitNanos") / 1e6);
    }
    if (waits.size() > SHOWN) {
      System.out.printf("  … and %d more waits%n", waits.size() - SHOWN);
    }
    RunStats s = result.stats();
    System.out.printf(
        "stats: %d waits, %d ms waited, peak queue depth %d, peak in flight %d, "
            + "enqueued %d, dequeued %d, %d steps%n",
        s.backpressureEvents(),
        s.backpressureWait().toMillis(),
        s.peakQueueDepth(),
        s.peakInFlight(),
        s.enqueued(),
        s.dequeued(),
        s.steps());
  }

  /** The service slows past the backpressure timeout; the run is checkpointed, then resumed. */
  private static void timeoutAndResume() {
    Service service = new Service(300);
    InMemoryCheckpointStore<Catalog> store = new InMemoryCheckpointStore<>();
    BufferedEmitter events = new BufferedEmitter(10_000);
    Engine<Catalog> engine =
        Engine.builder(graph(service))
            .options(
                Options.builder()
                    .maxConcurrentNodes(4)
                    .queueDepth(8)
                    .backpressureTimeout(Duration.ofMillis(100))
                    .build())
            .store(store)
            .emitter(events)
            .build();

    try {
      engine.run("catalog-2", catalog());
    } catch (BackpressureTimeoutException e) {
      System.out.println("run failed: " + e.getMessage());
    }
    Event timeout = events.query("catalog-2", null, EventType.BACKPRESSURE_TIMEOUT).getFirst();
    System.out.printf(
        "  BACKPRESSURE_TIMEOUT node '%s' queue %s/%s after %.1f ms%n",
        timeout.nodeId(),
        timeout.attribute("depth"),
        timeout.attribute("capacity"),
        (Long) timeout.attribute("waitNanos") / 1e6);
    Checkpoint<Catalog> saved = store.load("catalog-2").orElseThrow();
    System.out.printf(
        "checkpoint: status %s, step %d, %d activations in the frontier, %d already done%n",
        saved.status(), saved.step(), saved.frontier().size(), saved.completed().size());

    service.latencyMillis = 2; // the service recovered
    RunResult<Catalog> resumed = engine.resumeForResult("catalog-2");
    System.out.printf(
        "resumed: %s, %d products enriched, %d service calls in all (one per product)%n",
        resumed.status(), resumed.state().enriched().size(), service.calls.get());
  }

  public static void main(String[] args) {
    run();
  }
}
