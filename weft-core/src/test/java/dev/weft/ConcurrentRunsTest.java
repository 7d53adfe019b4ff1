package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.EventDigest;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many runs at once on one engine do not interfere: each matches the same run done alone. */
class ConcurrentRunsTest {
  static final int RUNS = 100;

  /** What one run left behind. */
  record Result(Trail state, List<Checkpoint<Trail>> history, Map<Long, List<String>> events) {}

  /** An engine with its own store and event buffer. */
  record Setup(Engine<Trail> engine, InMemoryCheckpointStore<Trail> store, BufferedEmitter events) {
    Result result(String runId, Trail state) {
      return new Result(state, store.history(runId), EventDigest.perStep(events.byRun(runId)));
    }
  }

  /**
   * plan sends three documents to fetch (flaky, retried) and goes on to audit; the fetches fan in
   * to index; index and audit join into summarize, which loops three times before publish.
   */
  static Graph<Trail> workflow() {
    return Graph.builder(Trail::merge)
        .node(
            "plan",
            (s, ctx) ->
                NodeResult.send(
                    Trail.of("plan"),
                    Route.Branch.of("fetch", Trail.of("doc0")),
                    Route.Branch.of("fetch", Trail.of("doc1")),
                    Route.Branch.of("fetch", Trail.of("doc2"))))
        .node(
            "fetch",
            (doc, ctx) -> {
              Random r = ctx.random();
              Thread.sleep(r.nextInt(3));
              if (r.nextInt(3) == 0) {
                throw new TransientException(
                    "fetch of " + doc.items() + " failed on attempt " + ctx.attempt());
              }
              return NodeResult.next(
                  Trail.of("fetched " + doc.items().getFirst() + "#" + r.nextInt(100)));
            },
            NodePolicy.builder()
                .retry(
                    RetryPolicy.builder()
                        .maxAttempts(8)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                        .build())
                .build())
        .node("audit", (s, ctx) -> NodeResult.next(Trail.of("audit#" + ctx.random().nextInt(100))))
        .node("index", (s, ctx) -> NodeResult.next(Trail.of("index " + s.size())))
        .node(
            "summarize",
            (s, ctx) -> {
              Thread.sleep(ctx.random().nextInt(2));
              return NodeResult.next(Trail.of("sum"));
            })
        .node("publish", (s, ctx) -> NodeResult.stop(Trail.of("published " + s.items().hashCode())))
        .routes("plan", "fetch")
        .edge("plan", "audit")
        .edge("fetch", "index")
        .join(List.of("index", "audit"), "summarize")
        .edge("summarize", "summarize", s -> s.count("sum") < 3)
        .edge("summarize", "publish", s -> true)
        .start("plan")
        .build();
  }

  static Setup setup(int concurrency) {
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    BufferedEmitter events = new BufferedEmitter(1_000_000);
    Engine<Trail> engine =
        Engine.builder(workflow())
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .emitter(events)
            .build();
    return new Setup(engine, store, events);
  }

  static List<Result> oneAfterAnother(int concurrency) {
    Setup s = setup(concurrency);
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      results.add(s.result("run-" + i, s.engine().run("run-" + i, Trail.of())));
    }
    return results;
  }

  @Test
  void aHundredRunAsyncRunsAtOnceMatchTheSameRunsOneAfterAnother() throws Exception {
    List<Result> expected = oneAfterAnother(4);
    Setup shared = setup(4);

    List<CompletableFuture<Trail>> futures = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      futures.add(shared.engine().runAsync("run-" + i, Trail.of()));
    }
    for (int i = 0; i < RUNS; i++) {
      Trail state = futures.get(i).get(60, TimeUnit.SECONDS);
      assertThat(shared.result("run-" + i, state)).as("run-%d", i).isEqualTo(expected.get(i));
    }
    assertThat(shared.events().dropped()).isZero();
    assertThat(new HashSet<>(expected.stream().map(Result::state).toList()))
        .as("different run ids give different runs, so the comparison means something")
        .hasSizeGreaterThan(50);
    assertThat(
            expected.stream()
                .mapToLong(
                    r ->
                        r.events().values().stream()
                            .flatMap(List::stream)
                            .filter(e -> e.startsWith("RETRY_SCHEDULED"))
                            .count())
                .sum())
        .isPositive();
  }

  @Test
  void aHundredSequentialModeRunsOnAThreadPoolMatchTheSameRunsOneAfterAnother() throws Exception {
    List<Result> expected = oneAfterAnother(0);
    Setup shared = setup(0);

    List<Future<Trail>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < RUNS; i++) {
        String runId = "run-" + i;
        futures.add(pool.submit(() -> shared.engine().run(runId, Trail.of())));
      }
      for (int i = 0; i < RUNS; i++) {
        Trail state = futures.get(i).get(60, TimeUnit.SECONDS);
        assertThat(shared.result("run-" + i, state)).as("run-%d", i).isEqualTo(expected.get(i));
      }
    }
  }
}
