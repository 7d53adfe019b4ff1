package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Options;
import dev.weft.RunResult;
import dev.weft.RunStats;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance 5: 100 activations through 10 workers and a 5-slot queue, 50 times: counts agree, no
 * activation is lost or run twice, nothing deadlocks, and every run ends in the same state.
 */
class BackpressureStressTest {
  private static final int RUNS = 50;
  private static final int WIDTH = 100;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fiftyRunsAreConsistentAndIdentical() {
    RecordingMetrics metrics = new RecordingMetrics();
    Set<Tally> finalStates = new HashSet<>();
    long waits = 0;
    for (int run = 0; run < RUNS; run++) {
      FanOut fan = new FanOut(WIDTH);
      // Random sub-millisecond work shuffles completion order from run to run.
      Engine<Tally> engine =
          Engine.builder(
                  fan.graph(
                      i ->
                          LockSupport.parkNanos(
                              ThreadLocalRandom.current().nextLong(50_000, 500_000))))
              .options(Options.builder().maxConcurrentNodes(10).queueDepth(5).build())
              .metrics(metrics)
              .build();

      RunResult<Tally> result = engine.runForResult("stress", Tally.of());

      RunStats stats = result.stats();
      int executed = fan.runs("fan") + fan.runs("work") + fan.runs("done");
      assertThat(executed).isEqualTo(WIDTH + 2);
      assertThat(stats.enqueued()).isEqualTo(executed);
      assertThat(stats.dequeued()).isEqualTo(executed);
      assertThat(stats.activations()).isEqualTo(executed);
      assertThat(stats.attempts()).isEqualTo(executed);
      assertThat(stats.peakQueueDepth()).isEqualTo(5);
      assertThat(stats.peakInFlight()).isEqualTo(10);
      assertThat(fan.branchRuns).hasSize(WIDTH);
      assertThat(fan.branchRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(result.state().items()).hasSize(WIDTH + 1);
      finalStates.add(result.state());
      waits += stats.backpressureEvents();
    }
    long total = (long) RUNS * (WIDTH + 2);
    assertThat(metrics.enqueued.get()).isEqualTo(total);
    assertThat(metrics.dequeued.get()).isEqualTo(total);
    assertThat(metrics.succeeded.get()).isEqualTo(total);
    assertThat(metrics.depth.get()).isZero();
    assertThat(metrics.inFlight.get()).isZero();
    assertThat(metrics.maxDepth.get()).isEqualTo(5);
    assertThat(metrics.maxInFlight.get()).isEqualTo(10);
    assertThat(metrics.startedAt()).hasSize((int) waits);
    assertThat(metrics.waits()).hasSize((int) waits);
    assertThat(waits).isPositive();
    assertThat(finalStates).hasSize(1);
  }
}
