package dev.weft.spi;

/**
 * Receives the engine's measurements, for an implementation to export as metrics (for example
 * Prometheus' {@code weft_node_duration_seconds}, {@code weft_node_retries_total}, …). Calls come
 * from the coordinators and worker threads of many runs at once, so implementations must be
 * thread-safe and return quickly (atomic counters); every method defaults to doing nothing. A
 * node's attempts are reported to the {@link NodeMetrics} that {@link #forNode} returns for it.
 *
 * <pre>{@code
 * EngineMetrics counting = new EngineMetrics() {
 *   final LongAdder retries = new LongAdder();
 *   @Override public void retryScheduled(String nodeId) { retries.increment(); }
 * };
 * }</pre>
 */
public interface EngineMetrics {
  /** Outcome label of a successful attempt. */
  String SUCCESS = "success";

  /** Outcome label of an attempt that threw or returned nothing. */
  String ERROR = "error";

  /** Outcome label of an attempt cut off by a time limit. */
  String TIMEOUT = "timeout";

  /**
   * The measurements of node {@code nodeId}. The engine asks once for each node of its graph, when
   * it is built, and reports every attempt of the node to the result. The default reports to this
   * object's per-node methods ({@link #nodeFinished}, {@link #retryScheduled}, {@link
   * #nodeTimedOut}, {@link #nodeAbandoned}); override it to look per-node meters up once rather
   * than on every attempt. Must not return {@code null}.
   */
  default NodeMetrics forNode(String nodeId) {
    return new NodeMetricsById(this, java.util.Objects.requireNonNull(nodeId, "nodeId"));
  }

  /**
   * An attempt ended; {@code outcome} is {@link #SUCCESS}, {@link #ERROR} or {@link #TIMEOUT}.
   * Reached through the default {@link #forNode}.
   */
  default void nodeFinished(String nodeId, String outcome, long durationNanos) {}

  /**
   * Whether {@link #nodeFinished} needs real durations. Timing an attempt costs two clock reads
   * (tens of nanoseconds); an implementation that keeps only counters may return {@code false}, and
   * then receives a duration of 0 unless events or a time limit need the clock anyway.
   */
  default boolean recordsDurations() {
    return true;
  }

  /**
   * A retry of the node was scheduled: once per {@code RETRY_SCHEDULED} event, including a pending
   * retry scheduled again by a resume. Reached through the default {@link #forNode}.
   */
  default void retryScheduled(String nodeId) {}

  /**
   * An attempt of the node was cut off by a time limit; reached through the default {@link
   * #forNode}.
   */
  default void nodeTimedOut(String nodeId) {}

  /**
   * A timed-out attempt of the node ignored its interrupt; its thread was abandoned. Reached
   * through the default {@link #forNode}.
   */
  default void nodeAbandoned(String nodeId) {}

  /** The coordinator found the work queue full and began to wait. */
  default void backpressureStarted() {}

  /** A backpressure wait ended after {@code waitNanos}. */
  default void backpressureResolved(long waitNanos) {}

  /**
   * A backpressure wait outlived {@code Options.backpressureTimeout}: the run fails (once per
   * {@code BACKPRESSURE_TIMEOUT} event; {@link #backpressureResolved} reports the wait too).
   */
  default void backpressureTimedOut() {}

  /** Activations waiting in work queues changed by {@code delta} (summed over runs). */
  default void queueDepthChanged(int delta) {}

  /** The configured queue capacity of the engine. */
  default void queueCapacity(int capacity) {}

  /** Attempts running changed by {@code delta} (summed over runs). */
  default void inFlightChanged(int delta) {}

  /** A run ended: {@code completed}, {@code failed}, {@code paused} or {@code cancelled}. */
  default void runFinished(String outcome, long durationNanos) {}

  /** A checkpoint save took {@code durationNanos}. */
  default void checkpointSaved(long durationNanos) {}

  /**
   * {@code count} events were not delivered: the engine's emitter threw on them, or an {@link
   * dev.weft.emit.AsyncEmitter} dropped them (queue full, closed) or its delegate threw.
   */
  default void eventsDropped(long count) {}

  /** Metrics that record nothing. */
  static EngineMetrics none() {
    return NoMetrics.INSTANCE;
  }
}

/** The no-op metrics. */
enum NoMetrics implements EngineMetrics, NodeMetrics {
  INSTANCE;

  @Override
  public NodeMetrics forNode(String nodeId) {
    return this;
  }

  @Override
  public void finished(String outcome, long durationNanos) {}

  @Override
  public void retryScheduled() {}

  @Override
  public void timedOut() {}

  @Override
  public void abandoned() {}

  @Override
  public boolean recordsDurations() {
    return false;
  }
}
