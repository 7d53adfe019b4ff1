package dev.weft;

/**
 * Root of every exception Weft throws. All are unchecked; each message says what happened, where
 * (run, step, node, attempt) and what to change.
 *
 * <pre>{@code
 * try {
 *   engine.run("run-1", initial);
 * } catch (WeftException e) {
 *   log.error("run failed: {}", e.getMessage());
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public class WeftException extends RuntimeException {
  /** Creates the exception; the engine does, and tests may. */
  public WeftException(String message) {
    super(message);
  }

  /** Creates the exception; the engine does, and tests may. */
  public WeftException(String message, Throwable cause) {
    super(message, cause);
  }
}
