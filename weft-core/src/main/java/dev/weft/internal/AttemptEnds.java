package dev.weft.internal;

import dev.weft.NodeTimeoutException;
import dev.weft.RetryPolicy;
import dev.weft.TimeoutSource;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import java.time.Duration;

/**
 * What the end of an attempt means for its step, decided in one place: a result, a retry after a
 * delay, a terminal failure (with {@link Retries}), or a {@link StepStop} returned to the
 * coordinator, which acts on it. Records the end in the step's progress, admission, metrics and
 * events; every attempt that started ends here exactly once (or in a NODE_CANCELLED when its step
 * is stopped).
 *
 * <p>Coordinator thread only.
 *
 * @param <S> the state type
 */
final class AttemptEnds<S> {
  private final RunLoop<S> run;
  private final CompiledGraph<S> graph;
  private final Events events;
  private final NodeMetrics[] nodeMetrics;
  private final Stats stats;
  private final StepProgress<S> step;
  private final Admission<S> admission;
  private final Retries retries;
  private final boolean inlines;

  AttemptEnds(RunLoop<S> run, StepProgress<S> step, Admission<S> admission, Retries retries) {
    this.run = run;
    this.graph = run.runner.graph;
    this.events = run.runner.events;
    this.nodeMetrics = run.runner.nodeMetrics;
    this.stats = run.stats;
    this.step = step;
    this.admission = admission;
    this.retries = retries;
    this.inlines = run.runner.inlinesShortAttempts;
  }

  /**
   * A worker (or the inline path) finished {@code task}: a result, or a failure to decide on. A
   * result produced past the deadline is a timeout. {@code admissionStopped} when nothing new may
   * start in this step. Returns the stop this end causes, or null.
   */
  StepStop completed(Task<S> task, boolean admissionStopped) {
    if (task.deadlineNanos != Long.MAX_VALUE && task.endNanos > task.deadlineNanos) {
      // produced past the limit, seen late only because the coordinator woke late
      return timedOut(task, admissionStopped);
    }
    task.handled = true;
    admission.finished();
    long duration = task.endNanos - task.startNanos;
    if (inlines) {
      run.runner.shortAttempts.record(task.node, duration);
    }
    Activation<S> a = task.activation;
    if (task.failure != null) {
      nodeMetrics[task.node].finished(EngineMetrics.ERROR, duration);
      return failed(task, task.failure, duration, admissionStopped);
    }
    nodeMetrics[task.node].finished(EngineMetrics.SUCCESS, duration);
    step.succeeded(task.index, result(task));
    stats.activations++;
    events.nodeSucceeded(run, a.nodeId(), task.attempt, duration, task.result.route());
    return null;
  }

  /** The result of a task that completed without failure. */
  static <S> ActivationResult<S> result(Task<S> task) {
    Activation<S> a = task.activation;
    return new ActivationResult<>(
        a.nodeId(), a.orderKey(), task.result.delta(), task.result.route());
  }

  /**
   * Fails an attempt that ran past its deadline (the caller has cut it off); its result, if any, is
   * discarded. Returns the stop this end causes, or null.
   */
  StepStop timedOut(Task<S> task, boolean admissionStopped) {
    task.handled = true;
    admission.finished();
    stats.timeouts++;
    String nodeId = task.activation.nodeId();
    long elapsed = run.time.nanoTime() - task.startNanos;
    NodeMetrics node = nodeMetrics[task.node];
    node.timedOut();
    node.finished(EngineMetrics.TIMEOUT, elapsed);
    events.nodeTimedOut(run, task, elapsed);
    int maxAttempts = graph.retry[task.node].maxAttempts();
    Duration limit = Duration.ofNanos(task.limitNanos);
    NodeTimeoutException timeout =
        new NodeTimeoutException(
            run.runId, run.step, nodeId, task.attempt, maxAttempts, limit, task.source);
    if (task.source != TimeoutSource.RUN_BUDGET) {
      return failed(task, timeout, task.limitNanos, admissionStopped);
    }
    retries.record(task.index, timeout);
    events.nodeFailed(run, nodeId, task.attempt, timeout, false, task.limitNanos);
    return StepStop.budget(run, nodeId, "attempt " + task.attempt + " was running", timeout);
  }

  /** Acts on what a failed attempt leads to, as {@link Retries#decide} decided it. */
  private StepStop failed(
      Task<S> task, Throwable failure, long duration, boolean admissionStopped) {
    int index = task.index;
    int att = task.attempt;
    Activation<S> a = task.activation;
    RetryPolicy policy = graph.retry[task.node];
    long now = run.time.nanoTime();
    Retries.Decision d =
        retries.decide(
            index, a.nodeId(), a.orderKey(), att, failure, policy, now, admissionStopped);
    events.nodeFailed(run, a.nodeId(), att, failure, d.willRetry(), duration);
    switch (d.kind()) {
      case RETRY -> {
        step.retrying(index, att);
        retries.schedule(index, a.nodeId(), att, now, d.delayNanos());
      }
      case RETRY_ON_RESUME -> step.deferred(index, att);
      case PAST_BUDGET -> {
        step.retrying(index, att); // resume continues with the pending retry's attempt number
        return StepStop.retryPastBudget(run, "next", a.nodeId(), d.delayNanos(), failure);
      }
      case TERMINAL -> {
        step.failed(index, d.terminal());
        stats.activations++;
      }
    }
    return null;
  }
}
