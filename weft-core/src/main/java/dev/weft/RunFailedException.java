package dev.weft;

/**
 * A run stopped without completing. Every way the engine reports a failed run is a subclass: a node
 * failed ({@link NodeFailedException}, {@link RetriesExhaustedException}, {@link
 * NodeTimeoutException}), a limit was reached ({@link RunBudgetExceededException}, {@link
 * MaxStepsExceededException}, {@link BackpressureTimeoutException}), a checkpoint could not be
 * saved ({@link CheckpointFailedException}) or the run was cancelled ({@link
 * RunCancelledException}). The store keeps the run's latest commit, so one {@code catch} can
 * continue any of them:
 *
 * <pre>{@code
 * try {
 *   engine.run("order-42", order);
 * } catch (RunFailedException e) {
 *   log.warn("run {} stopped in step {} at {}", e.runId(), e.step(), e.nodeId(), e);
 *   engine.resume(e.runId()); // once the cause is fixed
 * }
 * }</pre>
 *
 * <p>Exceptions that nodes throw to steer retries ({@link TransientException}, {@link
 * PermanentException}) are not run failures: the engine reports them as the cause of one of these.
 * Calls rejected before a run starts ({@link RunNotFoundException}, {@link
 * RunAlreadyExistsException}, {@link GraphValidationException}) are not run failures either.
 *
 * <p>Immutable apart from the suppressed exceptions {@link Throwable} lets the engine attach before
 * throwing; safe to read from any thread once thrown.
 */
public abstract class RunFailedException extends WeftException {
  private final String runId;
  private final long step;
  private final String nodeId;

  /**
   * Creates the exception.
   *
   * @param runId the run
   * @param step the step the run stopped in, counting from 0
   * @param nodeId the node it stopped at, or {@code null} when no single node is to blame
   * @param message what happened, where, and what to change
   * @param cause the underlying failure, or {@code null}
   */
  protected RunFailedException(
      String runId, long step, String nodeId, String message, Throwable cause) {
    super(message, cause);
    this.runId = runId;
    this.step = step;
    this.nodeId = nodeId;
  }

  /** The run; pass it to {@link Engine#resume(String)}. */
  public final String runId() {
    return runId;
  }

  /** The step the run stopped in, counting from 0. */
  public final long step() {
    return step;
  }

  /**
   * The node the run stopped at, or {@code null} when no single node is to blame (a cancelled run,
   * a budget spent between attempts, a step limit). Subclasses that always name a node say so.
   */
  public String nodeId() {
    return nodeId;
  }
}
