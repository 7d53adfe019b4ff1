package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Outcome;
import dev.weft.support.RandomGraph;
import dev.weft.support.Trail;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Failure containment over random graphs: one node breaks, the run fails, the store keeps the last
 * good step, and resume after the fix reaches the uninterrupted run's final state and history
 * without running any finished attempt twice.
 */
class ResumeProperties {

  @Provide
  Arbitrary<RandomGraph> graphs() {
    return Combinators.combine(Arbitraries.integers().between(2, 12), Arbitraries.longs())
        .as((size, seed) -> RandomGraph.generate(size, seed, 2));
  }

  @Provide
  Arbitrary<Integer> concurrency() {
    return Arbitraries.of(0, 1, 2, 8, 64);
  }

  @Property(tries = 120)
  void resumeAfterFixingABrokenNodeFinishesLikeAnUninterruptedRun(
      @ForAll("graphs") RandomGraph spec,
      @ForAll @IntRange(min = 0, max = 11) int victimIndex,
      @ForAll("concurrency") int concurrency) {
    Outcome reference = Outcome.of(spec.build(), 0, "resume-1", DeterminismProperties.MAX_STEPS);
    Assume.that(reference.failure() == null);
    String victim = "n" + (victimIndex % spec.nodes().size());
    AtomicBoolean broken = new AtomicBoolean(true);
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    Graph<Trail> graph =
        spec.build(
            (id, node) ->
                (s, ctx) -> {
                  calls.merge(ctx.idempotencyKey() + "#" + ctx.attempt(), 1, Integer::sum);
                  if (id.equals(victim) && broken.get()) {
                    throw new IllegalStateException("broken " + id);
                  }
                  return node.apply(s, ctx);
                });
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(concurrency)
                    .maxSteps(DeterminismProperties.MAX_STEPS)
                    .build())
            .store(store)
            .build();

    RunResult<Trail> result = null;
    try {
      result = runThroughPauses(engine, engine.runForResult("resume-1", Trail.of()));
    } catch (NodeFailedException e) {
      assertThat(e.nodeId()).isEqualTo(victim);
      Checkpoint<Trail> saved = store.load("resume-1").orElseThrow();
      assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
      assertThat(saved.step()).isEqualTo(e.step());
      assertThat(saved.state()).isEqualTo(reference.history().get((int) e.step()).state());
      assertThat(saved.frontier()).extracting(Activation::nodeId).contains(victim);
      broken.set(false);
      result = runThroughPauses(engine, engine.resumeForResult("resume-1"));
    }
    Statistics.label("the broken node failed the run").collect(!broken.get());

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.state()).isEqualTo(reference.state());
    assertThat(store.history("resume-1")).isEqualTo(reference.history());
    calls.forEach(
        (attempt, n) -> {
          int allowed = attempt.contains("/" + victim + "/") ? 2 : 1;
          assertThat(n).as("calls of %s", attempt).isLessThanOrEqualTo(allowed);
        });
  }

  /**
   * A fork from any committed step of a run, at any concurrency, without an edit reproduces the
   * origin's later history and final state; with an edit it gives the same result at every
   * concurrency; the origin's history is untouched either way.
   */
  @Property(tries = 80)
  void aForkFromAnyCommittedStepReproducesTheOriginAtEveryConcurrency(
      @ForAll("graphs") RandomGraph spec,
      @ForAll @IntRange(min = 0, max = 1000) int stepPick,
      @ForAll("concurrency") int concurrency) {
    Graph<Trail> graph = spec.build();
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine<Trail> sequential = engine(graph, store, 0);
    RunResult<Trail> origin;
    try {
      origin = runThroughPauses(sequential, sequential.runForResult("origin", Trail.of()));
    } catch (WeftException e) {
      Assume.that(false);
      return;
    }
    java.util.List<Checkpoint<Trail>> history = store.history("origin");
    String before = history.toString();
    long atStep = history.get(stepPick % history.size()).step();
    Engine<Trail> engine = engine(graph, store, concurrency);

    RunResult<Trail> fork = runThroughPauses(engine, engine.fork("origin", atStep, "fork"));

    assertThat(fork.state()).isEqualTo(origin.state());
    java.util.List<Checkpoint<Trail>> forked = store.history("fork");
    assertThat(forked.getFirst().step()).isEqualTo(atStep);
    for (Checkpoint<Trail> c : forked.subList(1, forked.size())) {
      Checkpoint<Trail> o = history.get((int) c.step());
      assertThat(c.state()).as("state at %d", c.step()).isEqualTo(o.state());
      assertThat(c.frontier()).as("frontier at %d", c.step()).isEqualTo(o.frontier());
      assertThat(c.status()).as("status at %d", c.step()).isEqualTo(o.status());
    }
    assertThat(forked).hasSize(history.size() - (int) atStep);

    Object edited = editedFork(engine, atStep);
    // Same committed step + same input in another store, sequentially: the same result.
    InMemoryCheckpointStore<Trail> other = new InMemoryCheckpointStore<>();
    other.create(history.get((int) atStep));
    assertThat(editedFork(engine(graph, other, 0), atStep)).isEqualTo(edited);
    assertThat(store.history("edited")).isEqualTo(other.history("edited"));
    if (edited instanceof Trail t) {
      assertThat(t.items()).contains("edit");
    }
    assertThat(store.history("origin").toString()).isEqualTo(before);
    Statistics.label("fork step").collect(atStep == 0 ? "0" : atStep < 5 ? "1-4" : "5+");
  }

  /** The final state of fork "edited" (edit "edit"), or its failure's type and message. */
  private static Object editedFork(Engine<Trail> engine, long atStep) {
    try {
      return runThroughPauses(engine, engine.fork("origin", atStep, "edited", Trail.of("edit")))
          .state();
    } catch (WeftException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static Engine<Trail> engine(
      Graph<Trail> graph, InMemoryCheckpointStore<Trail> store, int concurrency) {
    return Engine.builder(graph)
        .options(
            Options.builder()
                .maxConcurrentNodes(concurrency)
                .maxSteps(DeterminismProperties.MAX_STEPS)
                .build())
        .store(store)
        .build();
  }

  private static RunResult<Trail> runThroughPauses(Engine<Trail> engine, RunResult<Trail> r) {
    while (r.status() == RunStatus.PAUSED) {
      r = engine.resumeForResult(r.runId());
    }
    return r;
  }
}
