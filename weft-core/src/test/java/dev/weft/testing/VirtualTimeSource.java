package dev.weft.testing;

import dev.weft.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests that moves only when the engine waits: a backoff of ten seconds passes at once,
 * and every wait the engine asked for is recorded, so a test can assert that a wait did (or did
 * not) happen.
 *
 * <p>When the engine waits on an empty queue with a finite timeout, the clock jumps forward by that
 * timeout and the wait returns {@code null}, as a real wait would after that long. An infinite wait
 * blocks for real: only another thread can end it.
 *
 * <p>Trade-off: the clock cannot see attempts running on other threads. {@link #instant()} jumps at
 * once and suits sequential runs whose attempts run inline (no node timeout, no run budget). {@link
 * #withGrace(Duration)} first waits up to the grace in real time for a completion, so an attempt
 * that finishes within the grace is seen before time moves; a slower one lets virtual time pass,
 * which can fire node timeouts or the run budget early. Use the real clock for tests where that
 * matters.
 *
 * <pre>{@code
 * VirtualTimeSource clock = VirtualTimeSource.instant();
 * Engine<S> engine = Engine.builder(graph).timeSource(clock).build();
 * engine.run("r1", initial);
 * assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
 * }</pre>
 */
public final class VirtualTimeSource implements TimeSource {
  private static final Instant EPOCH = Instant.parse("2030-01-01T00:00:00Z");

  private final long graceNanos;
  private final AtomicLong nanos = new AtomicLong();
  private final List<Duration> waits = new ArrayList<>();
  private final List<Duration> sleeps = new ArrayList<>();

  private VirtualTimeSource(long graceNanos) {
    this.graceNanos = graceNanos;
  }

  /** A clock that jumps as soon as the engine waits on an empty queue. */
  public static VirtualTimeSource instant() {
    return new VirtualTimeSource(0);
  }

  /** A clock that first waits up to {@code grace} of real time for attempts on other threads. */
  public static VirtualTimeSource withGrace(Duration grace) {
    return new VirtualTimeSource(grace.toNanos());
  }

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
    synchronized (waits) {
      waits.add(Duration.ofNanos(timeoutNanos));
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    T next = graceNanos == 0 ? queue.poll() : queue.poll(graceNanos, TimeUnit.NANOSECONDS);
    if (next != null) {
      return next;
    }
    if (timeoutNanos == Long.MAX_VALUE) {
      return queue.take();
    }
    synchronized (waits) {
      sleeps.add(Duration.ofNanos(timeoutNanos));
    }
    advance(Duration.ofNanos(timeoutNanos));
    return null;
  }

  /** Moves the clock forward, as if {@code duration} had passed. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  /** Virtual time passed since the clock was made. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  /**
   * Every wait the engine asked for, in order (an infinite wait as {@code Long.MAX_VALUE} nanos),
   * whether it ended early or not.
   */
  public List<Duration> waits() {
    synchronized (waits) {
      return List.copyOf(waits);
    }
  }

  /** The waits that ran to their end, in order: the time the clock was moved by the engine. */
  public List<Duration> sleeps() {
    synchronized (waits) {
      return List.copyOf(sleeps);
    }
  }
}
