package dev.weft;

/**
 * Where a run stands, as recorded in its checkpoint.
 *
 * <pre>{@code
 * if (result.status() == RunStatus.PAUSED) approvals.ask(result.pauseReason());
 * }</pre>
 *
 * <p>Thread-safety: an enum, immutable.
 */
public enum RunStatus {
  /** Steps are being executed (or the process died while they were). */
  RUNNING,
  /**
   * A node asked for a pause ({@code interrupt}) or a breakpoint was reached; resume continues it,
   * with or without an input.
   */
  PAUSED,
  /** The run stopped on an error; resume retries from the last commit. */
  FAILED,
  /** The run finished; resume returns its final state. */
  COMPLETED
}
