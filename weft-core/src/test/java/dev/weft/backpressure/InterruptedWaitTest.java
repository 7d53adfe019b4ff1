package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Options;
import dev.weft.RunBudgetExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backpressure wait that ends because the run stops still counts: started and ended waits pair
 * up.
 */
class InterruptedWaitTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aWaitCutShortByTheRunBudgetIsStillRecorded() {
    FanOut fan = new FanOut(3);
    RecordingMetrics metrics = new RecordingMetrics();
    Engine<Tally> engine =
        Engine.builder(fan.sleeping(10_000))
            .options(
                Options.builder()
                    .maxConcurrentNodes(1)
                    .queueDepth(1)
                    .runWallClockBudget(Duration.ofMillis(300))
                    .build())
            .metrics(metrics)
            .build();

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> engine.run("bp-budget", Tally.of()))
        .isInstanceOf(RunBudgetExceededException.class);
    long elapsed = System.nanoTime() - t0;

    // The third activation was waiting for queue space when the budget ran out.
    assertThat(metrics.startedAt()).hasSize(1);
    assertThat(metrics.waits()).hasSize(1);
    assertThat(metrics.waits().getFirst()).isPositive().isLessThanOrEqualTo(elapsed);
    assertThat(metrics.depth.get()).isZero();
    assertThat(metrics.inFlight.get()).isZero();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aWaitCutShortByCancellationIsStillRecorded() throws InterruptedException {
    FanOut fan = new FanOut(3);
    RecordingMetrics metrics = new RecordingMetrics();
    CountDownLatch ended = new CountDownLatch(1);
    Engine<Tally> engine =
        Engine.builder(fan.sleeping(10_000))
            .options(Options.builder().maxConcurrentNodes(1).queueDepth(1).build())
            .metrics(metrics)
            .emitter(
                event -> {
                  if (event.type() == EventType.RUN_FAILED) {
                    ended.countDown();
                  }
                })
            .build();

    CompletableFuture<Tally> run = engine.runAsync("bp-cancel", Tally.of());
    while (metrics.startedAt().isEmpty()) {
      Thread.sleep(5);
    }
    run.cancel(true);
    ended.await();

    assertThat(metrics.waits()).hasSize(1);
    assertThat(metrics.waits().getFirst()).isPositive();
    assertThat(metrics.depth.get()).isZero();
    assertThat(metrics.inFlight.get()).isZero();
  }
}
