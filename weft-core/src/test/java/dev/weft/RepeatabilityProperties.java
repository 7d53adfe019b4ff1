package dev.weft;

import dev.weft.support.Outcome;
import dev.weft.support.RandomGraph;
import dev.weft.support.Trail;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** One graph, one run id, 100 runs (cycling through the concurrency settings): one outcome. */
class RepeatabilityProperties {
  static final int REPEATS = 100;

  @Provide
  Arbitrary<RandomGraph> graphs() {
    // Smaller latencies than DeterminismProperties: this property runs each graph 100 times.
    return Combinators.combine(Arbitraries.integers().between(3, 10), Arbitraries.longs())
        .as((size, seed) -> RandomGraph.generate(size, seed, 2));
  }

  @Property(tries = 10)
  void aHundredRunsWithTheSameRunIdAgree(@ForAll("graphs") RandomGraph spec) {
    Graph<Trail> graph = spec.build();
    Outcome first = Outcome.of(graph, 8, "repeat-1", DeterminismProperties.MAX_STEPS);
    for (int i = 1; i < REPEATS; i++) {
      int concurrency =
          DeterminismProperties.CONCURRENCY[i % DeterminismProperties.CONCURRENCY.length];
      Outcome.of(graph, concurrency, "repeat-1", DeterminismProperties.MAX_STEPS)
          .assertSameAs(first, "repeat " + i + " at maxConcurrentNodes " + concurrency);
    }
    DeterminismProperties.collect(spec, first);
  }
}
