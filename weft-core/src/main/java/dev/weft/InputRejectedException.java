package dev.weft;

/**
 * An external input given to {@link Engine#resume(String, Object)} or {@link Engine#fork} could not
 * be merged: the graph's reducer threw (the cause) or returned {@code null}. Nothing was saved; the
 * run stays as it was and can be given a corrected input.
 *
 * <pre>{@code
 * catch (InputRejectedException e) {
 *   reply("that answer was not understood: " + e.getCause().getMessage());
 * }
 * }</pre>
 */
public class InputRejectedException extends WeftException {
  private final String runId;

  /** Creates the exception; the engine does, and tests may. */
  public InputRejectedException(String runId, String message, Throwable cause) {
    super(message, cause);
    this.runId = runId;
  }

  /** The run. */
  public String runId() {
    return runId;
  }
}
