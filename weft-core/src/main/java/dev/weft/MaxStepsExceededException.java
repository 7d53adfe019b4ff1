package dev.weft;

/**
 * A run reached {@link Options#maxSteps()} with work left, which usually means a loop that never
 * ends. Every step is committed, so a run can be resumed with a larger limit.
 *
 * <pre>{@code
 * Options.builder().maxSteps(50_000).build();
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class MaxStepsExceededException extends RunFailedException {
  private final int maxSteps;

  /** Creates the exception; the engine does, and tests may. */
  public MaxStepsExceededException(String runId, long step, int maxSteps, String frontier) {
    super(
        runId,
        step,
        null,
        "run '"
            + runId
            + "' reached Options.maxSteps ("
            + maxSteps
            + ") with "
            + frontier
            + " still to run; check the loop's exit condition or raise Options.maxSteps",
        null);
    this.maxSteps = maxSteps;
  }

  /** The limit that was reached. */
  public int maxSteps() {
    return maxSteps;
  }
}
