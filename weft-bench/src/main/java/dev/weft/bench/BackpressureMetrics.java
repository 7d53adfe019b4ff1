package dev.weft.bench;

import dev.weft.spi.EngineMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Backpressure monitoring alone: the queue, in-flight and backpressure hooks into {@link
 * LongAdder}s, and no node durations ({@link #recordsDurations()} is false), so the engine reads no
 * clock for it. What the "backpressure monitoring costs under 1%" figure is measured with.
 */
public class BackpressureMetrics implements EngineMetrics {
  final LongAdder backpressureEvents = new LongAdder();
  final LongAdder backpressureNanos = new LongAdder();
  final LongAdder queueDepth = new LongAdder();
  final LongAdder inFlight = new LongAdder();
  volatile int capacity;

  @Override
  public boolean recordsDurations() {
    return false;
  }

  @Override
  public void backpressureStarted() {
    backpressureEvents.increment();
  }

  @Override
  public void backpressureResolved(long waitNanos) {
    backpressureNanos.add(waitNanos);
  }

  @Override
  public void queueDepthChanged(int delta) {
    queueDepth.add(delta);
  }

  @Override
  public void queueCapacity(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public void inFlightChanged(int delta) {
    inFlight.add(delta);
  }

  /** Times the coordinator found the work queue full. */
  public long backpressureEvents() {
    return backpressureEvents.sum();
  }
}
