package dev.weft;

import dev.weft.internal.Durations;
import java.time.Duration;

/**
 * An attempt ran past its time limit and was cut off by the engine: its thread was interrupted, the
 * engine stopped waiting, and any late result is discarded. Retryable by default.
 *
 * <p>Example message: {@code node 'lookup' timed out after 10ms (attempt 1 of 1, limit from
 * NodePolicy.timeout); raise NodePolicy.timeout or make the node faster}.
 *
 * <pre>{@code
 * catch (NodeTimeoutException e) {
 *   log.warn("{} hit {} ({})", e.nodeId(), e.limit(), e.source());
 * }
 * }</pre>
 */
public final class NodeTimeoutException extends RunFailedException {
  private final int attempt;
  private final Duration limit;
  private final TimeoutSource source;

  /** Creates the exception; the engine does, and tests may. */
  public NodeTimeoutException(
      String runId,
      long step,
      String nodeId,
      int attempt,
      int maxAttempts,
      Duration limit,
      TimeoutSource source) {
    super(
        runId,
        step,
        nodeId,
        "node '"
            + nodeId
            + "' timed out after "
            + Durations.format(limit)
            + " (attempt "
            + attempt
            + " of "
            + maxAttempts
            + ", limit from "
            + source.setting()
            + ", run '"
            + runId
            + "', step "
            + step
            + "); raise "
            + source.setting()
            + " or make the node faster",
        null);
    this.attempt = attempt;
    this.limit = limit;
    this.source = source;
  }

  /** The attempt that timed out, counting from 1. */
  public int attempt() {
    return attempt;
  }

  /** The node; never {@code null} for this exception. */
  @Override
  public String nodeId() {
    return super.nodeId();
  }

  /** The limit that fired. */
  public Duration limit() {
    return limit;
  }

  /** Which setting the limit came from. */
  public TimeoutSource source() {
    return source;
  }
}
