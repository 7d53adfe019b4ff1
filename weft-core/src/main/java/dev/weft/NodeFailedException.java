package dev.weft;

/**
 * A node failed and the run stopped: it threw, returned {@code null}, threw an {@link Error}, or
 * its failure was not retryable. The cause is what the node threw. The store still holds the last
 * good step, so {@link Engine#resume(String)} can continue once the node is fixed.
 *
 * <pre>{@code
 * catch (NodeFailedException e) {
 *   log.error("{} failed in step {} (attempt {})", e.nodeId(), e.step(), e.attempt(), e.getCause());
 * }
 * }</pre>
 *
 * <p>Open for {@link RetriesExhaustedException} only; immutable apart from suppressed exceptions.
 */
public class NodeFailedException extends RunFailedException {
  private final int attempt;

  /** Creates the exception; the engine does, and tests may. */
  public NodeFailedException(
      String runId, long step, String nodeId, int attempt, String message, Throwable cause) {
    super(runId, step, nodeId, message, cause);
    this.attempt = attempt;
  }

  /** The standard exception for a node whose attempt failed and will not be retried. */
  public static NodeFailedException of(
      String runId, long step, String nodeId, int attempt, Throwable cause) {
    return new NodeFailedException(
        runId, step, nodeId, attempt, describe(runId, step, nodeId, attempt, cause), cause);
  }

  private static String describe(
      String runId, long step, String nodeId, int attempt, Throwable cause) {
    String what =
        cause instanceof Error ? "threw " + cause : cause == null ? "failed" : "failed: " + cause;
    String fix =
        cause instanceof Error
            ? "fix the node; errors are never retried"
            : "fix the node, or make this failure retryable (throw TransientException or widen "
                + "RetryPolicy.retryOn), then resume the run";
    return "node '"
        + nodeId
        + "' "
        + what
        + " (run '"
        + runId
        + "', step "
        + step
        + ", attempt "
        + attempt
        + "); "
        + fix;
  }

  /** The node; never {@code null} for this exception. */
  @Override
  public String nodeId() {
    return super.nodeId();
  }

  /** The attempt that failed last, counting from 1; 0 when the reducer or a route failed. */
  public int attempt() {
    return attempt;
  }
}
