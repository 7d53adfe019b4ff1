package dev.weft;

/**
 * The run was cancelled: the future of {@link Engine#runAsync} or {@link Engine#resumeAsync} was
 * cancelled, or the thread running {@link Engine#run} was interrupted. Running attempts were
 * interrupted, no further attempt started, and the progress of the step was checkpointed (status
 * {@link RunStatus#FAILED}), so {@link Engine#resume(String)} continues the run without repeating a
 * completed activation.
 *
 * <p>A cancelled {@link java.util.concurrent.CompletableFuture} itself still throws {@link
 * java.util.concurrent.CancellationException} from {@code get()} and {@code join()}, as every
 * future does; this exception is what a synchronous call throws, and what the {@code RUN_FAILED}
 * event names.
 *
 * <pre>{@code
 * Thread worker = Thread.ofVirtual().start(() -> {
 *   try {
 *     engine.run("import-7", batch);
 *   } catch (RunCancelledException e) {
 *     log.info("run {} cancelled in step {}", e.runId(), e.step());
 *   }
 * });
 * worker.interrupt();
 * }</pre>
 *
 * <p>Immutable; safe to read from any thread once thrown.
 */
public final class RunCancelledException extends RunFailedException {
  /** Creates the exception; the engine does, and tests may. */
  public RunCancelledException(String runId, long step) {
    super(
        runId,
        step,
        null,
        "run '"
            + runId
            + "' was cancelled in step "
            + step
            + "; its progress is checkpointed: resume the run to continue it",
        null);
  }
}
