package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.NodePolicy;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue and in-flight gauges and the counters, read from the registry as Prometheus sees it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueMetricsTest {
  private final PrometheusMeterRegistry registry = Registries.strictPrometheus();
  private final MicrometerMetrics metrics =
      MicrometerMetrics.builder(registry, "queue").nodes(FanOut.NODES).build();
  private final BufferedEmitter events = new BufferedEmitter(100_000);

  private double gauge(String name) {
    Gauge g = registry.get(name).tags("graph", "queue").gauge();
    return g.value();
  }

  /** Reads both gauges every 200 µs on a platform thread while the run goes on. */
  private final class Sampler implements AutoCloseable {
    final List<Double> depths = new CopyOnWriteArrayList<>();
    final List<Double> inFlight = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!stop.get()) {
                    depths.add(gauge("weft.queue.depth"));
                    inFlight.add(gauge("weft.inflight.nodes"));
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                  }
                });

    void stop() {
      stop.set(true);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      stop();
    }
  }

  @Test
  void queueDepthRisesDuringATenWayFanOutAndReturnsToZero() throws Exception {
    List<Double> seenByNodes = new CopyOnWriteArrayList<>();
    Engine<Bag> engine =
        Engine.builder(
                FanOut.graph(
                    10,
                    (i, a) -> {
                      seenByNodes.add(gauge("weft.queue.depth"));
                      Thread.sleep(20);
                    },
                    NodePolicy.defaults()))
            .options(Options.builder().maxConcurrentNodes(2).queueDepth(16).build())
            .metrics(metrics)
            .build();

    try (Sampler sampler = new Sampler()) {
      engine.run("fan", Bag.of());
      sampler.stop();
      // 10 admitted, 2 running: up to 8 wait; they drain as the workers finish.
      double peak = Math.max(max(sampler.depths), max(seenByNodes));
      assertThat(peak).isGreaterThanOrEqualTo(4).isLessThanOrEqualTo(8);
      assertThat(sampler.depths).allMatch(d -> d >= 0);
    }
    assertThat(gauge("weft.queue.depth")).isZero();
    assertThat(gauge("weft.queue.capacity")).isEqualTo(16);
  }

  @Test
  void inFlightNeverExceedsMaxConcurrentNodes() throws Exception {
    int workers = 3;
    List<Double> seenByNodes = new CopyOnWriteArrayList<>();
    Engine<Bag> engine =
        Engine.builder(
                FanOut.graph(
                    12,
                    (i, a) -> {
                      seenByNodes.add(gauge("weft.inflight.nodes"));
                      Thread.sleep(10);
                    },
                    NodePolicy.defaults()))
            .options(Options.builder().maxConcurrentNodes(workers).queueDepth(4).build())
            .metrics(metrics)
            .build();

    try (Sampler sampler = new Sampler()) {
      engine.run("inflight", Bag.of());
      sampler.stop();
      assertThat(max(sampler.inFlight)).isLessThanOrEqualTo(workers);
      assertThat(max(seenByNodes)).isLessThanOrEqualTo(workers).isGreaterThanOrEqualTo(1);
      assertThat(seenByNodes).hasSize(12);
    }
    assertThat(gauge("weft.inflight.nodes")).isZero();
  }

  @Test
  void countersEqualTheEventsUnderAHundredItemsAtConcurrencyTen() {
    assertCountersMatchEvents(100, 10, 256);
  }

  @Test
  void countersEqualTheEventsUnderBackpressure() {
    assertCountersMatchEvents(100, 10, 3);
    assertThat(events.byType(EventType.BACKPRESSURE)).isNotEmpty();
  }

  /** Every 7th item fails once, every 11th times out once; counters must equal the events. */
  private void assertCountersMatchEvents(int items, int concurrency, int queueDepth) {
    NodePolicy policy =
        NodePolicy.builder()
            .timeout(Duration.ofMillis(150))
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                    .build())
            .build();
    Engine<Bag> engine =
        Engine.builder(
                FanOut.graph(
                    items,
                    (i, attempt) -> {
                      if (attempt == 1 && i % 7 == 3) {
                        throw new TransientException("flaky " + i);
                      }
                      if (attempt == 1 && i % 11 == 5) {
                        Thread.sleep(5_000); // cut off at 150 ms
                      }
                      Thread.sleep(1);
                    },
                    policy))
            .options(
                Options.builder().maxConcurrentNodes(concurrency).queueDepth(queueDepth).build())
            .store(new InMemoryCheckpointStore<>())
            .emitter(events)
            .metrics(metrics)
            .build();

    engine.run("items", Bag.of());

    Scrape s = Scrape.parse(registry.scrape());
    assertThat(s.sum("weft_node_retries_total"))
        .isEqualTo(count(EventType.RETRY_SCHEDULED))
        .isEqualTo(14 + 9 - 1); // item 38 fails on its first attempt, so never times out
    assertThat(s.sum("weft_node_timeouts_total"))
        .isEqualTo(count(EventType.NODE_TIMED_OUT))
        .isEqualTo(8);
    assertThat(s.sum("weft_node_duration_seconds_count", "outcome", "success"))
        .isEqualTo(count(EventType.NODE_SUCCEEDED))
        .isEqualTo(items + 2);
    assertThat(s.sum("weft_node_duration_seconds_count", "outcome", "timeout"))
        .isEqualTo(count(EventType.NODE_TIMED_OUT));
    assertThat(s.sum("weft_node_duration_seconds_count", "outcome", "error"))
        .isEqualTo(count(EventType.NODE_FAILED) - count(EventType.NODE_TIMED_OUT));
    assertThat(s.sum("weft_node_duration_seconds_count")).isEqualTo(count(EventType.NODE_STARTED));
    assertThat(s.sum("weft_backpressure_events_total")).isEqualTo(count(EventType.BACKPRESSURE));
    assertThat(s.sum("weft_backpressure_wait_seconds_count"))
        .isEqualTo(count(EventType.BACKPRESSURE_RESOLVED) + count(EventType.BACKPRESSURE_TIMEOUT));
    assertThat(s.sum("weft_checkpoint_duration_seconds_count"))
        .isEqualTo(count(EventType.CHECKPOINT_SAVED));
    assertThat(s.sum("weft_runs_total", "outcome", "completed"))
        .isEqualTo(count(EventType.RUN_COMPLETED))
        .isEqualTo(1);
    assertThat(s.sum("weft_queue_depth")).isZero();
    assertThat(s.sum("weft_inflight_nodes")).isZero();
    assertThat(s.sum("weft_events_dropped_total")).isZero();
  }

  private double count(EventType type) {
    return events.byType(type).stream().map(Event::type).count();
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
