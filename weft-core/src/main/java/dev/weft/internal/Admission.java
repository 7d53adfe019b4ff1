package dev.weft.internal;

import dev.weft.BackpressureTimeoutException;
import dev.weft.EventType;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;
import java.util.Map;

/**
 * Admission of a step's attempts and backpressure: how many admitted attempts are unfinished, how
 * many of them wait for a worker (the queue depth), when admission waits for queue space, for how
 * long, and when that wait times out. A sequential run admits one attempt at a time and never waits
 * for space.
 *
 * <p>The depth is accounted by the coordinator: every worker slot holds one unfinished attempt
 * before any waits. Counting this way (not by what workers have taken so far) keeps backpressure a
 * property of the workload, not of how fast workers start; a completion, which always wakes the
 * coordinator, is what frees space.
 *
 * <p>Coordinator thread only: every field is read and written by the run's coordinator.
 *
 * @param <S> the state type
 */
final class Admission<S> {
  private final RunLoop<S> run;
  private final Events events;
  private final EngineMetrics metrics;
  private final Stats stats;
  private final boolean sequential;
  private final int capacity;
  private final int workers;
  private final long timeoutNanos;

  private int outstanding; // admitted attempts not yet finished, timed out or cut off
  private int reportedDepth; // the queue depth last reported to metrics
  // Whether admission waits for queue space, and since when. A monotonic reading may be any long,
  // negative included, so no reading doubles as "not waiting".
  private boolean waiting;
  private long since;

  Admission(RunLoop<S> run, int workers) {
    this.run = run;
    this.events = run.runner.events;
    this.metrics = run.runner.metrics;
    this.stats = run.stats;
    this.sequential = run.runner.options.sequential();
    this.capacity = sequential ? Integer.MAX_VALUE : run.runner.options.queueDepth();
    this.workers = workers;
    this.timeoutNanos =
        run.runner
            .options
            .backpressureTimeout()
            .map(Durations::saturatedNanos)
            .orElse(Long.MAX_VALUE);
  }

  void beginStep() {
    outstanding = 0;
    reportedDepth = 0;
    waiting = false;
  }

  /** Admitted attempts not yet over. */
  int outstanding() {
    return outstanding;
  }

  /** Whether another attempt may be admitted now. */
  boolean hasRoom() {
    return sequential ? outstanding == 0 : queued() < capacity;
  }

  /** An attempt is admitted; {@code queued} when it goes through the work queue. */
  void admitted(boolean queued) {
    outstanding++;
    stats.attempts++;
    if (queued && !sequential) {
      stats.enqueued++;
      metrics.queueDepthChanged(1);
      reportedDepth++;
      syncDepth();
    }
  }

  /** An admitted attempt is over (finished, timed out or withdrawn from the queue). */
  void finished() {
    if (outstanding <= 0) {
      throw new IllegalStateException("an attempt finished that was never admitted");
    }
    outstanding--;
    if (!sequential) {
      syncDepth();
    }
  }

  /** Admission found the queue full with {@code nodeId} next in line: backpressure begins. */
  void startWaiting(String nodeId) {
    if (sequential || waiting) {
      return;
    }
    waiting = true;
    since = run.time.nanoTime();
    stats.backpressureEvents++;
    metrics.backpressureStarted();
    if (events.wants(EventType.BACKPRESSURE)) {
      events.emit(
          run.runId,
          run.step,
          nodeId,
          EventType.BACKPRESSURE,
          0,
          Map.of("depth", queued(), "capacity", capacity, "inFlight", outstanding - queued()));
    }
  }

  /** Space was found for {@code nodeId}: the wait, if any, is over. */
  void endWaiting(String nodeId) {
    if (!waiting) {
      return;
    }
    long waited = recordWait(run.time.nanoTime());
    if (events.wants(EventType.BACKPRESSURE_RESOLVED)) {
      events.emit(
          run.runId,
          run.step,
          nodeId,
          EventType.BACKPRESSURE_RESOLVED,
          0,
          Map.of("waitNanos", waited));
    }
  }

  /** When the current wait times out, {@link Long#MAX_VALUE} when not waiting or no timeout. */
  long timeoutAt() {
    return waiting && timeoutNanos != Long.MAX_VALUE
        ? Durations.saturatingAdd(since, timeoutNanos)
        : Long.MAX_VALUE;
  }

  /**
   * The wait has timed out at {@code now} with {@code nodeId} next in line: records and reports it,
   * drops the queued attempts from the depth gauge and returns what the run fails with.
   */
  BackpressureTimeoutException timedOut(String nodeId, long now) {
    int depth = queued();
    long waited = recordWait(now);
    metrics.backpressureTimedOut();
    if (events.wants(EventType.BACKPRESSURE_TIMEOUT)) {
      events.emit(
          run.runId,
          run.step,
          nodeId,
          EventType.BACKPRESSURE_TIMEOUT,
          0,
          Map.of("depth", depth, "capacity", capacity, "waitNanos", waited));
    }
    dropQueued();
    return new BackpressureTimeoutException(
        run.runId, run.step, nodeId, Duration.ofNanos(waited), depth, capacity);
  }

  /** Whether the current wait has lasted the backpressure timeout at {@code now}. */
  boolean hasTimedOut(long now) {
    return waiting && now - since >= timeoutNanos;
  }

  /**
   * The step is cut short: queued attempts leave the gauge (not as dequeued) and a running wait is
   * recorded, so every started wait has a duration.
   */
  void stop() {
    dropQueued();
    if (waiting) {
      recordWait(run.time.nanoTime());
    }
  }

  private long recordWait(long now) {
    long waited = now - since;
    waiting = false;
    stats.backpressureWaitNanos += waited;
    metrics.backpressureResolved(waited);
    return waited;
  }

  /** Admitted attempts waiting for a worker, as the coordinator accounts them. */
  private int queued() {
    return Math.max(0, outstanding - workers);
  }

  /** Reports attempts that got a worker slot as dequeued, so the depth gauge follows queued(). */
  private void syncDepth() {
    int depth = queued();
    stats.peakQueueDepth = Math.max(stats.peakQueueDepth, depth);
    while (reportedDepth > depth) {
      reportedDepth--;
      stats.dequeued++;
      metrics.queueDepthChanged(-1);
    }
  }

  private void dropQueued() {
    if (!sequential && reportedDepth > 0) {
      metrics.queueDepthChanged(-reportedDepth);
      reportedDepth = 0;
    }
  }
}
