package dev.weft;

/**
 * A run reached {@link Options#maxSteps()} with work left, which usually means a loop that never
 * ends. Every step is committed, so a run can be resumed with a larger limit.
 *
 * <pre>{@code
 * Options.builder().maxSteps(50_000).build();
 * }</pre>
 */
public class MaxStepsExceededException extends WeftException {
  private final String runId;
  private final int maxSteps;

  /** Creates the exception; the engine does, and tests may. */
  public MaxStepsExceededException(String runId, int maxSteps, String frontier) {
    super(
        "run '" + runId + "' reached Options.maxSteps (" + maxSteps + ") with " + frontier
            + " still to run; check the loop's exit condition or raise Options.maxSteps");
    this.runId = runId;
    this.maxSteps = maxSteps;
  }

  /** The run. */
  public String runId() {
    return runId;
  }

  /** The limit that was reached. */
  public int maxSteps() {
    return maxSteps;
  }
}
