package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Options;
import dev.weft.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance 1: a saturated queue is counted and reported at once, with depth, capacity and node.
 */
class BackpressureEventsTest {
  private static final long PROMPT_NANOS = Duration.ofMillis(100).toNanos();

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void everyWaitIsCountedAndReportedWithin100msOfFindingTheQueueFull() {
    FanOut fan = new FanOut(20);
    RecordingMetrics metrics = new RecordingMetrics();
    TimedEmitter events = new TimedEmitter();
    Engine<Tally> engine =
        Engine.builder(fan.sleeping(50))
            .options(Options.builder().maxConcurrentNodes(2).queueDepth(10).build())
            .metrics(metrics)
            .emitter(events)
            .build();

    RunResult<Tally> result = engine.runForResult("bp-events", Tally.of());

    List<TimedEmitter.Received> waits = events.ofType(EventType.BACKPRESSURE);
    // 20 activations, 2 running and 10 queued: 8 must wait. A wait ends when one or both workers
    // free a slot, so there are between 4 and 8 waits.
    assertThat(waits).hasSizeBetween(4, 8);
    assertThat(result.stats().backpressureEvents()).isEqualTo(waits.size());
    assertThat(metrics.startedAt()).hasSize(waits.size());
    assertThat(metrics.waits()).hasSize(waits.size());
    assertThat(events.ofType(EventType.BACKPRESSURE_RESOLVED)).hasSize(waits.size());

    List<Long> saturatedAt = metrics.startedAt();
    for (int i = 0; i < waits.size(); i++) {
      TimedEmitter.Received r = waits.get(i);
      assertThat(r.event().nodeId()).isEqualTo("work");
      assertThat(r.event().step()).isEqualTo(1);
      assertThat(r.attribute("depth")).isEqualTo(10);
      assertThat(r.attribute("capacity")).isEqualTo(10);
      long latency = r.nanos() - saturatedAt.get(i);
      assertThat(latency).as("latency of BACKPRESSURE #%d", i).isBetween(0L, PROMPT_NANOS);
    }
    assertThat(result.state().items()).hasSize(21);
    assertThat(fan.runs("work")).isEqualTo(20);
  }
}
