package dev.weft;

/**
 * {@link Engine#run(String, Object)} was given a run id the store already holds. Run ids name one
 * run for its whole life: resume it, or start a new one under a new id.
 *
 * <pre>{@code
 * catch (RunAlreadyExistsException e) {
 *   engine.resume(runId);
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class RunAlreadyExistsException extends WeftException {
  /** Creates the exception; the engine does, and tests may. */
  public RunAlreadyExistsException(String runId, RunStatus status) {
    super(
        "run '"
            + runId
            + "' already exists in the store (status "
            + status
            + "); use resume(\""
            + runId
            + "\") or start the run under a new id");
  }
}
