package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.BackpressureTimeoutException;
import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.NodePolicy;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import dev.weft.store.InMemoryCheckpointStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MicrometerMetricsTest {
  /** Every sample name a scrape shows once every meter has a value. */
  static final Set<String> EXPOSED =
      new TreeSet<>(
          List.of(
              "weft_node_duration_seconds_bucket",
              "weft_node_duration_seconds_count",
              "weft_node_duration_seconds_sum",
              "weft_node_retries_total",
              "weft_node_timeouts_total",
              "weft_node_abandoned_total",
              "weft_backpressure_events_total",
              "weft_backpressure_timeouts_total",
              "weft_backpressure_wait_seconds_bucket",
              "weft_backpressure_wait_seconds_count",
              "weft_backpressure_wait_seconds_sum",
              "weft_backpressure_wait_seconds_max",
              "weft_queue_depth",
              "weft_queue_capacity",
              "weft_inflight_nodes",
              "weft_runs_total",
              "weft_run_duration_seconds_bucket",
              "weft_run_duration_seconds_count",
              "weft_run_duration_seconds_sum",
              "weft_run_duration_seconds_max",
              "weft_checkpoint_duration_seconds_bucket",
              "weft_checkpoint_duration_seconds_count",
              "weft_checkpoint_duration_seconds_sum",
              "weft_checkpoint_duration_seconds_max",
              "weft_events_dropped_total"));

  private final PrometheusMeterRegistry registry = Registries.strictPrometheus();
  private final BufferedEmitter events = new BufferedEmitter(100_000);

  /** Input 0 fails once (retry), input 1 times out once, the queue of 1 overflows. */
  private Engine<Bag> busyEngine(MicrometerMetrics metrics) {
    NodePolicy policy =
        NodePolicy.builder()
            .timeout(Duration.ofMillis(200))
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    .build())
            .build();
    return Engine.builder(
            FanOut.graph(
                6,
                (input, attempt) -> {
                  if (input == 0 && attempt == 1) {
                    throw new TransientException("flaky");
                  }
                  if (input == 1 && attempt == 1) {
                    Thread.sleep(10_000); // interrupted at the 200 ms limit
                  }
                  Thread.sleep(5);
                },
                policy))
        .options(Options.builder().maxConcurrentNodes(2).queueDepth(1).build())
        .store(new InMemoryCheckpointStore<>())
        .emitter(events)
        .metrics(metrics)
        .build();
  }

  @Test
  void exposesExactlyTheDocumentedPrometheusNamesWithBoundedLabels() {
    MicrometerMetrics metrics =
        MicrometerMetrics.builder(registry, "orders").nodes(FanOut.NODES).build();
    busyEngine(metrics).run("run-1", Bag.of());
    metrics.eventsDropped(2);

    Scrape scrape = Scrape.parse(registry.scrape());

    assertThat(scrape.weftNames()).isEqualTo(EXPOSED);
    Map<String, Set<String>> keysByName = new HashMap<>();
    for (Scrape.Sample s : scrape.samples()) {
      if (!s.name().startsWith("weft_")) {
        continue;
      }
      Set<String> keys = new TreeSet<>(s.labels().keySet());
      keys.remove("le");
      Set<String> seen = keysByName.putIfAbsent(s.name(), keys);
      assertThat(seen == null ? keys : seen).as("label keys of %s", s.name()).isEqualTo(keys);
      assertThat(s.labels().get("graph")).isEqualTo("orders");
      assertThat(s.labels().values()).noneMatch(v -> v.contains("run-1"));
    }
    assertThat(keysByName.get("weft_node_duration_seconds_count"))
        .containsExactly("graph", "node", "outcome");
    assertThat(keysByName.get("weft_node_retries_total")).containsExactly("graph", "node");
    assertThat(keysByName.get("weft_runs_total")).containsExactly("graph", "outcome");
    assertThat(keysByName.get("weft_queue_depth")).containsExactly("graph");

    assertThat(scrape.sum("weft_node_retries_total", "node", "work")).isEqualTo(2);
    assertThat(scrape.sum("weft_node_timeouts_total", "node", "work")).isEqualTo(1);
    assertThat(scrape.sum("weft_node_retries_total", "node", "fan")).isZero(); // registered at 0
    assertThat(scrape.sum("weft_runs_total", "outcome", "completed")).isEqualTo(1);
    assertThat(scrape.sum("weft_runs_total", "outcome", "failed")).isZero();
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", "success")).isEqualTo(8);
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", "error")).isEqualTo(1);
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", "timeout")).isEqualTo(1);
    assertThat(scrape.sum("weft_queue_capacity")).isEqualTo(1);
    assertThat(scrape.sum("weft_queue_depth")).isZero();
    assertThat(scrape.sum("weft_inflight_nodes")).isZero();
    assertThat(scrape.sum("weft_backpressure_events_total")).isPositive();
    assertThat(scrape.sum("weft_events_dropped_total")).isEqualTo(2);
    assertThat(scrape.sum("weft_checkpoint_duration_seconds_count"))
        .isEqualTo(events.byType(EventType.CHECKPOINT_SAVED).size());
  }

  @Test
  void aNodeBoundOnceAndReportedByIdFeedsTheSameMeters() {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry, "g");
    NodeMetrics work = metrics.forNode("work");
    assertThat(metrics.forNode("work")).isSameAs(work);

    work.finished(EngineMetrics.SUCCESS, Duration.ofMillis(2).toNanos());
    metrics.nodeFinished("work", EngineMetrics.SUCCESS, Duration.ofMillis(4).toNanos());
    work.finished(EngineMetrics.TIMEOUT, Duration.ofMillis(1).toNanos());
    work.retryScheduled();
    metrics.retryScheduled("work");
    work.timedOut();
    work.abandoned();

    Scrape scrape = Scrape.parse(registry.scrape());
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", "success")).isEqualTo(2);
    assertThat(scrape.sum("weft_node_duration_seconds_sum", "outcome", "success")).isEqualTo(0.006);
    assertThat(scrape.sum("weft_node_duration_seconds_count", "outcome", "timeout")).isEqualTo(1);
    assertThat(scrape.sum("weft_node_retries_total", "node", "work")).isEqualTo(2);
    assertThat(scrape.sum("weft_node_timeouts_total", "node", "work")).isEqualTo(1);
    assertThat(scrape.sum("weft_node_abandoned_total", "node", "work")).isEqualTo(1);
  }

  @Test
  void histogramsHaveTheDocumentedBucketsInSeconds() {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry, "g");
    metrics.runFinished("completed", Duration.ofMillis(3).toNanos());

    Scrape scrape = Scrape.parse(registry.scrape());

    List<String> bounds =
        scrape.named("weft_run_duration_seconds_bucket").stream()
            .map(s -> s.labels().get("le"))
            .toList();
    assertThat(bounds)
        .containsExactly(
            "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5",
            "5.0", "10.0", "30.0", "60.0", "120.0", "300.0", "600.0", "+Inf");
    assertThat(scrape.sum("weft_run_duration_seconds_bucket", "le", "0.0025")).isZero();
    assertThat(scrape.sum("weft_run_duration_seconds_bucket", "le", "0.005")).isEqualTo(1);
    assertThat(scrape.sum("weft_run_duration_seconds_sum")).isEqualTo(0.003);
  }

  @Test
  void severalGraphsShareOneRegistryAndAGraphNameIsTakenOnce() {
    MicrometerMetrics orders = MicrometerMetrics.of(registry, "orders");
    MicrometerMetrics billing = MicrometerMetrics.of(registry, "billing");
    orders.queueCapacity(10);
    billing.queueCapacity(20);
    orders.retryScheduled("work");
    billing.retryScheduled("work");
    billing.retryScheduled("work");

    Scrape scrape = Scrape.parse(registry.scrape());

    assertThat(scrape.sum("weft_queue_capacity", "graph", "orders")).isEqualTo(10);
    assertThat(scrape.sum("weft_queue_capacity", "graph", "billing")).isEqualTo(20);
    assertThat(scrape.sum("weft_node_retries_total", "graph", "billing")).isEqualTo(2);
    assertThatThrownBy(() -> MicrometerMetrics.of(registry, "orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'orders' is already used");
  }

  @Test
  void refusesABlankOrHugeGraphName() {
    assertThatThrownBy(() -> MicrometerMetrics.of(registry, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never a run id");
    assertThatThrownBy(() -> MicrometerMetrics.of(registry, "x".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theStrictRegistryTurnsAConflictingRegistrationIntoAnError() {
    MicrometerMetrics.of(registry, "g");
    // Another Micrometer name mapping to weft_queue_depth would break the scrape: refused.
    assertThatThrownBy(
            () -> Gauge.builder("weft.queue_depth", () -> 1).tag("graph", "h").register(registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weft_queue_depth");
  }

  @Test
  void worksOnAnyRegistryWithBaseUnits() {
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    MicrometerMetrics metrics = MicrometerMetrics.builder(simple, "g").nodes(FanOut.NODES).build();
    metrics.nodeFinished("work", "success", 2_000_000);

    Meter timer =
        simple.find("weft.node.duration").tags("node", "work", "outcome", "success").timer();
    assertThat(timer).isNotNull();
    assertThat(
            simple
                .get("weft.node.duration")
                .tags("outcome", "success", "node", "work")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(2.0);
    assertThat(simple.getMeters())
        .allSatisfy(m -> assertThat(m.getId().getTags()).contains(Tag.of("graph", "g")));
  }

  @Test
  void resumingACompletedRunCountsItOnce() {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry, "g");
    Engine<Bag> engine = busyEngine(metrics);
    engine.run("done-once", Bag.of());

    engine.resume("done-once");
    engine.resume("done-once");

    Scrape scrape = Scrape.parse(registry.scrape());
    assertThat(scrape.sum("weft_runs_total", "outcome", "completed")).isEqualTo(1);
    assertThat(scrape.sum("weft_run_duration_seconds_count")).isEqualTo(1);
    assertThat(events.byType(EventType.RUN_COMPLETED)).hasSize(1);
  }

  @Test
  void aBackpressureTimeoutIsCountedAndFailsTheRun() {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry, "g");
    Engine<Bag> engine =
        Engine.builder(FanOut.graph(6, (i, a) -> Thread.sleep(300), NodePolicy.defaults()))
            .options(
                Options.builder()
                    .maxConcurrentNodes(1)
                    .queueDepth(1)
                    .backpressureTimeout(Duration.ofMillis(50))
                    .build())
            .emitter(events)
            .metrics(metrics)
            .build();

    assertThatThrownBy(() -> engine.run("bp", Bag.of()))
        .isInstanceOf(BackpressureTimeoutException.class);

    Scrape scrape = Scrape.parse(registry.scrape());
    assertThat(scrape.sum("weft_backpressure_timeouts_total"))
        .isEqualTo(events.byType(EventType.BACKPRESSURE_TIMEOUT).size())
        .isEqualTo(1);
    assertThat(scrape.sum("weft_runs_total", "outcome", "failed")).isEqualTo(1);
    assertThat(scrape.sum("weft_queue_depth")).isZero();
  }

  @Test
  void anEmitterThatThrowsIsCountedAsDroppedEvents() {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry, "g");
    Engine<Bag> engine =
        Engine.builder(FanOut.graph(3, (i, a) -> {}, NodePolicy.defaults()))
            .emitter(
                e -> {
                  if (e.type() == EventType.NODE_SUCCEEDED) {
                    throw new StackOverflowError("emitter bug");
                  }
                })
            .metrics(metrics)
            .build();

    engine.run("r", Bag.of());

    Scrape scrape = Scrape.parse(registry.scrape());
    assertThat(scrape.sum("weft_events_dropped_total")).isEqualTo(5); // fan, 3 × work, done
    assertThat(scrape.sum("weft_runs_total", "outcome", "completed")).isEqualTo(1);
  }
}
