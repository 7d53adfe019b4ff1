package dev.weft.docs;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.NodeTimeoutException;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.spi.CheckpointStore;
import java.time.Duration;

/** Compiled source of the snippets in docs/timeouts.md. */
final class TimeoutsDoc {
  private TimeoutsDoc() {}

  record Doc(String text) {
    Doc merge(Doc delta) {
      return delta;
    }
  }

  interface ModelClient {
    String complete(String prompt, Duration timeout) throws Exception;
  }

  static Engine<Doc> limits(
      Node<Doc> lookup, Node<Doc> model, Node<Doc> publish, CheckpointStore<Doc> store) {
    // region limits
    Graph<Doc> graph =
        Graph.builder(Doc::merge)
            .node(
                "lookup",
                lookup,
                NodePolicy.builder()
                    .timeout(Duration.ofMillis(20)) // per attempt
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .build()) // a timeout is retried by default
                    .build())
            .node("model", model, NodePolicy.builder().timeout(Duration.ofSeconds(30)).build())
            .node("publish", publish) // no policy: the default applies
            .edge("lookup", "model")
            .edge("model", "publish")
            .start("lookup")
            .build();
    Engine<Doc> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .defaultNodeTimeout(Duration.ofSeconds(5)) // for nodes without their own
                    .runWallClockBudget(Duration.ofMinutes(2)) // hard limit for the whole run
                    .build())
            .store(store)
            .build();
    // endregion
    return engine;
  }

  static Node<Doc> remaining(ModelClient client) {
    // region remaining
    Node<Doc> model =
        (doc, ctx) -> {
          // Give the client the attempt's own deadline so it can give up cleanly just before the
          // engine does.
          Duration left = ctx.remaining().orElse(Duration.ofMinutes(1));
          return NodeResult.next(new Doc(client.complete(doc.text(), left)));
        };
    // endregion
    return model;
  }

  static RetryPolicy noRetryOnTimeout() {
    // region no-retry
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(3)
            .abortOn(
                NodeTimeoutException.class) // retry other transient failures, but not a timeout
            .build();
    // endregion
    return retry;
  }

  static Doc resume(Graph<Doc> graph, CheckpointStore<Doc> store, Doc input) {
    // region resume
    Engine<Doc> tight =
        Engine.builder(graph)
            .options(Options.builder().runWallClockBudget(Duration.ofSeconds(10)).build())
            .store(store)
            .build();
    try {
      return tight.run("report-7", input);
    } catch (RunBudgetExceededException e) {
      // Every finished step is committed; a new engine with a larger budget picks up from there.
      Engine<Doc> roomy =
          Engine.builder(graph)
              .options(Options.builder().runWallClockBudget(Duration.ofMinutes(1)).build())
              .store(store)
              .build();
      return roomy.resume(e.runId());
    }
    // endregion
  }
}
