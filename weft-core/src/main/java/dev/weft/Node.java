package dev.weft;

/**
 * One unit of work in a {@link Graph}: reads the state and returns a delta and a route.
 *
 * <p>A node may throw anything; the engine contains it. Whether a failure is retried is decided by
 * the node's {@link RetryPolicy}. Nodes should be deterministic functions of their input, {@link
 * NodeContext#random()} and {@link NodeContext#attempt()} so that runs are reproducible.
 *
 * <pre>{@code
 * Node<Doc> fetch = (doc, ctx) -> NodeResult.next(doc.withBody(http.get(doc.url())));
 * }</pre>
 *
 * <p>Thread-safety: one attempt runs on one thread, but the engine calls the same node from several
 * threads at once (concurrent runs, fan-out branches, retries on another worker), so a node must be
 * thread-safe; keep per-attempt data in locals and {@link NodeContext}, not in fields.
 *
 * @param <S> the state type
 */
@FunctionalInterface
public interface Node<S> {
  /**
   * Runs one attempt of this node.
   *
   * @param state the step's state snapshot, or a {@code send} branch's own input
   * @param ctx who, where and which attempt this is
   * @return the delta and route; {@code null} fails the node
   * @throws Exception any failure; see {@link RetryPolicy} for which are retried
   */
  NodeResult<S> apply(S state, NodeContext ctx) throws Exception;
}
