package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.support.Trail;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thread dump tells the coordinator of a run from its workers, and names the run. */
class ThreadNamesTest {
  private final Set<String> nodeThreads = ConcurrentHashMap.newKeySet();
  private final Set<String> coordinatorThreads = ConcurrentHashMap.newKeySet();

  private Engine<Trail> engine(int concurrency) {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "work",
                (s, ctx) -> {
                  nodeThreads.add(Thread.currentThread().getName());
                  return NodeResult.stop(Trail.of("done"));
                })
            .start("work")
            .build();
    return Engine.builder(graph)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .emitter(
            e -> {
              if (e.type() == EventType.RUN_COMPLETED) { // emitted by the coordinator
                coordinatorThreads.add(Thread.currentThread().getName());
              }
            })
        .build();
  }

  @Test
  void concurrentRunsUseNamedCoordinatorAndWorkerThreads() {
    engine(4).run("names-1", Trail.of());

    assertThat(nodeThreads).containsExactly("weft-worker-names-1");
    assertThat(coordinatorThreads).containsExactly("weft-coordinator-names-1");
  }

  @Test
  void anAsyncRunIsCoordinatedOnItsOwnNamedThread() throws Exception {
    engine(0).runAsync("names-2", Trail.of()).get(10, TimeUnit.SECONDS);

    assertThat(coordinatorThreads).containsExactly("weft-coordinator-names-2");
    assertThat(nodeThreads).containsExactly("weft-coordinator-names-2"); // sequential: inline
  }
}
