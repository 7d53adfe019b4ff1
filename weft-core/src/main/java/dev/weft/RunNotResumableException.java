package dev.weft;

/**
 * The run exists but cannot take this call now: an input was given to a completed run, or the run
 * is being run by this engine at this moment. Nothing was saved or run.
 *
 * <pre>{@code
 * catch (RunNotResumableException e) {
 *   if (e.status() == RunStatus.COMPLETED) engine.fork(runId, step, runId + "-retry", edit);
 * }
 * }</pre>
 */
public class RunNotResumableException extends WeftException {
  private final String runId;
  private final RunStatus status;

  /** Creates the exception; the engine does, and tests may. */
  public RunNotResumableException(String runId, RunStatus status, String message) {
    super(message);
    this.runId = runId;
    this.status = status;
  }

  /** The run. */
  public String runId() {
    return runId;
  }

  /** The status of its latest checkpoint. */
  public RunStatus status() {
    return status;
  }
}
