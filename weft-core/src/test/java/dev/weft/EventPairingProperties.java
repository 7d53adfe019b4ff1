package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.emit.BufferedEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.RandomGraph;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Every {@code NODE_STARTED} has exactly one end event ({@code NODE_SUCCEEDED}, {@code NODE_FAILED}
 * or {@code NODE_CANCELLED}) whatever stops the run: completion, a cancel at a random moment, or a
 * run budget that runs out mid-step; at every concurrency setting.
 */
class EventPairingProperties {
  private static final Set<EventType> ENDS =
      Set.of(EventType.NODE_SUCCEEDED, EventType.NODE_FAILED, EventType.NODE_CANCELLED);

  @Provide
  Arbitrary<RandomGraph> graphs() {
    return Combinators.combine(Arbitraries.integers().between(2, 10), Arbitraries.longs())
        .as((size, seed) -> RandomGraph.generate(size, seed, 4));
  }

  @Provide
  Arbitrary<Integer> concurrency() {
    return Arbitraries.of(0, 1, 2, 8);
  }

  @Property(tries = 60)
  void everyStartedAttemptEndsOnceWhenTheRunIsCancelled(
      @ForAll("graphs") RandomGraph spec,
      @ForAll @IntRange(min = 1, max = 12) int cancelAtStart,
      @ForAll("concurrency") int concurrency,
      @ForAll boolean warm)
      throws Exception {
    BufferedEmitter events = new BufferedEmitter(100_000);
    AtomicReference<CompletableFuture<Trail>> future = new AtomicReference<>();
    AtomicInteger starts = new AtomicInteger();
    AtomicBoolean warmingUp = new AtomicBoolean(warm);
    Emitter cancelling =
        e -> {
          events.emit(e);
          if (e.type() == EventType.NODE_STARTED
              && !warmingUp.get()
              && starts.incrementAndGet() >= cancelAtStart) {
            CompletableFuture<Trail> f = future.get();
            if (f != null) {
              f.cancel(true);
            }
          }
        };
    Engine<Trail> engine = engine(spec, concurrency, cancelling, Options.builder());
    if (warm) { // the engine learns which nodes run short; their attempts may then run inline
      runToTheEnd(engine, "warm-up");
      warmingUp.set(false);
    }

    CompletableFuture<Trail> run = engine.runAsync("p", Trail.of());
    future.set(run);
    if (starts.get() >= cancelAtStart) {
      run.cancel(true);
    }
    awaitEnd(events, "p");

    assertPaired(events.all());
    Statistics.label("warm engine").collect(warm);
    Statistics.label("cancelled")
        .collect(!events.byType(EventType.NODE_CANCELLED).isEmpty() ? "mid-attempt" : "between");
  }

  @Property(tries = 40)
  void everyStartedAttemptEndsOnceWhenTheBudgetRunsOut(
      @ForAll("graphs") RandomGraph spec,
      @ForAll @IntRange(min = 1, max = 15) int budgetMillis,
      @ForAll("concurrency") int concurrency) {
    BufferedEmitter events = new BufferedEmitter(100_000);
    Engine<Trail> engine =
        engine(
            spec,
            concurrency,
            events,
            Options.builder().runWallClockBudget(Duration.ofMillis(budgetMillis)));
    Statistics.label("stopped by").collect(runToTheEnd(engine, "b"));
    assertPaired(events.all());
  }

  /** Runs {@code runId} through its pauses; returns the failure's simple name, or "nothing". */
  private static String runToTheEnd(Engine<Trail> engine, String runId) {
    try {
      RunResult<Trail> r = engine.runForResult(runId, Trail.of());
      while (r.status() == RunStatus.PAUSED) {
        r = engine.resumeForResult(runId);
      }
      return "nothing";
    } catch (RunFailedException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static Engine<Trail> engine(
      RandomGraph spec, int concurrency, Emitter emitter, Options.Builder options) {
    return Engine.builder(spec.build())
        .options(
            options
                .maxConcurrentNodes(concurrency)
                .maxSteps(DeterminismProperties.MAX_STEPS)
                .build())
        .store(new InMemoryCheckpointStore<>())
        .emitter(emitter)
        .build();
  }

  /** Starts and ends per (step, node, attempt) are equal in number, and no end comes first. */
  private static void assertPaired(List<Event> all) {
    Map<String, Integer> open = new TreeMap<>();
    for (Event e : all) {
      String key = e.runId() + "/" + e.step() + "/" + e.nodeId() + "#" + e.attempt();
      if (e.type() == EventType.NODE_STARTED) {
        open.merge(key, 1, Integer::sum);
      } else if (ENDS.contains(e.type())) {
        int left = open.merge(key, -1, Integer::sum);
        assertThat(left).as("%s ended more often than it started", key).isNotNegative();
      }
    }
    open.values().removeIf(n -> n == 0);
    assertThat(open).as("attempts started and never ended").isEmpty();
  }

  private static void awaitEnd(BufferedEmitter events, String runId) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      for (Event e : events.byRun(runId)) {
        if (e.type() == EventType.RUN_FAILED
            || e.type() == EventType.RUN_COMPLETED
            || e.type() == EventType.RUN_PAUSED) {
          return;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("run " + runId + " never ended");
  }
}
