package dev.weft;

import dev.weft.internal.Durations;
import java.time.Duration;

/**
 * The run used up {@link Options#runWallClockBudget()}. Every completed step is committed (and the
 * progress of the current one), so {@link Engine#resume(String)} continues with a fresh budget. The
 * cause, if any, is the last failure seen before the budget ran out.
 *
 * <pre>{@code
 * catch (RunBudgetExceededException e) {
 *   engineWithLargerBudget.resume(e.runId());
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class RunBudgetExceededException extends RunFailedException {
  private final Duration budget;

  /** Creates the exception; the engine does, and tests may. */
  public RunBudgetExceededException(
      String runId, long step, String nodeId, Duration budget, String what, Throwable cause) {
    super(
        runId,
        step,
        nodeId,
        "run '"
            + runId
            + "' exceeded its wall-clock budget of "
            + Durations.format(budget)
            + " in step "
            + step
            + (nodeId == null ? "" : " at node '" + nodeId + "'")
            + " ("
            + what
            + "); raise Options.runWallClockBudget, then resume the run",
        cause);
    this.budget = budget;
  }

  /** The budget that ran out. */
  public Duration budget() {
    return budget;
  }
}
