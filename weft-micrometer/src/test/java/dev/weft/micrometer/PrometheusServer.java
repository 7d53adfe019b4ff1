package dev.weft.micrometer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Prometheus server (the Debian package's binary) on 127.0.0.1 and a free port, with its
 * data in a temporary folder, scraping one target every 500 ms. Close it to stop the process.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts Prometheus scraping {@code http://127.0.0.1:targetPort/metrics} as job {@code weft}. */
  public static PrometheusServer start(Path dir, int targetPort) throws IOException {
    Path binary = Tools.require("prometheus");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 500ms
          scrape_timeout: 400ms
          evaluation_interval: 500ms
        scrape_configs:
          - job_name: weft
            metrics_path: /metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(targetPort));
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn"))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(p, log, port);
    server.awaitReady(Duration.ofSeconds(30));
    return server;
  }

  private void awaitReady(Duration limit) throws IOException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited at start:\n" + Files.readString(log));
      }
      if (get("/-/ready").filter(r -> r.statusCode() == 200).isPresent()) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "prometheus not ready after " + limit + ":\n" + Files.readString(log));
  }

  /** The value of an instant query that returns one sample, or empty when it returns none. */
  public Optional<Double> query(String promql) {
    String path = "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        get(path).orElseThrow(() -> new IllegalStateException("prometheus unreachable"));
    try {
      JsonNode body = JSON.readTree(r.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new IllegalStateException(promql + ": " + r.body());
      }
      JsonNode result = body.path("data").path("result");
      if (result.isEmpty()) {
        return Optional.empty();
      }
      if (result.size() > 1) {
        throw new IllegalStateException(
            promql + " returned " + result.size() + " series: " + result);
      }
      return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    } catch (IOException e) {
      throw new IllegalStateException(promql + ": " + r.body(), e);
    }
  }

  /** Polls {@code promql} until it has a value {@code ≥ atLeast}; the last value seen. */
  public double awaitAtLeast(String promql, double atLeast, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    Optional<Double> last = Optional.empty();
    while (System.nanoTime() < end) {
      last = query(promql);
      if (last.isPresent() && last.get() >= atLeast) {
        return last.get();
      }
      sleep(200);
    }
    throw new AssertionError(promql + " stayed " + last + " (< " + atLeast + ") for " + limit);
  }

  private Optional<HttpResponse<String>> get(String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
      return Optional.of(http.send(req, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    http.close();
  }
}
