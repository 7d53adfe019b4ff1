package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.BackpressureTimeoutException;
import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.Options;
import dev.weft.RunStats;
import dev.weft.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A monotonic clock may read negative ({@link System#nanoTime()} and {@link TimeSource} promise
 * only differences): backpressure still resolves, is timed and times out.
 */
class NegativeClockTest {
  /** Real time, shifted far below zero; differences stay exact. */
  static final class NegativeClock implements TimeSource {
    private static final long SHIFT = Long.MIN_VALUE / 2;

    @Override
    public long nanoTime() {
      return System.nanoTime() + SHIFT;
    }

    @Override
    public Instant now() {
      return TimeSource.system().now();
    }

    @Override
    public <T> T awaitNext(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException {
      return TimeSource.system().awaitNext(queue, timeoutNanos);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void waitsForQueueSpaceAreResolvedAndTimed() {
    assertThat(new NegativeClock().nanoTime()).isNegative();
    FanOut fan = new FanOut(8);
    Graph<Tally> graph = fan.graph(i -> Thread.sleep(20));
    TimedEmitter events = new TimedEmitter();
    Engine<Tally> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(2).queueDepth(1).build())
            .timeSource(new NegativeClock())
            .emitter(events)
            .build();

    RunStats stats = engine.runForResult("negative", Tally.of()).stats();

    assertThat(stats.backpressureEvents()).isPositive();
    assertThat(events.ofType(EventType.BACKPRESSURE)).hasSize((int) stats.backpressureEvents());
    assertThat(events.ofType(EventType.BACKPRESSURE_RESOLVED))
        .hasSize((int) stats.backpressureEvents());
    assertThat(stats.backpressureWait()).isGreaterThan(Duration.ZERO);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aLongWaitTimesOut() {
    FanOut fan = new FanOut(8);
    Graph<Tally> graph = fan.graph(i -> Thread.sleep(300));
    Engine<Tally> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(2)
                    .queueDepth(2)
                    .backpressureTimeout(Duration.ofMillis(50))
                    .build())
            .timeSource(new NegativeClock())
            .build();

    assertThatThrownBy(() -> engine.run("negative-timeout", Tally.of()))
        .isInstanceOf(BackpressureTimeoutException.class);
  }
}
