package dev.weft;

import static dev.weft.support.Nodes.mark;
import static dev.weft.support.Nodes.markAndStop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Nodes.Calls;
import dev.weft.support.Trail;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Joins (wait for every source) and fan-in (one run per node per step). */
class JoinsTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
  private final Calls calls = new Calls();

  private Engine<Trail> engine(Graph<Trail> graph, int concurrency) {
    return Engine.builder(graph)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void joinRunsItsTargetOnceAfterSourcesOfTheSameStep(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", mark())
            .node("a", mark())
            .node("b", mark())
            .node("j", calls.counting(markAndStop()))
            .edge("s", "a")
            .edge("s", "b")
            .join(List.of("a", "b"), "j")
            .start("s")
            .build();

    List<String> items = engine(g, concurrency).run("r", Trail.of()).items();

    assertThat(items).containsExactlyInAnyOrder("s@0", "a@1", "b@1", "j@2");
    assertThat(calls.of("j")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void joinWaitsForSourcesArrivingInDifferentSteps(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", mark())
            .node("fast", mark())
            .node("slow1", mark())
            .node("slow2", mark())
            .node("slow3", mark())
            .node("j", calls.counting(markAndStop()))
            .edge("s", "fast")
            .edge("s", "slow1")
            .edge("slow1", "slow2")
            .edge("slow2", "slow3")
            .join(List.of("fast", "slow3"), "j")
            .start("s")
            .build();

    List<String> items = engine(g, concurrency).run("r", Trail.of()).items();

    // fast arrives in step 1, slow3 in step 3: j runs in step 4, not before, and once.
    assertThat(items)
        .containsExactlyInAnyOrder("s@0", "fast@1", "slow1@1", "slow2@2", "slow3@3", "j@4");
    assertThat(items.getLast()).isEqualTo("j@4");
    assertThat(calls.of("j")).isEqualTo(1);
    List<Checkpoint<Trail>> history = store.history("r");
    assertThat(history.get(2).joinArrivals()).isEqualTo(Map.of("j", Set.of("fast")));
    assertThat(history.get(3).joinArrivals()).isEqualTo(Map.of("j", Set.of("fast")));
    assertThat(history.get(5).joinArrivals()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void joinNeverFiresWhileASourceHasNotArrived(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", mark())
            .node("a", mark())
            .node("b", markAndStop()) // stop: b never arrives at the join
            .node("j", calls.counting(markAndStop()))
            .edge("s", "a")
            .edge("s", "b")
            .join(List.of("a", "b"), "j")
            .start("s")
            .build();

    RunResult<Trail> r = engine(g, concurrency).runForResult("r", Trail.of());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(calls.of("j")).isZero();
    assertThat(store.load("r").orElseThrow().joinArrivals()).isEqualTo(Map.of("j", Set.of("a")));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void joinStateSurvivesAResume(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", mark())
            .node("a", mark())
            .node("b", (s, ctx) -> NodeResult.interrupt(Trail.of("b@" + ctx.step()), "wait"))
            .node("b2", mark())
            .node("j", calls.counting(markAndStop()))
            .edge("s", "a")
            .edge("s", "b")
            .edge("b", "b2")
            .join(List.of("a", "b2"), "j")
            .start("s")
            .build();
    Engine<Trail> engine = engine(g, concurrency);

    assertThat(engine.runForResult("r", Trail.of()).status()).isEqualTo(RunStatus.PAUSED);
    assertThat(store.load("r").orElseThrow().joinArrivals()).isEqualTo(Map.of("j", Set.of("a")));

    List<String> items = engine.resume("r").items();

    assertThat(items).containsExactlyInAnyOrder("s@0", "a@1", "b@1", "b2@2", "j@3");
    assertThat(calls.of("j")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aNodeNamedBySeveralActivationsOfOneStepRunsOnce(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", (s, ctx) -> NodeResult.goTo(Trail.of("s"), "a", "b", "c"))
            .node("a", mark())
            .node("b", mark())
            .node("c", (s, ctx) -> NodeResult.goTo(Trail.of("c@" + ctx.step()), "d", "d"))
            .node("d", calls.counting(markAndStop()))
            .routes("s", "a", "b", "c")
            .edge("a", "d")
            .edge("b", "d")
            .routes("c", "d")
            .start("s")
            .build();

    List<String> items = engine(g, concurrency).run("r", Trail.of()).items();

    assertThat(calls.of("d")).isEqualTo(1);
    assertThat(items).containsExactlyInAnyOrder("s", "a@1", "b@1", "c@1", "d@2");
    assertThat(store.history("r").get(2).frontier()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aNodeNamedInDifferentStepsRunsInEach(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", mark())
            .node("a", mark())
            .node("a2", mark())
            .node("d", calls.counting(markAndStop()))
            .edge("s", "a")
            .edge("s", "d")
            .edge("a", "a2")
            .edge("a2", "d")
            .start("s")
            .build();

    List<String> items = engine(g, concurrency).run("r", Trail.of()).items();

    assertThat(calls.of("d")).isEqualTo(2);
    assertThat(items).contains("d@1", "d@3");
  }
}
