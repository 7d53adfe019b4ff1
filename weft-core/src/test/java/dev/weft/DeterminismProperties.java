package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.support.Outcome;
import dev.weft.support.RandomGraph;
import dev.weft.support.Trail;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The determinism contract over random graphs: the same graph and run id give the same final state,
 * step history and per-step event sets at every concurrency setting, whether the engine is fresh or
 * has run the graph before (and so runs short attempts on the coordinator).
 */
class DeterminismProperties {
  static final int[] CONCURRENCY = {0, 1, 2, 8, 64};
  static final int MAX_STEPS = 200;

  @Provide
  Arbitrary<RandomGraph> graphs() {
    return Combinators.combine(Arbitraries.integers().between(2, 12), Arbitraries.longs())
        .as((size, seed) -> RandomGraph.generate(size, seed, 3));
  }

  @Provide
  Arbitrary<String> runIds() {
    return Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(12);
  }

  @Property(tries = 200)
  void everyConcurrencySettingGivesTheSameRun(
      @ForAll("graphs") RandomGraph spec, @ForAll("runIds") String runId) {
    Graph<Trail> graph = spec.build();
    Outcome reference = Outcome.of(graph, CONCURRENCY[0], runId, MAX_STEPS);
    for (int i = 1; i < CONCURRENCY.length; i++) {
      Outcome.of(graph, CONCURRENCY[i], runId, MAX_STEPS)
          .assertSameAs(reference, "maxConcurrentNodes " + CONCURRENCY[i] + " vs 0");
    }
    // A warm engine runs the attempts of nodes that ran short on its coordinator: same run.
    for (int concurrency : new int[] {1, 8}) {
      Outcome.of(graph, concurrency, runId, MAX_STEPS, true)
          .assertSameAs(reference, "warm engine, maxConcurrentNodes " + concurrency + " vs 0");
    }
    assertThat(reference.count(EventType.BACKPRESSURE)).isZero();
    collect(spec, reference);
  }

  /**
   * Same history + same input ⇒ same result: answering every pause with an input gives the same
   * final state, history (inputs included) and events at every concurrency setting, and every
   * answer is in the history as its own input entry.
   */
  @Property(tries = 100)
  void answeringEveryPauseWithAnInputGivesTheSameRunAtEveryConcurrency(
      @ForAll("graphs") RandomGraph spec, @ForAll("runIds") String runId) {
    Graph<Trail> graph = spec.build();
    Outcome reference = Outcome.answering(graph, CONCURRENCY[0], runId, MAX_STEPS);
    for (int i = 1; i < CONCURRENCY.length; i++) {
      Outcome.answering(graph, CONCURRENCY[i], runId, MAX_STEPS)
          .assertSameAs(reference, "answering, maxConcurrentNodes " + CONCURRENCY[i] + " vs 0");
    }
    long inputs = reference.history().stream().filter(c -> c.input().isPresent()).count();
    assertThat(inputs).isEqualTo(reference.pauses());
    assertThat(reference.count(EventType.INPUT_RECEIVED)).isEqualTo(reference.pauses());
    if (reference.state() != null) {
      for (int k = 1; k <= reference.pauses(); k++) {
        assertThat(reference.state().items()).contains("answer-" + k);
      }
    }
    collect(spec, reference);
  }

  static void collect(RandomGraph spec, Outcome o) {
    Statistics.label("joins").collect(!spec.joins().isEmpty());
    Statistics.label("fan-out by send")
        .collect(
            o.events().values().stream()
                .flatMap(java.util.List::stream)
                .anyMatch(e -> e.startsWith("ROUTED ") && e.contains("route=send")));
    Statistics.label("outcome")
        .collect(
            o.failure() == null ? "completed" : o.failure().substring(0, o.failure().indexOf(':')));
    Statistics.label("retried").collect(o.count(EventType.RETRY_SCHEDULED) > 0);
    Statistics.label("paused").collect(o.pauses() > 0);
    Statistics.label("steps")
        .collect(o.history().size() < 5 ? "<5" : o.history().size() < 15 ? "5-14" : "15+");
  }
}
