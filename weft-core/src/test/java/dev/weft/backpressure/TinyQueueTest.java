package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Options;
import dev.weft.RunResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Acceptance 6: the smallest queue and pool still carry a wide fan-out to the end. */
class TinyQueueTest {
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void queueOfOneAndOneWorkerCompleteA1000WayFanOut() {
    FanOut fan = new FanOut(1000);
    RecordingMetrics metrics = new RecordingMetrics();
    Engine<Tally> engine =
        Engine.builder(fan.sleeping(0))
            .options(Options.builder().maxConcurrentNodes(1).queueDepth(1).build())
            .metrics(metrics)
            .build();

    RunResult<Tally> result = engine.runForResult("bp-tiny", Tally.of());

    assertThat(result.state().items()).hasSize(1001).endsWith(-1);
    assertThat(fan.branchRuns).hasSize(1000);
    assertThat(fan.branchRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(result.stats().peakQueueDepth()).isEqualTo(1);
    assertThat(result.stats().peakInFlight()).isEqualTo(1);
    // A short attempt may run on the coordinator when the worker slot is free; it skips the queue.
    assertThat(result.stats().enqueued()).isEqualTo(1002 - fan.inline.get());
    // With one worker slot and one queue slot, at most every activation but the first two of the
    // fan-out waits; fewer when the worker finishes two before the coordinator looks again.
    assertThat(result.stats().backpressureEvents()).isBetween(1L, 998L);
    assertThat(metrics.maxDepth.get()).isEqualTo(1);
    assertThat(metrics.maxInFlight.get()).isEqualTo(1);
    assertThat(metrics.depth.get()).isZero();
  }
}
