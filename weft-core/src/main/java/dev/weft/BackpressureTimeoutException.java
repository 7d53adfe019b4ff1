package dev.weft;

import dev.weft.internal.Durations;
import java.time.Duration;

/**
 * The coordinator waited longer than {@link Options#backpressureTimeout()} for queue space. The run
 * was checkpointed with its whole remaining frontier; {@link Engine#resume(String)} continues it
 * and runs no activation twice. Attempts already running when the wait timed out are finished
 * first; activations of the step that failed for good are attached as suppressed exceptions.
 *
 * <pre>{@code
 * catch (BackpressureTimeoutException e) {
 *   engine.resume(e.runId()); // later, when workers are free
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class BackpressureTimeoutException extends RunFailedException {
  private final Duration waited;

  /** Creates the exception; the engine does, and tests may. */
  public BackpressureTimeoutException(
      String runId, long step, String nodeId, Duration waited, int depth, int capacity) {
    super(
        runId,
        step,
        nodeId,
        "run '"
            + runId
            + "' waited "
            + Durations.format(waited)
            + " for queue space in step "
            + step
            + " to admit node '"
            + nodeId
            + "' (queue "
            + depth
            + "/"
            + capacity
            + "); the run is checkpointed: resume it, and raise "
            + "Options.maxConcurrentNodes, Options.queueDepth or Options.backpressureTimeout",
        null);
    this.waited = waited;
  }

  /** The node of the activation that could not be admitted; never {@code null}. */
  @Override
  public String nodeId() {
    return super.nodeId();
  }

  /** How long the coordinator waited. */
  public Duration waited() {
    return waited;
  }
}
