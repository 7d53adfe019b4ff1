package dev.weft.internal;

import dev.weft.RunBudgetExceededException;
import dev.weft.RunCancelledException;

/**
 * Why a step ends before all of its activations have finished, as a value the step loop acts on in
 * one place. When several causes arise in one step, the one of highest precedence is reported:
 * {@link Cause#CANCELLED} over {@link Cause#BUDGET} over {@link Cause#BACKPRESSURE} — a caller's
 * cancel is an explicit decision, the budget a hard limit, and a backpressure timeout is the only
 * one that lets running attempts finish first, so a harder stop arriving while it drains replaces
 * it.
 *
 * <p>Immutable.
 *
 * @param cause what stopped the step
 * @param error what the run fails with
 */
record StepStop(Cause cause, RuntimeException error) {
  /** The causes in precedence order, highest first. */
  enum Cause {
    CANCELLED("cancelled", 3),
    BUDGET("budget", 2),
    BACKPRESSURE("backpressure", 1);

    /** The {@code reason} attribute of the NODE_CANCELLED events this stop causes. */
    final String reason;

    /** Higher wins. */
    private final int precedence;

    Cause(String reason, int precedence) {
      this.reason = reason;
      this.precedence = precedence;
    }
  }

  /** This stop, or {@code current} when that one has higher or equal precedence. */
  StepStop over(StepStop current) {
    return current == null || cause.precedence > current.cause.precedence ? this : current;
  }

  /** Whether attempts already running finish before the step ends (admission stops). */
  boolean drains() {
    return cause == Cause.BACKPRESSURE;
  }

  /** The run's cancel (an interrupt of the coordinator or the cancel flag). */
  static StepStop cancelled(RunLoop<?> run) {
    return new StepStop(Cause.CANCELLED, new RunCancelledException(run.runId, run.step));
  }

  /** The run budget is spent; {@code nodeId} may be null, {@code when} says at what point. */
  static StepStop budget(RunLoop<?> run, String nodeId, String when, Throwable cause) {
    return new StepStop(
        Cause.BUDGET,
        new RunBudgetExceededException(
            run.runId,
            run.step,
            nodeId,
            run.runner.options.runWallClockBudget().orElseThrow(),
            when,
            cause));
  }

  /** The budget stop of a retry whose delay would end past the budget. */
  static StepStop retryPastBudget(
      RunLoop<?> run, String which, String nodeId, long delayNanos, Throwable cause) {
    String when =
        "the "
            + which
            + " retry of node '"
            + nodeId
            + "' would wait "
            + Durations.format(delayNanos)
            + ", past the budget";
    return budget(run, nodeId, when, cause);
  }
}
