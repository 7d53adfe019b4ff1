package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.Route.Branch;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.store.InMemoryCheckpointStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippets of docs/concepts.md, compiled and run. */
class ConceptsDoc {
  // region state
  record Trail(List<String> visited, int count) {
    static Trail empty() {
      return new Trail(List.of(), 0);
    }

    static Trail of(String node) {
      return new Trail(List.of(node), 0);
    }

    Trail merge(Trail delta) {
      List<String> all = new ArrayList<>(visited);
      all.addAll(delta.visited);
      return new Trail(all, count + delta.count);
    }
  }

  // endregion

  @Test
  void graphWithEveryRoute() {
    // region graph
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("plan", (s, ctx) -> NodeResult.goTo(Trail.of("plan"), "search", "lookup"))
            .node("search", (s, ctx) -> NodeResult.next(Trail.of("search")))
            .node("lookup", (s, ctx) -> NodeResult.next(Trail.of("lookup")))
            .node(
                "merge",
                (s, ctx) ->
                    NodeResult.send(
                        Trail.of("merge"),
                        Branch.of("score", Trail.of("a")),
                        Branch.of("score", Trail.of("b"))))
            .node(
                "score",
                (input, ctx) ->
                    NodeResult.next(new Trail(List.of("score:" + input.visited().getFirst()), 1)))
            .node(
                "decide",
                (s, ctx) ->
                    s.count() < 2
                        ? NodeResult.interrupt(Trail.of("decide"), "needs a human")
                        : NodeResult.stop(Trail.of("done")))
            .routes("plan", "search", "lookup") // plan may goTo these
            .join(List.of("search", "lookup"), "merge") // merge waits for both
            .routes("merge", "score") // merge may send to score
            .edge("score", "decide") // both branches route here: decide runs once
            .start("plan")
            .build();
    // endregion

    // region run
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(4).build())
            .store(new InMemoryCheckpointStore<>())
            .build();
    RunResult<Trail> result = engine.runForResult("trail-1", Trail.empty());
    // endregion
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.state().count()).isEqualTo(2);
    assertThat(result.state().visited()).startsWith("plan").endsWith("done").hasSize(7);
    // Same graph, same run id, sequential: the same final state.
    Engine<Trail> sequential =
        Engine.builder(graph).options(Options.builder().maxConcurrentNodes(0).build()).build();
    assertThat(sequential.run("trail-1", Trail.empty())).isEqualTo(result.state());
  }

  @Test
  void conditionalEdges() {
    // region edges
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "classify", (s, ctx) -> NodeResult.next(new Trail(List.of("classify"), s.count())))
            .node("urgent", (s, ctx) -> NodeResult.stop(Trail.of("urgent")))
            .node("normal", (s, ctx) -> NodeResult.stop(Trail.of("normal")))
            .node("audit", (s, ctx) -> NodeResult.stop(Trail.of("audit")))
            .edge("classify", "urgent", s -> s.count() > 10) // conditional: first match wins
            .edge("classify", "normal", s -> true) // acts as "otherwise"
            .edge("classify", "audit") // plain: always fires
            .start("classify")
            .build();
    // endregion
    Trail result = Engine.builder(graph).build().run("edges", new Trail(List.of(), 42));
    assertThat(result.visited()).containsExactlyInAnyOrder("classify", "urgent", "audit");
  }

  @Test
  void pauseAndResume() {
    // region interrupt
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("draft", (s, ctx) -> NodeResult.interrupt(Trail.of("draft"), "approve the draft"))
            .node("publish", (s, ctx) -> NodeResult.stop(Trail.of("publish")))
            .edge("draft", "publish")
            .start("draft")
            .build();
    Engine<Trail> engine = Engine.builder(graph).store(new InMemoryCheckpointStore<>()).build();

    RunResult<Trail> paused = engine.runForResult("post-7", Trail.empty());
    // paused.status() == PAUSED, paused.pauseReason() == "approve the draft"
    Trail published = engine.resume("post-7"); // continues along draft's edges
    // endregion
    assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(paused.pauseReason()).contains("approve the draft");
    assertThat(published.visited()).containsExactly("draft", "publish");
  }
}
