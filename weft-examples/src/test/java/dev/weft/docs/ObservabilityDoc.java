package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.micrometer.MicrometerMetrics;
import dev.weft.opentelemetry.TracingEmitter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The snippets of docs/observability.md. */
class ObservabilityDoc {
  private static final Graph<String> GRAPH =
      Graph.<String>builder((s, d) -> s + d)
          .node("hello", (s, ctx) -> NodeResult.stop("hello"))
          .start("hello")
          .build();

  static HttpServer metricsServer(Graph<String> graph) throws IOException {
    // region metrics-server
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetrics metrics =
        MicrometerMetrics.builder(registry, "greetings").nodes(graph.nodeIds()).build();
    Engine<String> engine = Engine.builder(graph).metrics(metrics).build();

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9464), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    // endregion
    engine.run("greet-1", "");
    return server;
  }

  static String traced(OpenTelemetry openTelemetry, Graph<String> graph) {
    // region tracing
    TracingEmitter tracing = TracingEmitter.builder(openTelemetry, "greetings").build();
    Engine<String> engine = Engine.builder(graph).emitter(tracing).build();
    return engine.run("greet-2", ""); // a span "weft.run greetings" with one "weft.node hello"
    // endregion
  }

  @Test
  void theMetricsServerServesTheScrape() throws Exception {
    HttpServer server;
    try {
      server = metricsServer(GRAPH);
    } catch (java.net.BindException busy) {
      return; // port 9464 is taken on this machine; the snippet still compiled
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:9464/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("weft_runs_total{graph=\"greetings\",outcome=\"completed\"} 1");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void tracingRunsWithTheNoopApi() {
    assertThat(traced(OpenTelemetry.noop(), GRAPH)).isEqualTo("hello");
  }
}
