package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run. */
class ReadmeDoc {
  // region state
  record Doc(String url, String body, String summary, double score) {
    Doc merge(Doc delta) { // the reducer: fields a node sets win
      return new Doc(
          url,
          delta.body != null ? delta.body : body,
          delta.summary != null ? delta.summary : summary,
          Math.max(score, delta.score));
    }
  }

  // endregion

  static String fetch(String url) {
    return "Weft is a graph workflow engine.";
  }

  static Doc llmSummarize(String body) {
    return new Doc(null, null, body.substring(0, 4), 0.9);
  }

  @Test
  void quickStart() {
    // region quickstart
    Graph<Doc> graph =
        Graph.builder(Doc::merge)
            .node(
                "fetch",
                (doc, ctx) -> NodeResult.next(new Doc(null, fetch(doc.url()), null, 0)),
                NodePolicy.builder()
                    .timeout(Duration.ofSeconds(10))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .retryOn(TransientException.class)
                            .build())
                    .build())
            .node("summarize", (doc, ctx) -> NodeResult.next(llmSummarize(doc.body())))
            .node(
                "review",
                (doc, ctx) ->
                    NodeResult.stop(new Doc(null, null, "[reviewed] " + doc.summary(), 1)))
            .edge("fetch", "summarize")
            .edge("summarize", "review", doc -> doc.score() < 0.8)
            .start("fetch")
            .build();

    Engine<Doc> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(8)
                    .runWallClockBudget(Duration.ofMinutes(10))
                    .build())
            .store(new InMemoryCheckpointStore<>())
            .build();

    Doc result = engine.run("doc-001", new Doc("https://example.org", null, null, 0));
    // endregion
    assertThat(result.summary()).isEqualTo("Weft");
    assertThat(engine.resume("doc-001")).isEqualTo(result);
  }
}
