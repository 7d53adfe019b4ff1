package dev.weft.bench;

import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.Options;
import dev.weft.Reducer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** The graph shapes of the workloads: a chain, a self-loop and a fan-out with a join. */
public final class Graphs {
  private Graphs() {}

  /** Sequential options: one activation at a time on the calling thread. */
  public static final Options SEQUENTIAL = Options.builder().maxConcurrentNodes(0).build();

  /** A linear chain {@code n0 → n1 → … → n(length-1)}; node {@code i} is {@code node.apply(i)}. */
  public static Graph<LState> chain(int length, IntFunction<Node<LState>> node) {
    Graph.Builder<LState> b = Graph.builder(LState::merge);
    for (int i = 0; i < length; i++) {
      b.node(id(i), node.apply(i));
      if (i > 0) {
        b.edge(id(i - 1), id(i));
      }
    }
    return b.start(id(0)).build();
  }

  /** One node {@code loop} routing to itself through a conditional edge while counter < steps. */
  public static Graph<LState> loop(int steps) {
    return Graph.builder(LState::merge)
        .node("loop", Nodes.INCREMENT)
        .edge("loop", "loop", state -> state.counter() < steps)
        .start("loop")
        .build();
  }

  /**
   * {@code start} → {@code b0 … b(width-1)} (plain edges, all fire) → {@code join}, which runs once
   * after every branch has routed next.
   */
  public static <S> Graph<S> fanOut(
      Reducer<S> reducer, Node<S> start, int width, IntFunction<Node<S>> branch, Node<S> join) {
    Graph.Builder<S> b = Graph.builder(reducer).node("start", start).node("join", join);
    List<String> branches = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      String id = "b" + i;
      branches.add(id);
      b.node(id, branch.apply(i)).edge("start", id);
    }
    return b.join(branches, "join").start("start").build();
  }

  private static String id(int i) {
    return "n" + i;
  }
}
