package dev.weft.bench;

import dev.weft.spi.EngineMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Metrics that record everything the engine reports in {@link LongAdder}s: what a real metrics
 * backend costs at the least, used to measure the overhead of monitoring.
 */
public final class CountingMetrics implements EngineMetrics {
  final LongAdder nodes = new LongAdder();
  final LongAdder nodeNanos = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder abandoned = new LongAdder();
  final LongAdder backpressureEvents = new LongAdder();
  final LongAdder backpressureNanos = new LongAdder();
  final LongAdder queueDepth = new LongAdder();
  final LongAdder inFlight = new LongAdder();
  final LongAdder runs = new LongAdder();
  final LongAdder runNanos = new LongAdder();
  final LongAdder checkpoints = new LongAdder();
  final LongAdder checkpointNanos = new LongAdder();
  volatile int capacity;

  @Override
  public void nodeFinished(String nodeId, String outcome, long durationNanos) {
    nodes.increment();
    nodeNanos.add(durationNanos);
  }

  @Override
  public void retryScheduled(String nodeId) {
    retries.increment();
  }

  @Override
  public void nodeTimedOut(String nodeId) {
    timeouts.increment();
  }

  @Override
  public void nodeAbandoned(String nodeId) {
    abandoned.increment();
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

  @Override
  public void runFinished(String outcome, long durationNanos) {
    runs.increment();
    runNanos.add(durationNanos);
  }

  @Override
  public void checkpointSaved(long durationNanos) {
    checkpoints.increment();
    checkpointNanos.add(durationNanos);
  }

  /** Node attempts finished so far. */
  public long nodesFinished() {
    return nodes.sum();
  }

  /** Times the coordinator found the work queue full. */
  public long backpressureEvents() {
    return backpressureEvents.sum();
  }

  /** Runs finished so far. */
  public long runsFinished() {
    return runs.sum();
  }
}
