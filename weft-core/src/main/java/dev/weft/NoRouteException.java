package dev.weft;

/**
 * A node routed somewhere the graph does not allow: {@code goTo} or {@code send} named a node that
 * does not exist or that was not declared with {@link Graph.Builder#routes(String, String...)}.
 * Never retried.
 *
 * <pre>{@code
 * Graph.builder(reducer).node("a", a).node("b", b).routes("a", "b") ...
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class NoRouteException extends WeftException {
  /** Creates the exception; the engine does, and tests may. */
  public NoRouteException(String message) {
    super(message);
  }
}
