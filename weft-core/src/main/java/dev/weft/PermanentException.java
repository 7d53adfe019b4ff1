package dev.weft;

/**
 * Thrown by a node to say "retrying cannot help": never retried, whatever the policy.
 *
 * <pre>{@code
 * if (card.expired()) throw new PermanentException("card expired");
 * }</pre>
 *
 * <p>Thread-safety: an ordinary exception; nodes create and throw it on their own thread, and the
 * engine only reads it.
 */
public class PermanentException extends WeftException {
  /** Creates the exception; the engine does, and tests may. */
  public PermanentException(String message) {
    super(message);
  }

  /** Creates the exception; the engine does, and tests may. */
  public PermanentException(String message, Throwable cause) {
    super(message, cause);
  }
}
