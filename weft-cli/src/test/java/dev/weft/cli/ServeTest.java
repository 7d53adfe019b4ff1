package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.micrometer.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft serve} in a child process, scraped by a real Prometheus on 127.0.0.1. */
class ServeTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void metricsHealthAndRunsAreServedWhileDemosRunAndPrometheusScrapesThem() throws Exception {
    Weft.Running serve = new Weft(dir).start("serve", "--port", "0", "--demo-every", "1s");
    try {
      int port = awaitPort(serve);
      URI base = URI.create("http://127.0.0.1:" + port);

      assertThat(get(base.resolve("/health")).body()).contains("\"ok\"");
      String metrics = awaitBody(base.resolve("/metrics"), "weft_runs_total{");
      assertThat(metrics)
          .contains(
              "# TYPE weft_node_duration_seconds histogram",
              "weft_node_duration_seconds_bucket{graph=\"research\"",
              "weft_checkpoint_duration_seconds_count",
              "weft_queue_capacity");
      assertThat(metrics).doesNotContain("run_id", "serve-");

      JsonNode runs = Json.mapper().readTree(get(base.resolve("/runs")).body()).get("runs");
      assertThat(runs).isNotEmpty();
      String id = runs.get(0).get("runId").asText();
      HttpResponse<String> one = get(base.resolve("/runs/" + id));
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(Json.mapper().readTree(one.body()).get("runId").asText()).isEqualTo(id);
      assertThat(get(base.resolve("/runs/nope")).statusCode()).isEqualTo(404);

      Path promDir = Files.createDirectory(dir.resolve("prometheus"));
      try (PrometheusServer prometheus = PrometheusServer.start(promDir, port)) {
        prometheus.awaitAtLeast("up{job=\"weft\"}", 1, Duration.ofSeconds(30));
        double completed =
            prometheus.awaitAtLeast(
                "sum(weft_runs_total{job=\"weft\",outcome=\"completed\"})",
                1,
                Duration.ofSeconds(60));
        assertThat(completed).isGreaterThanOrEqualTo(1);
      }
    } finally {
      stop(serve);
    }
  }

  private static int awaitPort(Weft.Running serve) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      Matcher m = LISTENING.matcher(serve.out());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!serve.process().isAlive()) {
        throw new AssertionError("serve exited: " + serve.out() + serve.err());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve printed no address: " + serve.out() + serve.err());
  }

  private String awaitBody(URI uri, String needle) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      last = get(uri).body();
      if (last.contains(needle)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(uri + " never contained " + needle + ":\n" + last);
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void stop(Weft.Running serve) throws InterruptedException {
    serve.process().destroy(); // SIGTERM: the shutdown hook closes the server and the store
    if (!serve.process().waitFor(20, TimeUnit.SECONDS)) {
      serve.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
