package dev.weft.support;

import dev.weft.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A virtual clock: a wait with a finite timeout on an empty queue returns at once after moving the
 * clock forward by the timeout, so backoff waits cost no real time. Only for graphs without time
 * limits: a running attempt's deadline would otherwise be reached instantly.
 */
public final class VirtualTime implements TimeSource {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return EPOCH.plusNanos(nanos.get());
  }

  @Override
  public <T> T awaitNext(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException {
    T item = queue.poll();
    if (item != null) {
      return item;
    }
    if (timeoutNanos == Long.MAX_VALUE) {
      return queue.take();
    }
    waits.add(Duration.ofNanos(timeoutNanos));
    nanos.addAndGet(timeoutNanos);
    return null;
  }

  /** Moves the clock forward. */
  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  /** Every timed wait the engine asked for, in order. */
  public List<Duration> waits() {
    return List.copyOf(waits);
  }
}
