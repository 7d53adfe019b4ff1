package dev.weft.internal;

import dev.weft.EventType;
import dev.weft.NodeFailedException;
import dev.weft.NodeTimeoutException;
import dev.weft.RetriesExhaustedException;
import dev.weft.RetryPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Where retries live: every failure of a step's activations, the seeded backoff delays, the retries
 * waiting for their delay and those due to run again, and the exception a node finally fails with.
 * The coordinator ({@link StepExecution}) decides when to retry; this keeps the books. One per run,
 * reset every step; coordinator-only.
 */
final class Retries {
  private static final long JITTER_SALT = 0x6a09e667f3bcc909L;

  private final RunLoop<?> run;
  private PriorityQueue<long[]> waiting; // {due, index}, created on the first retry
  private ArrayDeque<Integer> due; // retries whose delay is over, waiting for a worker
  private Map<Integer, List<Throwable>> failures; // per activation index, in attempt order

  Retries(RunLoop<?> run) {
    this.run = run;
  }

  void beginStep() {
    clear();
    if (failures != null) {
      failures.clear();
    }
  }

  /** Drops every pending retry (the step is cut short; attempt numbers are kept elsewhere). */
  void clear() {
    if (waiting != null) {
      waiting.clear();
    }
    if (due != null) {
      due.clear();
    }
  }

  /** Records an attempt's failure (once, even if reported twice). */
  @SuppressWarnings("ReferenceEquality") // the same object reported twice, not an equal one
  void record(int index, Throwable failure) {
    if (failures == null) {
      failures = new HashMap<>();
    }
    List<Throwable> list = failures.computeIfAbsent(index, k -> new ArrayList<>());
    if (list.isEmpty() || list.getLast() != failure) {
      list.add(failure);
    }
  }

  /** The delay after {@code failedAttempt}, its jitter drawn from (runId, order key, attempt). */
  long delay(RetryPolicy policy, long orderKey, int failedAttempt) {
    double u = OrderKeys.unit(OrderKeys.seed(run.runHash ^ JITTER_SALT, orderKey, failedAttempt));
    return policy.delayNanos(failedAttempt, u);
  }

  /**
   * Schedules attempt {@code failedAttempt + 1} of activation {@code index} after {@code delay}.
   */
  void schedule(int index, String nodeId, int failedAttempt, long now, long delay) {
    if (waiting == null) {
      waiting =
          new PriorityQueue<>(
              (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    }
    waiting.add(new long[] {RunLoop.saturatingAdd(now, delay), index});
    run.stats.retries++;
    run.runner.metrics.retryScheduled(nodeId);
    if (run.runner.events.enabled) {
      run.runner.events.emit(
          run.runId,
          run.step,
          nodeId,
          EventType.RETRY_SCHEDULED,
          failedAttempt,
          Map.of("delayNanos", delay, "nextAttempt", failedAttempt + 1));
    }
  }

  /** When the next waiting retry is due, or {@link Long#MAX_VALUE}. */
  long nextDue() {
    return waiting == null || waiting.isEmpty() ? Long.MAX_VALUE : waiting.peek()[0];
  }

  /** Moves retries whose delay is over to the due list. */
  void promoteDue(long now) {
    while (waiting != null && !waiting.isEmpty() && waiting.peek()[0] <= now) {
      if (due == null) {
        due = new ArrayDeque<>();
      }
      due.add((int) waiting.poll()[1]);
    }
  }

  boolean hasDue() {
    return due != null && !due.isEmpty();
  }

  /** The next due retry's activation index. */
  int pollDue() {
    return due.poll();
  }

  /**
   * The exception activation {@code index} finally fails with: {@link RetriesExhaustedException}
   * when retryable attempts ran out ({@code attempt} counts those before a resume too), the {@link
   * NodeTimeoutException} itself for a single timed-out attempt, else {@link NodeFailedException}
   * with the earlier failures suppressed.
   */
  RuntimeException terminal(
      int index, String nodeId, int attempt, RetryPolicy policy, Throwable failure) {
    List<Throwable> all = failures.get(index);
    if (policy.maxAttempts() > 1
        && attempt >= policy.maxAttempts()
        && policy.isRetryable(failure)) {
      return new RetriesExhaustedException(run.runId, run.step, nodeId, attempt, all);
    }
    if (failure instanceof NodeTimeoutException t && all.size() == 1) {
      return t;
    }
    RuntimeException failed = NodeFailedException.of(run.runId, run.step, nodeId, attempt, failure);
    for (int i = 0; i < all.size() - 1; i++) {
      failed.addSuppressed(all.get(i));
    }
    return failed;
  }
}
