package dev.weft.examples;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.Route.Branch;
import dev.weft.emit.BufferedEmitter;
import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic fan-out and fan-in: {@code split} sends one branch per chunk to {@code summarize}, the
 * branches run concurrently, and {@code combine} runs once after all of them. Summaries are merged
 * in order-key order, so the result is the same at any concurrency.
 */
public final class FanOutExample {
  private FanOutExample() {}

  /** The state: the text's chunks and their summaries. */
  record Doc(List<String> chunks, List<String> summaries, String digest) {
    static Doc of(List<String> chunks) {
      return new Doc(chunks, List.of(), "");
    }

    Doc merge(Doc delta) {
      List<String> all = new ArrayList<>(summaries);
      all.addAll(delta.summaries);
      return new Doc(
          delta.chunks.isEmpty() ? chunks : delta.chunks,
          all,
          delta.digest.isEmpty() ? digest : delta.digest);
    }
  }

  static Graph<Doc> graph() {
    return Graph.builder(Doc::merge)
        .node(
            "split",
            (doc, ctx) -> {
              List<Branch<Doc>> branches = new ArrayList<>();
              for (String chunk : doc.chunks()) {
                branches.add(Branch.of("summarize", Doc.of(List.of(chunk))));
              }
              return NodeResult.send(null, branches);
            })
        .node(
            "summarize",
            (chunk, ctx) -> {
              Thread.sleep(20); // a model call
              String text = chunk.chunks().getFirst();
              int space = text.indexOf(' ');
              String firstWord = space < 0 ? text : text.substring(0, space);
              return NodeResult.next(new Doc(List.of(), List.of(firstWord + "…"), ""));
            })
        .node(
            "combine",
            (doc, ctx) ->
                NodeResult.stop(new Doc(List.of(), List.of(), String.join(" ", doc.summaries()))))
        .routes("split", "summarize")
        .edge("summarize", "combine")
        .start("split")
        .build();
  }

  public static void run() {
    Doc input =
        Doc.of(
            List.of(
                "Weft runs graphs in deterministic super-steps",
                "Deltas merge in order-key order",
                "Fan-in runs a node once",
                "Every step is checkpointed"));
    for (int concurrency : new int[] {0, 8}) {
      BufferedEmitter events = new BufferedEmitter(1_000);
      Engine<Doc> engine =
          Engine.builder(graph())
              .options(Options.builder().maxConcurrentNodes(concurrency).build())
              .emitter(events)
              .build();
      long t0 = System.nanoTime();
      Doc result = engine.run("fanout-" + concurrency, input);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "concurrency %d: %d ms, %d events, digest: %s%n",
          concurrency, ms, events.all().size(), result.digest());
    }
  }

  public static void main(String[] args) {
    run();
  }
}
