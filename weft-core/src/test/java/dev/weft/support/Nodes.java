package dev.weft.support;

import dev.weft.Node;
import dev.weft.NodeResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small node functions over {@link Trail} that record where and when they ran. */
public final class Nodes {
  private Nodes() {}

  /** Appends {@code id@step} and follows the edges. */
  public static Node<Trail> mark() {
    return (s, ctx) -> NodeResult.next(Trail.of(ctx.nodeId() + "@" + ctx.step()));
  }

  /** Appends {@code id@step} and ends the branch. */
  public static Node<Trail> markAndStop() {
    return (s, ctx) -> NodeResult.stop(Trail.of(ctx.nodeId() + "@" + ctx.step()));
  }

  /** Counts calls per node id, thread-safely. */
  public static final class Calls {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** {@code node}, counting each call under the node's id first. */
    public Node<Trail> counting(Node<Trail> node) {
      return (s, ctx) -> {
        counts.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
        return node.apply(s, ctx);
      };
    }

    public int of(String nodeId) {
      AtomicInteger n = counts.get(nodeId);
      return n == null ? 0 : n.get();
    }
  }
}
