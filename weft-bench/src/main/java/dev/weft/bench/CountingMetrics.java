package dev.weft.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Metrics that record everything the engine reports in {@link LongAdder}s, node durations included:
 * what a real metrics backend costs at the least. Backpressure counters come from {@link
 * BackpressureMetrics}; this adds the rest.
 */
public final class CountingMetrics extends BackpressureMetrics {
  final LongAdder nodes = new LongAdder();
  final LongAdder nodeNanos = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder abandoned = new LongAdder();
  final LongAdder runs = new LongAdder();
  final LongAdder runNanos = new LongAdder();
  final LongAdder checkpoints = new LongAdder();
  final LongAdder checkpointNanos = new LongAdder();

  @Override
  public boolean recordsDurations() {
    return true;
  }

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

  /** Runs finished so far. */
  public long runsFinished() {
    return runs.sum();
  }
}
