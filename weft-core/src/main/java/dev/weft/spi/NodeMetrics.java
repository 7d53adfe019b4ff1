package dev.weft.spi;

/**
 * The measurements of one node's attempts, bound to that node once. When an engine is built it asks
 * its {@link EngineMetrics} for one per node of the graph ({@link EngineMetrics#forNode}) and then
 * reports every attempt of the node here, so an implementation finds its per-node meters once
 * instead of on every attempt.
 *
 * <p>Thread-safety: called from the coordinators, workers and watchdogs of many runs at once;
 * implementations must be thread-safe and return quickly (atomic counters).
 *
 * <pre>{@code
 * final class NodeCounters implements NodeMetrics {
 *   final LongAdder attempts = new LongAdder();
 *   @Override public void finished(String outcome, long durationNanos) { attempts.increment(); }
 *   @Override public void retryScheduled() {}
 *   @Override public void timedOut() {}
 *   @Override public void abandoned() {}
 * }
 * }</pre>
 */
public interface NodeMetrics {
  /**
   * An attempt ended; {@code outcome} is {@link EngineMetrics#SUCCESS}, {@link EngineMetrics#ERROR}
   * or {@link EngineMetrics#TIMEOUT}.
   */
  void finished(String outcome, long durationNanos);

  /** A retry of the node was scheduled (see {@link EngineMetrics#retryScheduled}). */
  void retryScheduled();

  /** An attempt of the node was cut off by a time limit. */
  void timedOut();

  /** A timed-out attempt of the node ignored its interrupt; its thread was abandoned. */
  void abandoned();
}
