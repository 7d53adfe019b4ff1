package dev.weft;

import static dev.weft.support.Nodes.mark;
import static dev.weft.support.Nodes.markAndStop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conditional edges: declaration order, first match wins, beside plain edges that all fire. */
class ConditionalEdgesTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();

  private List<String> run(Graph<Trail> g, int concurrency) {
    return Engine.builder(g)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .build()
        .run("r", Trail.of())
        .items();
  }

  private static Graph.Builder<Trail> fork() {
    return Graph.builder(Trail::merge)
        .node("a", mark())
        .node("x", markAndStop())
        .node("y", markAndStop())
        .node("z", markAndStop())
        .start("a");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void theFirstMatchingConditionalEdgeInDeclarationOrderWins(int concurrency) {
    Graph<Trail> xFirst =
        fork()
            .edge("a", "x", s -> s.count("a@0") == 1)
            .edge("a", "y", s -> true)
            .edge("a", "z", s -> true)
            .build();
    Graph<Trail> yFirst =
        fork()
            .edge("a", "y", s -> true)
            .edge("a", "x", s -> s.count("a@0") == 1)
            .edge("a", "z", s -> true)
            .build();

    assertThat(run(xFirst, concurrency)).containsExactly("a@0", "x@1");
    store.delete("r");
    assertThat(run(yFirst, concurrency)).containsExactly("a@0", "y@1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aFalseConditionPassesToTheNextConditionalEdge(int concurrency) {
    Graph<Trail> g =
        fork()
            .edge("a", "x", s -> false)
            .edge("a", "y", s -> true)
            .edge("a", "z", s -> true)
            .build();

    assertThat(run(g, concurrency)).containsExactly("a@0", "y@1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void plainEdgesAllFireBesideTheFirstMatchingConditionalEdge(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("p1", markAndStop())
            .node("p2", markAndStop())
            .node("x", markAndStop())
            .node("y", markAndStop())
            .edge("a", "p1")
            .edge("a", "x", s -> true)
            .edge("a", "p2")
            .edge("a", "y", s -> true)
            .start("a")
            .build();

    assertThat(run(g, concurrency)).containsExactlyInAnyOrder("a@0", "p1@1", "x@1", "p2@1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void noMatchingConditionEndsTheBranch(int concurrency) {
    Graph<Trail> g =
        fork()
            .edge("a", "x", s -> false)
            .edge("a", "y", s -> s.size() > 100)
            .edge("a", "z", s -> s.count("x@1") > 0)
            .build();

    assertThat(run(g, concurrency)).containsExactly("a@0");
    assertThat(store.load("r").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.history("r")).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void conditionsSeeTheStateMergedFromEveryActivationOfTheStep(int concurrency) {
    List<Trail> seen = new ArrayList<>();
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", (s, ctx) -> NodeResult.goTo(null, "left", "right"))
            .node("left", mark())
            .node("right", markAndStop())
            .node("after", markAndStop())
            .routes("s", "left", "right")
            .edge(
                "left",
                "after",
                s -> {
                  synchronized (seen) {
                    seen.add(s);
                  }
                  return s.count("right@1") == 1; // the sibling's delta
                })
            .start("s")
            .build();

    assertThat(run(g, concurrency)).contains("after@2");
    assertThat(seen)
        .singleElement()
        .satisfies(s -> assertThat(s.items()).containsExactlyInAnyOrder("left@1", "right@1"));
  }
}
