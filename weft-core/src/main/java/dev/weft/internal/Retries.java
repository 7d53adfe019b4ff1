package dev.weft.internal;

import dev.weft.EventType;
import dev.weft.NodeFailedException;
import dev.weft.NodeTimeoutException;
import dev.weft.RetriesExhaustedException;
import dev.weft.RetryPolicy;
import dev.weft.spi.Activation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Where retries live: every failure of a step's activations, the seeded backoff delays, the retries
 * waiting for their delay and those due to run again, and the exception a node finally fails with.
 * It decides what a failed attempt leads to ({@link #decide}); the coordinator ({@link
 * StepExecution}) acts on that decision. One per run, reset every step; coordinator-only.
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
    return Backoff.delayNanos(policy, failedAttempt, u);
  }

  /**
   * What a failed attempt leads to, as a value the coordinator acts on. Decided before NODE_FAILED
   * is emitted, so its {@code willRetry} is true only when a retry follows in this step.
   *
   * @param kind what happens next
   * @param delayNanos the backoff before the retry ({@link Kind#RETRY}, {@link Kind#PAST_BUDGET})
   * @param terminal what the activation fails with ({@link Kind#TERMINAL})
   */
  record Decision(Kind kind, long delayNanos, RuntimeException terminal) {
    enum Kind {
      /** Another attempt after {@code delayNanos}. */
      RETRY,
      /** Retryable, but the step admits nothing more (backpressure timeout): resume retries. */
      RETRY_ON_RESUME,
      /** Retryable, but the delay would end past the run budget: the run stops. */
      PAST_BUDGET,
      /** No attempt follows: the activation fails with {@code terminal}. */
      TERMINAL
    }

    boolean willRetry() {
      return kind == Kind.RETRY;
    }
  }

  /**
   * Records attempt {@code attempt}'s failure and decides what follows. {@code admissionStopped}
   * when nothing new may start in this step.
   */
  Decision decide(
      int index,
      String nodeId,
      long orderKey,
      int attempt,
      Throwable failure,
      RetryPolicy policy,
      long now,
      boolean admissionStopped) {
    record(index, failure);
    if (attempt >= policy.maxAttempts() || !policy.isRetryable(failure)) {
      return new Decision(
          Decision.Kind.TERMINAL, 0, terminal(index, nodeId, attempt, policy, failure));
    }
    if (admissionStopped) {
      return new Decision(Decision.Kind.RETRY_ON_RESUME, 0, null);
    }
    long delay = delay(policy, orderKey, attempt);
    boolean pastBudget =
        run.budgetDeadline != Long.MAX_VALUE
            && Durations.saturatingAdd(now, delay) >= run.budgetDeadline;
    return new Decision(pastBudget ? Decision.Kind.PAST_BUDGET : Decision.Kind.RETRY, delay, null);
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
    waiting.add(new long[] {Durations.saturatingAdd(now, delay), index});
    run.stats.retries++;
    run.runner.nodeMetrics[run.runner.graph.indexOf(nodeId)].retryScheduled();
    if (run.runner.events.wants(EventType.RETRY_SCHEDULED)) {
      run.runner.events.emit(
          run.runId,
          run.step,
          nodeId,
          EventType.RETRY_SCHEDULED,
          failedAttempt,
          Map.of("delayNanos", delay, "nextAttempt", failedAttempt + 1));
    }
  }

  /**
   * A retry that was pending when the run stopped (cancel, budget, backpressure timeout) waits its
   * delay again on resume, measured on this process's clock: a delay is a duration, never an
   * instant carried between machines. The delay is the one first drawn, since the jitter is seeded
   * by (runId, order key, attempt). Like any scheduled retry it emits RETRY_SCHEDULED and is
   * counted, so a retry pending across a resume counts twice. Returns the stop when such a delay
   * would end past the budget, else null.
   */
  StepStop scheduleResumed(StepProgress<?> step, CompiledGraph<?> graph) {
    for (int index = 0; index < step.size(); index++) {
      if (!step.resumesWithRetry(index)) {
        continue;
      }
      Activation<?> a = step.activation(index);
      RetryPolicy policy = graph.retry[graph.indexOf(a.nodeId())];
      int failed = step.attempt(index) - 1;
      long delay = delay(policy, a.orderKey(), failed);
      long now = run.time.nanoTime();
      if (run.budgetDeadline != Long.MAX_VALUE
          && Durations.saturatingAdd(now, delay) >= run.budgetDeadline) {
        return StepStop.retryPastBudget(run, "pending", a.nodeId(), delay, null);
      }
      schedule(index, a.nodeId(), failed, now, delay);
    }
    return null;
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
