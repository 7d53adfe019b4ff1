package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Options;
import dev.weft.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance 2: the recorded wait is the time the coordinator blocked. A wait runs from finding the
 * queue full until the coordinator admits the next activation, which happens after the worker that
 * freed the slot finished; so it is at least that interval and exceeds it only by the coordinator's
 * wake-up latency. Tolerance (as in docs/backpressure.md): 50 ms on a loaded machine.
 */
class BackpressureWaitTest {
  private static final long TOLERANCE_NANOS = Duration.ofMillis(50).toNanos();

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void recordedWaitMatchesTheObservedBlocking() {
    FanOut fan = new FanOut(5);
    List<Long> finishedAt = new ArrayList<>();
    RecordingMetrics metrics = new RecordingMetrics();
    TimedEmitter events = new TimedEmitter();
    Engine<Tally> engine =
        Engine.builder(
                fan.graph(
                    i -> {
                      Thread.sleep(60);
                      synchronized (finishedAt) {
                        finishedAt.add(System.nanoTime());
                      }
                    }))
            .options(Options.builder().maxConcurrentNodes(1).queueDepth(1).build())
            .metrics(metrics)
            .emitter(events)
            .build();

    RunResult<Tally> result = engine.runForResult("bp-wait", Tally.of());

    // One worker, one queue slot, five activations: activations 3, 4 and 5 each wait for the
    // activation two ahead of them to finish.
    List<Long> started = metrics.startedAt();
    List<Long> waits = metrics.waits();
    assertThat(started).hasSize(3);
    assertThat(waits).hasSize(3);
    for (int i = 0; i < 3; i++) {
      long observed = finishedAt.get(i) - started.get(i);
      assertThat(waits.get(i))
          .as("wait #%d vs observed %dns", i, observed)
          .isBetween(observed, observed + TOLERANCE_NANOS);
    }

    // The three views of the waits agree exactly.
    List<TimedEmitter.Received> resolved = events.ofType(EventType.BACKPRESSURE_RESOLVED);
    assertThat(resolved)
        .extracting(r -> (Long) r.attribute("waitNanos"))
        .containsExactlyElementsOf(waits);
    assertThat(result.stats().backpressureWait()).isEqualTo(Duration.ofNanos(metrics.waitSum()));

    // An emitter timing BACKPRESSURE to BACKPRESSURE_RESOLVED sees the same wait.
    List<TimedEmitter.Received> begun = events.ofType(EventType.BACKPRESSURE);
    for (int i = 0; i < 3; i++) {
      long seen = resolved.get(i).nanos() - begun.get(i).nanos();
      assertThat(seen)
          .isCloseTo(waits.get(i), org.assertj.core.data.Offset.offset(TOLERANCE_NANOS));
    }
  }
}
