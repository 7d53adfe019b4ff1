package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Options;
import dev.weft.RunResult;
import dev.weft.emit.AsyncEmitter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backpressure events never hold up the coordinator when the sink is slow behind an AsyncEmitter.
 */
class NonBlockingEmissionTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aRunWithBackpressureCompletesWhileTheEventSinkIsStuck() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger delivered = new AtomicInteger();
    Emitter stuck =
        event -> {
          delivered.incrementAndGet();
          try {
            release.await(); // a sink that hangs until the run is over
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    FanOut fan = new FanOut(200);
    try (AsyncEmitter async = new AsyncEmitter(stuck, 16)) {
      Engine<Tally> engine =
          Engine.builder(fan.sleeping(1))
              .options(Options.builder().maxConcurrentNodes(4).queueDepth(4).build())
              .emitter(async)
              .build();

      RunResult<Tally> result = engine.runForResult("bp-async", Tally.of());

      assertThat(result.state().items()).hasSize(201);
      assertThat(result.stats().backpressureEvents()).isPositive();
      assertThat(delivered.get()).as("the sink took one event and hung").isEqualTo(1);
      assertThat(async.dropped())
          .as("events beyond the hand-off queue were dropped, not waited for")
          .isPositive();
      release.countDown();
    }
  }
}
