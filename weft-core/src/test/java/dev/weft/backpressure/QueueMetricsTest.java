package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Options;
import dev.weft.RunResult;
import dev.weft.RunStats;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Acceptance 4: queue depth and in-flight metrics during a 10-way fan-out. */
class QueueMetricsTest {
  private static final int WORKERS = 3;
  private static final int CAPACITY = 4;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void depthRisesAndFallsAndInFlightStaysWithinTheLimit() {
    FanOut fan = new FanOut(10);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    RecordingMetrics metrics = new RecordingMetrics();
    TimedEmitter events = new TimedEmitter();
    Engine<Tally> engine =
        Engine.builder(
                fan.graph(
                    i -> {
                      mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                      Thread.sleep(20);
                      running.decrementAndGet();
                    }))
            .options(Options.builder().maxConcurrentNodes(WORKERS).queueDepth(CAPACITY).build())
            .metrics(metrics)
            .emitter(events)
            .build();

    assertThat(metrics.capacity.get()).isEqualTo(CAPACITY);
    RunResult<Tally> result = engine.runForResult("bp-metrics", Tally.of());

    // Depth: rose to the capacity, never beyond, and fell back to 0.
    assertThat(metrics.maxDepth.get()).isEqualTo(CAPACITY);
    assertThat(metrics.minDepth.get()).isZero();
    assertThat(metrics.depth.get()).isZero();
    List<Integer> depths = metrics.depths();
    int peak = depths.indexOf(CAPACITY);
    assertThat(peak).isPositive();
    assertThat(depths.subList(peak, depths.size())).contains(CAPACITY - 1, 1, 0);
    assertThat(depths.getLast()).isZero();

    // In flight: never above maxConcurrentNodes, reached it, back to 0.
    assertThat(metrics.maxInFlight.get()).isEqualTo(WORKERS);
    assertThat(metrics.minInFlight.get()).isZero();
    assertThat(metrics.inFlight.get()).isZero();
    assertThat(mostRunning.get()).isLessThanOrEqualTo(WORKERS);

    RunStats stats = result.stats();
    assertThat(stats.peakQueueDepth()).isEqualTo(CAPACITY);
    assertThat(stats.peakInFlight()).isEqualTo(WORKERS);
    assertThat(stats.steps()).isEqualTo(3);
    assertThat(stats.activations()).isEqualTo(12);
    assertThat(stats.attempts()).isEqualTo(12);
    assertThat(stats.enqueued()).isEqualTo(12).isEqualTo(metrics.enqueued.get());
    assertThat(stats.dequeued()).isEqualTo(12).isEqualTo(metrics.dequeued.get());
    assertThat(events.ofType(EventType.STEP_COMMITTED))
        .extracting(r -> r.attribute("activations"))
        .containsExactly(1, 10, 1);
  }
}
