package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.NodePolicy;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a Weft process's {@code /metrics} while a workflow saturates its queue,
 * retries and times out; its HTTP API then shows what the run's events say.
 */
class PrometheusEndToEndTest {
  private static final int CAPACITY = 2;
  private static final String JOB = "{job=\"weft\",graph=\"e2e\"}";

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void prometheusSeesBackpressureAFullQueueRetriesAndTimeouts(@TempDir Path dir) throws Exception {
    PrometheusMeterRegistry registry = Registries.strictPrometheus();
    MicrometerMetrics metrics =
        MicrometerMetrics.builder(registry, "e2e").nodes(FanOut.NODES).build();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (PrometheusServer prometheus = PrometheusServer.start(dir, server.getAddress().getPort())) {
      prometheus.awaitAtLeast("up{job=\"weft\"}", 1, Duration.ofSeconds(30));
      BufferedEmitter events = new BufferedEmitter(100_000);
      // 24 items, 2 workers, a queue of 2: the queue stays full for seconds. Every 5th item fails
      // once (a retry), every 7th runs past its 300 ms limit once (a timeout, then a retry).
      Engine<Bag> engine =
          Engine.builder(
                  FanOut.graph(
                      24,
                      (i, attempt) -> {
                        if (attempt == 1 && i % 5 == 1) {
                          throw new TransientException("flaky " + i);
                        }
                        if (attempt == 1 && i % 7 == 3) {
                          Thread.sleep(10_000);
                        }
                        Thread.sleep(150);
                      },
                      NodePolicy.builder()
                          .timeout(Duration.ofMillis(300))
                          .retry(
                              RetryPolicy.builder()
                                  .maxAttempts(3)
                                  .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                                  .build())
                          .build()))
              .options(Options.builder().maxConcurrentNodes(2).queueDepth(CAPACITY).build())
              .store(new InMemoryCheckpointStore<>())
              .emitter(events)
              .metrics(metrics)
              .build();

      engine.run("e2e-1", Bag.of());

      // Wait for a scrape taken after the run ended.
      prometheus.awaitAtLeast(
          "weft_runs_total{job=\"weft\",outcome=\"completed\"}", 1, Duration.ofSeconds(30));
      long retries = events.byType(EventType.RETRY_SCHEDULED).size();
      long timeouts = events.byType(EventType.NODE_TIMED_OUT).size();
      // Items 1, 6, 11, 16 and 21 fail once; 3, 10 and 17 time out once.
      assertThat(retries).isEqualTo(5 + 3);
      assertThat(timeouts).isEqualTo(3);
      assertThat(prometheus.query("weft_backpressure_events_total" + JOB))
          .hasValueSatisfying(v -> assertThat(v).isPositive());
      // Reached the capacity (due retries re-enter without waiting for space: it may exceed it).
      assertThat(prometheus.query("max_over_time(weft_queue_depth" + JOB + "[5m])"))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(CAPACITY));
      assertThat(prometheus.query("weft_queue_capacity" + JOB)).contains((double) CAPACITY);
      assertThat(prometheus.query("weft_queue_depth" + JOB)).contains(0.0);
      assertThat(prometheus.query("sum(weft_node_retries_total" + JOB + ")"))
          .contains((double) retries);
      assertThat(prometheus.query("sum(weft_node_timeouts_total" + JOB + ")"))
          .contains((double) timeouts);
      assertThat(prometheus.query("weft_node_timeouts_total{job=\"weft\",node=\"work\"}"))
          .contains(3.0);
      assertThat(prometheus.query("sum(weft_node_duration_seconds_count" + JOB + ")"))
          .contains((double) events.byType(EventType.NODE_STARTED).size());
      assertThat(prometheus.query("max_over_time(weft_inflight_nodes" + JOB + "[5m])"))
          .hasValueSatisfying(v -> assertThat(v).isBetween(1.0, 2.0));
    } finally {
      server.stop(0);
    }
  }
}
