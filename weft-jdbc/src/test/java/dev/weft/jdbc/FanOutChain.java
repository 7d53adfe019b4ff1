package dev.weft.jdbc;

import dev.weft.Graph;
import dev.weft.NodeResult;

/**
 * A chain of {@code rounds} rounds, each a fan-out to two nodes and a join: 3 steps per round, so
 * steps commit fan-out results, join arrivals and merged deltas.
 */
final class FanOutChain {
  private FanOutChain() {}

  static Graph<Trail> graph(int rounds) {
    Graph.Builder<Trail> b = Graph.builder(Trail::merge);
    for (int r = 0; r < rounds; r++) {
      String split = "split" + r;
      String left = "left" + r;
      String right = "right" + r;
      String join = "join" + r;
      b.node(split, (s, ctx) -> NodeResult.next(Trail.of(split)));
      b.node(left, (s, ctx) -> NodeResult.next(Trail.of(left)));
      b.node(right, (s, ctx) -> NodeResult.next(Trail.of(right)));
      boolean last = r == rounds - 1;
      b.node(
          join,
          (s, ctx) -> last ? NodeResult.stop(Trail.of(join)) : NodeResult.next(Trail.of(join)));
      b.edge(split, left).edge(split, right).join(java.util.List.of(left, right), join);
      if (!last) {
        b.edge(join, "split" + (r + 1));
      }
    }
    return b.start("split0").build();
  }
}
