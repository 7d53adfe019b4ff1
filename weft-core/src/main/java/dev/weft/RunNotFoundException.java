package dev.weft;

/**
 * {@link Engine#resume(String)} found no checkpoint for the run id.
 *
 * <pre>{@code
 * catch (RunNotFoundException e) {
 *   engine.run(runId, initial); // start it instead
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class RunNotFoundException extends WeftException {
  /** Creates the exception; the engine does, and tests may. */
  public RunNotFoundException(String runId) {
    super(
        "no checkpoint for run '"
            + runId
            + "'; check the run id and that the engine uses the store "
            + "the run was started with (an engine without a store keeps no checkpoints)");
  }
}
