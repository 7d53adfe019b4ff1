package dev.weft.backpressure;

import dev.weft.spi.EngineMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Metrics that keep running sums, extremes and the moment each backpressure wait began. */
final class RecordingMetrics implements EngineMetrics {
  final AtomicInteger capacity = new AtomicInteger(-1);
  final AtomicInteger depth = new AtomicInteger();
  final AtomicInteger maxDepth = new AtomicInteger();
  final AtomicInteger minDepth = new AtomicInteger();
  final AtomicLong enqueued = new AtomicLong();
  final AtomicLong dequeued = new AtomicLong();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger minInFlight = new AtomicInteger();
  final AtomicLong succeeded = new AtomicLong();
  private final List<Long> startedAt = new ArrayList<>();
  private final List<Long> waits = new ArrayList<>();
  private final List<Integer> depths = new ArrayList<>();

  @Override
  public void backpressureStarted() {
    long now = System.nanoTime();
    synchronized (this) {
      startedAt.add(now);
    }
  }

  @Override
  public synchronized void backpressureResolved(long waitNanos) {
    waits.add(waitNanos);
  }

  @Override
  public void queueDepthChanged(int delta) {
    (delta > 0 ? enqueued : dequeued).addAndGet(Math.abs(delta));
    int now = depth.addAndGet(delta);
    maxDepth.accumulateAndGet(now, Math::max);
    minDepth.accumulateAndGet(now, Math::min);
    synchronized (this) {
      depths.add(now);
    }
  }

  @Override
  public void queueCapacity(int capacity) {
    this.capacity.set(capacity);
  }

  @Override
  public void inFlightChanged(int delta) {
    int now = inFlight.addAndGet(delta);
    maxInFlight.accumulateAndGet(now, Math::max);
    minInFlight.accumulateAndGet(now, Math::min);
  }

  @Override
  public void nodeFinished(String nodeId, String outcome, long durationNanos) {
    if (SUCCESS.equals(outcome)) {
      succeeded.incrementAndGet();
    }
  }

  /** {@link System#nanoTime()} at each backpressureStarted call, in order. */
  synchronized List<Long> startedAt() {
    return List.copyOf(startedAt);
  }

  /** Every wait reported to backpressureResolved, in order. */
  synchronized List<Long> waits() {
    return List.copyOf(waits);
  }

  /** The queue depth after each change, in order (meaningful for one run at a time). */
  synchronized List<Integer> depths() {
    return List.copyOf(depths);
  }

  synchronized long waitSum() {
    return waits.stream().mapToLong(Long::longValue).sum();
  }
}
