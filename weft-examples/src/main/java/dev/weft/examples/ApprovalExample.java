package dev.weft.examples;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.HistoryEntry;
import dev.weft.Node;
import dev.weft.NodeResult;
import dev.weft.RunResult;
import dev.weft.RunState;
import dev.weft.store.InMemoryCheckpointStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Human in the loop: a post is drafted, {@code review} pauses the run to ask "approve?", and a
 * person answers through {@code engine.resume(runId, answer, who)}. A rejection with a comment
 * sends it to {@code revise} and back to review; an approval publishes it. Then the history shows
 * each answer as its own step, and a fork from the first pause tries the other answer without
 * touching the original run.
 */
public final class ApprovalExample {
  private ApprovalExample() {}

  /** The state: a post, its revision and the reviewer's last answer. */
  public record Post(
      String text, int revision, Boolean approved, String comment, boolean published) {
    /** A person's answer, given as a delta. */
    public static Post answer(boolean approved, String comment) {
      return new Post(null, 0, approved, comment, false);
    }

    /** The reducer: the delta's set fields replace the state's. */
    public Post merge(Post d) {
      return new Post(
          d.text != null ? d.text : text,
          Math.max(revision, d.revision),
          d.approved != null ? d.approved : approved,
          d.comment != null ? d.comment : comment,
          published || d.published);
    }
  }

  /** The flow; {@code calls} counts how often each node ran. */
  public static Graph<Post> graph(Map<String, AtomicInteger> calls) {
    return Graph.builder(Post::merge)
        .node("draft", counted(calls, (p, ctx) -> NodeResult.next(text("Weft 1.0 is out"))))
        .node("review", counted(calls, (p, ctx) -> NodeResult.interrupt(null, "approve?")))
        .node("decide", counted(calls, (p, ctx) -> NodeResult.next(null)))
        .node(
            "revise",
            counted(
                calls,
                (p, ctx) ->
                    NodeResult.next(
                        new Post(
                            p.text() + " (" + p.comment() + ")",
                            p.revision() + 1,
                            null,
                            null,
                            false))))
        .node(
            "publish",
            counted(calls, (p, ctx) -> NodeResult.stop(new Post(null, 0, null, null, true))))
        .edge("draft", "review")
        .edge("review", "decide") // the node after the pause sees the answer
        .edge("decide", "publish", p -> Boolean.TRUE.equals(p.approved()))
        .edge("decide", "revise", p -> Boolean.FALSE.equals(p.approved()))
        .edge("revise", "review")
        .start("draft")
        .build();
  }

  private static Post text(String text) {
    return new Post(text, 0, null, null, false);
  }

  private static Node<Post> counted(Map<String, AtomicInteger> calls, Node<Post> node) {
    return (p, ctx) -> {
      calls.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
      return node.apply(p, ctx);
    };
  }

  public static void run() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    InMemoryCheckpointStore<Post> store = new InMemoryCheckpointStore<>();
    Engine<Post> engine = Engine.builder(graph(calls)).store(store).build();

    RunResult<Post> paused = engine.runForResult("post-1", new Post(null, 0, null, null, false));
    RunState<Post> waiting = engine.state("post-1");
    System.out.printf(
        "paused at step %d: %s (next: %s)%n",
        waiting.step(), paused.pauseReason().orElseThrow(), waiting.next());

    RunResult<Post> again =
        engine.resumeForResult(
            "post-1", Post.answer(false, "add a link"), "alice", dev.weft.RunOptions.defaults());
    System.out.printf(
        "alice rejected it; revised to \"%s\", paused again: %s%n",
        again.state().text(), again.pauseReason().orElseThrow());

    Post published = engine.resume("post-1", Post.answer(true, null), "bob");
    System.out.printf(
        "bob approved it; published: %s \"%s\"%n", published.published(), published.text());
    System.out.println("node runs: " + new java.util.TreeMap<>(calls));

    System.out.println("history:");
    for (HistoryEntry<Post> e : engine.history("post-1")) {
      String what =
          e.isInput()
              ? "input from " + e.inputLabel() + ": approved=" + e.input().orElseThrow().approved()
              : "ran " + e.ran();
      System.out.printf("  step %d %-9s %s%n", e.step(), e.status(), what);
    }

    // Time travel: from the first pause (step 2), what if alice had approved at once?
    RunResult<Post> fork =
        engine.fork(
            "post-1",
            2,
            "post-1-approved",
            Post.answer(true, null),
            "alice",
            dev.weft.RunOptions.defaults());
    System.out.printf(
        "fork from step 2 with an approval: %s, revision %d, published %s; post-1 untouched: %d"
            + " steps%n",
        fork.status(),
        fork.state().revision(),
        fork.state().published(),
        store.history("post-1").size());
  }

  public static void main(String[] args) {
    run();
  }
}
