package dev.weft.docs;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.HistoryEntry;
import dev.weft.InputRejectedException;
import dev.weft.NodeResult;
import dev.weft.RunNotResumableException;
import dev.weft.RunOptions;
import dev.weft.RunResult;
import dev.weft.RunState;
import dev.weft.RunStatus;
import dev.weft.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiled source of the snippets in docs/human-in-the-loop.md; HumanInTheLoopDocTest runs them.
 */
final class HumanInTheLoopDoc {
  private HumanInTheLoopDoc() {}

  /** A post under review; a delta's set fields replace the state's. */
  record Post(String text, Boolean approved, String comment, boolean published) {
    static Post answer(boolean approved, String comment) {
      return new Post(null, approved, comment, false);
    }

    Post merge(Post d) {
      return new Post(
          d.text != null ? d.text : text,
          d.approved != null ? d.approved : approved,
          d.comment != null ? d.comment : comment,
          published || d.published);
    }
  }

  static final List<String> log = new ArrayList<>();

  static Graph<Post> graph() {
    // region pause
    Graph<Post> graph =
        Graph.builder(Post::merge)
            .node("draft", (p, ctx) -> NodeResult.next(new Post("Weft 1.0", null, null, false)))
            .node("review", (p, ctx) -> NodeResult.interrupt(null, "approve?"))
            .node("decide", (p, ctx) -> NodeResult.next(null)) // runs after the answer
            .node(
                "revise",
                (p, ctx) ->
                    NodeResult.next(new Post(p.text() + " + " + p.comment(), null, null, false)))
            .node("publish", (p, ctx) -> NodeResult.stop(new Post(null, null, null, true)))
            .edge("draft", "review")
            .edge("review", "decide")
            .edge("decide", "publish", p -> Boolean.TRUE.equals(p.approved()))
            .edge("decide", "revise", p -> Boolean.FALSE.equals(p.approved()))
            .edge("revise", "review")
            .start("draft")
            .build();
    // endregion
    return graph;
  }

  static Post answer(Engine<Post> engine) {
    // region answer
    RunResult<Post> paused = engine.runForResult("post-1", new Post(null, null, null, false));
    // paused.status() == PAUSED, paused.pauseReason() == Optional[approve?]

    // Later, maybe in another process with the same store: alice asks for a change...
    RunResult<Post> again =
        engine.resumeForResult(
            "post-1", Post.answer(false, "a link"), "alice", RunOptions.defaults());
    // again.status() == PAUSED: revise ran, then review asked again

    // ...and bob approves.
    Post published = engine.resume("post-1", Post.answer(true, null), "bob");
    // endregion
    log.add(paused.pauseReason().orElseThrow() + " " + again.status());
    return published;
  }

  static void errors(Engine<Post> engine) {
    // region errors
    try {
      engine.resume("post-1", Post.answer(false, "too late"));
    } catch (RunNotResumableException e) {
      // the run is completed: fork it from a committed step instead
    } catch (InputRejectedException e) {
      // the reducer threw on the input (or returned null); nothing was saved
    }
    // endregion
  }

  static Graph<Post> breakpoints(Graph<Post> graph) {
    // region breakpoints
    Graph<Post> stepped =
        Graph.builder(Post::merge)
            .node("draft", (p, ctx) -> NodeResult.next(new Post("Weft 1.0", null, null, false)))
            .node("publish", (p, ctx) -> NodeResult.stop(new Post(null, null, null, true)))
            .edge("draft", "publish")
            .start("draft")
            .interruptBefore("publish") // pause before publish runs; resume runs it once
            .build();
    // endregion
    return stepped;
  }

  static RunResult<Post> perRun(Engine<Post> engine) {
    // region per-run
    RunOptions stopAfterDraft =
        RunOptions.builder()
            .interruptAfter("draft") // replaces the graph's after-breakpoints for this call
            .interruptBefore() // and no before-breakpoints this time
            .build();
    RunResult<Post> paused =
        engine.runForResult("post-2", new Post(null, null, null, false), stopAfterDraft);
    // paused.pauseReason() == Optional[breakpoint: after 'draft']
    // endregion
    return paused;
  }

  static void inspect(Engine<Post> engine) {
    // region inspect
    RunState<Post> state = engine.state("post-1");
    if (state.status() == RunStatus.PAUSED) {
      log.add("waiting: " + state.pauseReason().orElseThrow() + ", next " + state.next());
    }
    for (HistoryEntry<Post> step : engine.history("post-1")) {
      String what =
          step.isInput()
              ? "input from " + step.inputLabel() + ": " + step.input().orElseThrow()
              : "ran " + step.ran();
      log.add(step.step() + " " + step.status() + " " + what);
    }
    // endregion
  }

  static RunResult<Post> fork(Engine<Post> engine) {
    // region fork
    // Replay from step 7 (bob's answer, already in that step's state): same seed, same result.
    RunResult<Post> replay = engine.fork("post-1", 7, "post-1-replay");
    // Or answer differently from there; post-1 itself is not touched.
    RunResult<Post> approvedAtOnce = engine.fork("post-1", 2, "post-1-b", Post.answer(true, null));
    // approvedAtOnce.state().published() == true, and no revision was made
    // endregion
    log.add(replay.state() + " " + approvedAtOnce.status());
    return approvedAtOnce;
  }

  static Engine<Post> engine(Graph<Post> graph, CheckpointStore<Post> store) {
    return Engine.builder(graph).store(store).build();
  }
}
