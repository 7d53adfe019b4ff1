package dev.weft;

import java.util.List;

/**
 * A node failed on every attempt its {@link RetryPolicy} allowed. The cause is the last attempt's
 * failure; {@link #failures()} (and {@link #getSuppressed()}) hold every attempt's, in order.
 *
 * <pre>{@code
 * catch (RetriesExhaustedException e) {
 *   e.failures().forEach(f -> log.warn("attempt failed", f));
 * }
 * }</pre>
 */
public class RetriesExhaustedException extends NodeFailedException {
  private final List<Throwable> failures;

  /** Creates the exception; the engine does, and tests may. */
  public RetriesExhaustedException(String runId, long step, String nodeId, List<Throwable> failures) {
    super(
        runId,
        step,
        nodeId,
        failures.size(),
        "node '" + nodeId + "' failed on all " + failures.size() + " attempts (run '" + runId
            + "', step " + step + "); last failure: " + failures.getLast()
            + "; raise RetryPolicy.maxAttempts or fix the cause, then resume the run",
        failures.getLast());
    this.failures = List.copyOf(failures);
    for (int i = 0; i < failures.size() - 1; i++) {
      addSuppressed(failures.get(i));
    }
  }

  /** Every attempt's failure, first to last. */
  public List<Throwable> failures() {
    return failures;
  }
}
