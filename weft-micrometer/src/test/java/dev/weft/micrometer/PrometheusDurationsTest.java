package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code weft_node_duration_seconds} on a Prometheus registry: the compact histograms. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusDurationsTest {
  private final PrometheusMeterRegistry registry = Registries.strictPrometheus();

  @Test
  void aDurationOnABoundCountsInThatBucketAndEveryOutcomeExistsAtZero() {
    MicrometerMetrics metrics =
        MicrometerMetrics.builder(registry, "g").nodes(List.of("a")).build();
    NodeMetrics a = metrics.forNode("a");
    a.finished(EngineMetrics.SUCCESS, Duration.ofMillis(5).toNanos()); // on the 5 ms bound
    a.finished(EngineMetrics.SUCCESS, Duration.ofNanos(5_000_001).toNanos()); // just above
    a.finished(EngineMetrics.SUCCESS, 0);
    a.finished(EngineMetrics.SUCCESS, Duration.ofMinutes(11).toNanos()); // above the last bound
    a.finished(EngineMetrics.SUCCESS, -1); // ignored, as Micrometer's timers do

    Scrape scrape = Scrape.parse(registry.scrape());

    assertThat(
            scrape.named("weft_node_duration_seconds_bucket").stream()
                .filter(s -> s.labels().get("outcome").equals("success"))
                .map(s -> s.labels().get("le"))
                .toList())
        .containsExactly(
            "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5",
            "5.0", "10.0", "30.0", "60.0", "120.0", "300.0", "600.0", "+Inf");
    String success = "success";
    assertThat(bucket(scrape, success, "0.001")).isEqualTo(1); // cumulative from here
    assertThat(bucket(scrape, success, "0.0025")).isEqualTo(1);
    assertThat(bucket(scrape, success, "0.005")).isEqualTo(2);
    assertThat(bucket(scrape, success, "0.01")).isEqualTo(3);
    assertThat(bucket(scrape, success, "600.0")).isEqualTo(3);
    assertThat(bucket(scrape, success, "+Inf")).isEqualTo(4);
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", success)).isEqualTo(4);
    assertThat(scrape.sum("weft_node_duration_seconds_sum", "outcome", success))
        .isCloseTo(660.010000001, org.assertj.core.data.Offset.offset(1e-9));
    for (String outcome : List.of("error", "timeout")) {
      assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", outcome)).isZero();
      assertThat(bucket(scrape, outcome, "+Inf")).isZero();
    }
  }

  @Test
  void commonTagsOfTheRegistryAreOnTheDurationsToo() {
    registry.config().commonTags("app.name", "shop");
    MicrometerMetrics metrics =
        MicrometerMetrics.builder(registry, "g").nodes(List.of("a")).build();
    metrics.nodeFinished("a", EngineMetrics.ERROR, 1_000);
    metrics.retryScheduled("a");

    Scrape scrape = Scrape.parse(registry.scrape());

    for (String name :
        List.of(
            "weft_node_duration_seconds_count",
            "weft_node_duration_seconds_bucket",
            "weft_node_retries_total")) {
      assertThat(scrape.named(name))
          .as(name)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels()).containsEntry("app_name", "shop"));
    }
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", "error")).isEqualTo(1);
  }

  @Test
  void severalGraphsAreOneMetricFamilyInBothExpositionFormats() {
    MicrometerMetrics.builder(registry, "orders").nodes(List.of("a")).build();
    MicrometerMetrics.builder(registry, "billing").nodes(List.of("a", "b")).build();

    String text = registry.scrape();
    String openMetrics = registry.scrape("application/openmetrics-text; version=1.0.0");

    for (String exposition : List.of(text, openMetrics)) {
      assertThat(exposition.lines().filter(l -> l.startsWith("# TYPE weft_node_duration_seconds ")))
          .containsExactly("# TYPE weft_node_duration_seconds histogram");
    }
    Scrape scrape = Scrape.parse(text);
    assertThat(scrape.named("weft_node_duration_seconds_count"))
        .extracting(s -> s.labels().get("graph") + "/" + s.labels().get("node"))
        .containsExactlyInAnyOrder(
            "orders/a",
            "orders/a",
            "orders/a",
            "billing/a",
            "billing/a",
            "billing/a",
            "billing/b",
            "billing/b",
            "billing/b");
  }

  @Test
  void threadsRecordingAtOnceLoseNothing() throws InterruptedException {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry, "g");
    NodeMetrics a = metrics.forNode("a");
    int threads = 4;
    int each = 50_000;
    AtomicInteger ready = new AtomicInteger();
    List<Thread> started =
        IntStream.range(0, threads)
            .mapToObj(
                t ->
                    Thread.ofPlatform()
                        .start(
                            () -> {
                              ready.incrementAndGet();
                              while (ready.get() < threads) {
                                Thread.onSpinWait();
                              }
                              for (int i = 0; i < each; i++) {
                                a.finished(EngineMetrics.SUCCESS, 2_000_000); // 2 ms
                              }
                            }))
            .toList();
    for (Thread t : started) {
      t.join();
    }

    Scrape scrape = Scrape.parse(registry.scrape());
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", "success"))
        .isEqualTo(threads * each);
    assertThat(bucket(scrape, "success", "0.0025")).isEqualTo(threads * each);
    assertThat(bucket(scrape, "success", "0.001")).isZero();
    assertThat(scrape.sum("weft_node_duration_seconds_sum", "outcome", "success"))
        .isCloseTo(threads * each * 0.002, org.assertj.core.data.Offset.offset(1e-6));
  }

  private static double bucket(Scrape scrape, String outcome, String le) {
    return scrape.sum("weft_node_duration_seconds_bucket", "outcome", outcome, "le", le);
  }
}
