package dev.weft;

import static dev.weft.support.Nodes.mark;
import static dev.weft.support.Nodes.markAndStop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Nodes.Calls;
import dev.weft.support.Trail;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every route kind, in sequential (0) and concurrent (4) mode. */
class RoutesTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();

  private Engine<Trail> engine(Graph<Trail> graph, int concurrency) {
    return Engine.builder(graph)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void nextFollowsEveryPlainEdgeInTheNextStep(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("b", markAndStop())
            .node("c", markAndStop())
            .edge("a", "b")
            .edge("a", "c")
            .start("a")
            .build();

    RunResult<Trail> r = engine(g, concurrency).runForResult("r", Trail.of());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.state().items().getFirst()).isEqualTo("a@0");
    assertThat(r.state().items()).containsExactlyInAnyOrder("a@0", "b@1", "c@1");
    assertThat(store.history("r")).extracting(Checkpoint::step).containsExactly(0L, 1L, 2L);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void goToReplacesTheEdges(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.goTo(Trail.of("a"), "c"))
            .node("b", markAndStop())
            .node("c", markAndStop())
            .edge("a", "b")
            .routes("a", "c")
            .start("a")
            .build();

    assertThat(engine(g, concurrency).run("r", Trail.of()).items()).containsExactly("a", "c@1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void goToWithSeveralTargetsFansOut(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.goTo(Trail.of("a"), "b", "c", "d"))
            .node("b", markAndStop())
            .node("c", markAndStop())
            .node("d", markAndStop())
            .edge("a", "b")
            .routes("a", "c", "d")
            .start("a")
            .build();

    List<String> items = engine(g, concurrency).run("r", Trail.of()).items();

    assertThat(items).containsExactlyInAnyOrder("a", "b@1", "c@1", "d@1");
    assertThat(store.history("r")).hasSize(3); // initial + two steps: all targets ran in step 1
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void stopEndsOnlyItsOwnBranch(int concurrency) {
    Calls calls = new Calls();
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("b", calls.counting(markAndStop()))
            .node("c", mark())
            .node("afterB", calls.counting(mark()))
            .node("afterC", markAndStop())
            .edge("a", "b")
            .edge("a", "c")
            .edge("b", "afterB")
            .edge("c", "afterC")
            .start("a")
            .build();

    RunResult<Trail> r = engine(g, concurrency).runForResult("r", Trail.of());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.state().items()).contains("b@1", "afterC@2").doesNotContain("afterB@2");
    assertThat(calls.of("afterB")).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void sendRunsOneActivationPerBranchOnItsOwnInput(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node(
                "split",
                (s, ctx) ->
                    NodeResult.send(
                        Trail.of("split"),
                        Route.Branch.of("work", Trail.of("x")),
                        Route.Branch.of("work", Trail.of("y")),
                        Route.Branch.of(
                            "work",
                            Trail.of("x")))) // same node and input twice: still two branches
            .node(
                "work",
                (in, ctx) -> NodeResult.stop(Trail.of("work" + in.items() + "@" + ctx.step())))
            .routes("split", "work")
            .start("split")
            .build();

    List<String> items = engine(g, concurrency).run("r", Trail.of("seed")).items();

    // Each branch saw only its own input, never the run state ("seed", "split").
    assertThat(items)
        .containsExactlyInAnyOrder("seed", "split", "work[x]@1", "work[y]@1", "work[x]@1");
    Checkpoint<Trail> step1 = store.history("r").get(1);
    assertThat(step1.frontier())
        .extracting(Activation::branchInput)
        .containsExactlyInAnyOrder(Trail.of("x"), Trail.of("y"), Trail.of("x"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void interruptPausesAndResumeContinuesAlongTheEdges(int concurrency) {
    Calls calls = new Calls();
    BufferedEmitter events = new BufferedEmitter(1000);
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("draft", calls.counting(mark()))
            .node(
                "review",
                calls.counting(
                    (s, ctx) -> NodeResult.interrupt(Trail.of("review"), "needs approval")))
            .node("publish", calls.counting(markAndStop()))
            .edge("draft", "review")
            .edge("review", "publish")
            .start("draft")
            .build();
    Engine<Trail> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .emitter(events)
            .build();

    RunResult<Trail> paused = engine.runForResult("r", Trail.of());

    assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(paused.pauseReason()).contains("needs approval");
    assertThat(paused.state().items()).containsExactly("draft@0", "review");
    Checkpoint<Trail> saved = store.load("r").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(saved.detail()).isEqualTo("needs approval");
    assertThat(saved.frontier()).extracting(Activation::nodeId).containsExactly("publish");
    assertThat(calls.of("publish")).isZero();
    assertThat(events.byType(EventType.RUN_PAUSED))
        .singleElement()
        .satisfies(e -> assertThat(e.attribute("reason")).isEqualTo("needs approval"));

    RunResult<Trail> done = engine.resumeForResult("r");

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.state().items()).containsExactly("draft@0", "review", "publish@2");
    assertThat(calls.of("draft")).isEqualTo(1);
    assertThat(calls.of("review")).isEqualTo(1);
    assertThat(calls.of("publish")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void goToANodeOutsideEdgesAndRoutesIsANoRouteFailureThatIsNeverRetried(int concurrency) {
    Calls calls = new Calls();
    RetryPolicy retryEverything =
        RetryPolicy.builder()
            .maxAttempts(5)
            .retryIf(t -> true)
            .retryOn(NoRouteException.class)
            .build();
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node(
                "a",
                calls.counting((s, ctx) -> NodeResult.goTo(Trail.of("a"), "c")),
                NodePolicy.builder().retry(retryEverything).build())
            .node("b", markAndStop())
            .node("c", markAndStop())
            .edge("a", "b")
            .edge("b", "c")
            .start("a")
            .build();

    assertThatThrownBy(() -> engine(g, concurrency).run("r", Trail.of()))
        .isInstanceOf(NodeFailedException.class)
        .hasMessageContaining("node 'a'")
        .cause()
        .isInstanceOf(NoRouteException.class)
        .hasMessageContaining("goTo 'c'")
        .hasMessageContaining("routes(\"a\", \"c\")");
    assertThat(calls.of("a")).isEqualTo(1);
    assertThat(store.load("r").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void goToOrSendToAnUnknownNodeIsANoRouteFailure(int concurrency) {
    Graph<Trail> goTo =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.goTo(null, "ghost"))
            .start("a")
            .build();
    Graph<Trail> send =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.send(null, Route.Branch.of("ghost", Trail.of())))
            .start("a")
            .build();

    assertThatThrownBy(() -> engine(goTo, concurrency).run("goTo", Trail.of()))
        .hasRootCauseInstanceOf(NoRouteException.class)
        .rootCause()
        .hasMessageContaining("'ghost'");
    assertThatThrownBy(() -> engine(send, concurrency).run("send", Trail.of()))
        .hasRootCauseInstanceOf(NoRouteException.class)
        .rootCause()
        .hasMessageContaining("send 'ghost'");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aNullDeltaLeavesTheStateUnchanged(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.next(null))
            .node("b", markAndStop())
            .edge("a", "b")
            .start("a")
            .build();

    assertThat(engine(g, concurrency).run("r", Trail.of("x")).items()).containsExactly("x", "b@1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void resumingAPauseWithNowhereToGoCompletesTheRun(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("approve", (s, ctx) -> NodeResult.interrupt(Trail.of("approve"), "sign off"))
            .edge("a", "approve")
            .start("a")
            .build();
    Engine<Trail> engine = engine(g, concurrency);
    assertThat(engine.runForResult("r", Trail.of()).status()).isEqualTo(RunStatus.PAUSED);

    RunResult<Trail> done = engine.resumeForResult("r");

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.state().items()).containsExactly("a@0", "approve");
    assertThat(store.load("r").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }
}
