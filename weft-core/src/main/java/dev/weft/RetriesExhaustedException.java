package dev.weft;

import java.util.List;

/**
 * A node failed on every attempt its {@link RetryPolicy} allowed, each time with a retryable
 * failure. The cause is the last attempt's failure; {@link #failures()} (and {@link
 * #getSuppressed()}) hold every attempt's, in order. A non-retryable failure after some retries is
 * a plain {@link NodeFailedException} instead, with the earlier failures suppressed.
 *
 * <pre>{@code
 * catch (RetriesExhaustedException e) {
 *   e.failures().forEach(f -> log.warn("attempt failed", f));
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class RetriesExhaustedException extends NodeFailedException {
  private final List<Throwable> failures;

  /** Attempts counted by {@code failures}: every attempt ran in this run. */
  public RetriesExhaustedException(
      String runId, long step, String nodeId, List<Throwable> failures) {
    this(runId, step, nodeId, failures.size(), failures);
  }

  /**
   * {@code attempts} in all, of which {@code failures} are the last ones (fewer than {@code
   * attempts} when the run was resumed with a retry pending).
   */
  public RetriesExhaustedException(
      String runId, long step, String nodeId, int attempts, List<Throwable> failures) {
    super(
        runId,
        step,
        nodeId,
        attempts,
        "node '"
            + nodeId
            + "' failed on all "
            + attempts
            + " attempts (run '"
            + runId
            + "', step "
            + step
            + "); last failure: "
            + failures.getLast()
            + "; raise RetryPolicy.maxAttempts or fix the cause, then resume the run",
        failures.getLast());
    this.failures = List.copyOf(failures);
    for (int i = 0; i < failures.size() - 1; i++) {
      addSuppressed(failures.get(i));
    }
  }

  /**
   * Every attempt's failure, first to last; after a resume, those of the attempts made since (the
   * earlier ones are in that run's {@code NODE_FAILED} events).
   */
  public List<Throwable> failures() {
    return failures;
  }
}
