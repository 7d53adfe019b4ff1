package dev.weft;

import java.time.Duration;

/**
 * The coordinator waited longer than {@link Options#backpressureTimeout()} for queue space. The run
 * was checkpointed with its whole remaining frontier; {@link Engine#resume(String)} continues it and
 * runs no activation twice. Attempts already running when the wait timed out are finished first;
 * activations of the step that failed for good are attached as suppressed exceptions.
 *
 * <pre>{@code
 * catch (BackpressureTimeoutException e) {
 *   engine.resume(e.runId()); // later, when workers are free
 * }
 * }</pre>
 */
public class BackpressureTimeoutException extends WeftException {
  private final String runId;
  private final long step;
  private final String nodeId;
  private final Duration waited;

  /** Creates the exception; the engine does, and tests may. */
  public BackpressureTimeoutException(
      String runId, long step, String nodeId, Duration waited, int depth, int capacity) {
    super(
        "run '" + runId + "' waited " + NodeTimeoutException.format(waited)
            + " for queue space in step " + step + " to admit node '" + nodeId + "' (queue "
            + depth + "/" + capacity + "); the run is checkpointed: resume it, and raise "
            + "Options.maxConcurrentNodes, Options.queueDepth or Options.backpressureTimeout");
    this.runId = runId;
    this.step = step;
    this.nodeId = nodeId;
    this.waited = waited;
  }

  /** The run. */
  public String runId() {
    return runId;
  }

  /** The step, counting from 0. */
  public long step() {
    return step;
  }

  /** The node of the activation that could not be admitted. */
  /** The node. */
  public String nodeId() {
    return nodeId;
  }

  /** How long the coordinator waited. */
  public Duration waited() {
    return waited;
  }
}
