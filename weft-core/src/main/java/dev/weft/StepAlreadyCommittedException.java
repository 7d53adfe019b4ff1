package dev.weft;

/**
 * A checkpoint store refused a write because the run has already moved past it: a step commit whose
 * step is not above the latest committed step, or a progress save for a step older than the latest.
 * It means another engine (or another process) is running the same run, or a caller wrote out of
 * order; nothing was written, and the store's latest checkpoint is the one to resume from.
 *
 * <pre>{@code
 * catch (StepAlreadyCommittedException e) {
 *   log.warn("run {} is being run elsewhere (at step {})", e.runId(), e.latestStep());
 * }
 * }</pre>
 */
public class StepAlreadyCommittedException extends StoreException {
  private final String runId;
  private final long step;
  private final long latestStep;

  /** Creates the exception; stores do, and tests may. */
  public StepAlreadyCommittedException(String runId, long step, long latestStep) {
    super(
        "run '"
            + runId
            + "': refusing to write step "
            + step
            + " because step "
            + latestStep
            + " is already committed (a step is committed once); another engine may be running"
            + " this run: let one process own a run at a time and resume from the latest step");
    this.runId = runId;
    this.step = step;
    this.latestStep = latestStep;
  }

  /** The run. */
  public String runId() {
    return runId;
  }

  /** The step of the refused write. */
  public long step() {
    return step;
  }

  /** The latest step the store holds for the run. */
  public long latestStep() {
    return latestStep;
  }
}
