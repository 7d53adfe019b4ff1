package dev.weft.spi;

import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's only source of time: a monotonic clock for every duration and deadline, a wall clock
 * for event timestamps, and the one place the coordinator waits. Replace it in tests to make
 * backoff waits instant (a virtual clock) without changing what the engine decides.
 *
 * <pre>{@code
 * Engine.builder(graph).timeSource(TimeSource.system()).build();
 * }</pre>
 */
public interface TimeSource {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Wall-clock time for event timestamps. */
  Instant now();

  /**
   * Waits up to {@code timeoutNanos} for the next item of {@code queue}; {@code null} on timeout.
   *
   * @throws InterruptedException when the waiting thread is interrupted (the run was cancelled)
   */
  <T> T awaitNext(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException;

  /** Real time. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}

/** {@link System#nanoTime()}, {@link Instant#now()} and a real wait. */
enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public <T> T awaitNext(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException {
    return timeoutNanos == Long.MAX_VALUE
        ? queue.take()
        : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
  }
}
