package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.RunAlreadyExistsException;
import dev.weft.support.Trail;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two {@code engine.run(sameId)} released at the same instant: exactly one runs. */
class RunCreationRaceTest {
  @Test
  void oneOfTwoSimultaneousRunsOfOneIdRunsTheOtherIsRefused() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    Graph<Trail> g =
        Graph.<Trail>builder(Trail::merge)
            .node(
                "a",
                (s, ctx) -> {
                  executions.incrementAndGet();
                  return NodeResult.stop(Trail.of("a"));
                })
            .start("a")
            .build();
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine<Trail> engine = Engine.builder(g).store(store).build();
    int repetitions = 500;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int i = 0; i < repetitions; i++) {
        String runId = "race-" + i;
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<Object>> both = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
          both.add(
              pool.submit(
                  () -> {
                    barrier.await();
                    try {
                      return engine.run(runId, Trail.of());
                    } catch (RunAlreadyExistsException e) {
                      return e;
                    }
                  }));
        }
        Object first = both.get(0).get();
        Object second = both.get(1).get();
        assertThat(List.of(first, second))
            .as("repetition %d", i)
            .satisfiesOnlyOnce(o -> assertThat(o).isEqualTo(Trail.of("a")))
            .satisfiesOnlyOnce(o -> assertThat(o).isInstanceOf(RunAlreadyExistsException.class));
        assertThat(store.history(runId)).hasSize(2);
      }
    }
    assertThat(executions).hasValue(repetitions);
  }
}
