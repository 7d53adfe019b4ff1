package dev.weft;

/**
 * Saving a checkpoint failed while the run was going, so the run stopped. The cause is what the
 * store threw (usually a {@link StoreException}). The store keeps the previous checkpoint: once it
 * is healthy, {@link Engine#resume(String)} continues from there, and the step whose commit failed
 * runs again.
 *
 * <pre>{@code
 * catch (CheckpointFailedException e) {
 *   log.error("store down; run {} stopped in step {}", e.runId(), e.step(), e.getCause());
 * }
 * }</pre>
 *
 * <p>Immutable; safe to read from any thread once thrown.
 */
public final class CheckpointFailedException extends RunFailedException {
  /** Creates the exception; the engine does, and tests may. */
  public CheckpointFailedException(String runId, long step, Throwable cause) {
    super(
        runId,
        step,
        null,
        "saving the checkpoint of run '"
            + runId
            + "' at step "
            + step
            + " failed: "
            + cause
            + "; the previous checkpoint is kept, resume from it once the store is healthy",
        cause);
  }
}
