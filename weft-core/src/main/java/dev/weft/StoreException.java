package dev.weft;

/**
 * The checkpoint store failed to save or load. A failed save never replaces the previous commit, so
 * the run can be resumed from it.
 *
 * <pre>{@code
 * catch (StoreException e) {
 *   alerting.page("checkpoint store unavailable: " + e.getMessage());
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public class StoreException extends WeftException {
  /** Creates the exception; the engine does, and tests may. */
  public StoreException(String message) {
    super(message);
  }

  /** Creates the exception; the engine does, and tests may. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
