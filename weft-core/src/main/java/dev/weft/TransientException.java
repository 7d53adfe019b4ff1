package dev.weft;

/**
 * Thrown by a node to say "try again later": retried by every {@link RetryPolicy} that has attempts
 * left.
 *
 * <pre>{@code
 * if (response.status() == 503) throw new TransientException("search service unavailable");
 * }</pre>
 */
public class TransientException extends WeftException {
  public TransientException(String message) {
    super(message);
  }

  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
