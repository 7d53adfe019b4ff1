package dev.weft;

/**
 * Thrown by a node to say "try again later": retried by every {@link RetryPolicy} that has attempts
 * left.
 *
 * <pre>{@code
 * if (response.status() == 503) throw new TransientException("search service unavailable");
 * }</pre>
 *
 * <p>Thread-safety: an ordinary exception; nodes create and throw it on their own thread, and the
 * engine only reads it.
 */
public class TransientException extends WeftException {
  /** Creates the exception; the engine does, and tests may. */
  public TransientException(String message) {
    super(message);
  }

  /** Creates the exception; the engine does, and tests may. */
  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
