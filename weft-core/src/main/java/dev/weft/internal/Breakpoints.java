package dev.weft.internal;

import dev.weft.RunOptions;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import java.util.List;
import java.util.Set;

/**
 * The breakpoints of one call: the graph's, or the {@link RunOptions} override, by node index. Both
 * are checked when a step is committed (and, for {@code before}, when a run starts), never when a
 * run is resumed, so resume runs the step a breakpoint stopped before, and does not stop again.
 */
final class Breakpoints {
  private static final Breakpoints NONE = new Breakpoints(new boolean[0], new boolean[0]);

  private final boolean[] before;
  private final boolean[] after;

  private Breakpoints(boolean[] before, boolean[] after) {
    this.before = before;
    this.after = after;
  }

  /** Resolves the call's breakpoints; unknown node ids in {@code options} are a clear error. */
  static Breakpoints of(
      CompiledGraph<?> graph, Set<String> graphBefore, Set<String> graphAfter, RunOptions options) {
    Set<String> b = options.interruptBefore().orElse(graphBefore);
    Set<String> a = options.interruptAfter().orElse(graphAfter);
    if (b.isEmpty() && a.isEmpty()) {
      return NONE;
    }
    return new Breakpoints(mark(graph, b, "interruptBefore"), mark(graph, a, "interruptAfter"));
  }

  private static boolean[] mark(CompiledGraph<?> graph, Set<String> ids, String what) {
    boolean[] marked = new boolean[graph.ids.length];
    for (String id : new java.util.TreeSet<>(ids)) {
      int i = graph.indexOf(id);
      if (i < 0) {
        throw new IllegalArgumentException(
            "RunOptions."
                + what
                + " names unknown node '"
                + id
                + "'; the graph's nodes are "
                + List.of(graph.ids));
      }
      marked[i] = true;
    }
    return marked;
  }

  /** The pause reason when a node with an after-breakpoint ran in the step, else null. */
  <S> String after(CompiledGraph<S> graph, ActivationResult<S>[] results) {
    if (after.length == 0) {
      return null;
    }
    for (ActivationResult<S> r : results) {
      if (after[graph.indexOf(r.nodeId())]) {
        return "breakpoint: after '" + r.nodeId() + "'";
      }
    }
    return null;
  }

  /** The pause reason when the frontier holds a node with a before-breakpoint, else null. */
  <S> String before(CompiledGraph<S> graph, List<Activation<S>> frontier) {
    if (before.length == 0) {
      return null;
    }
    for (Activation<S> a : frontier) {
      if (before[graph.indexOf(a.nodeId())]) {
        return "breakpoint: before '" + a.nodeId() + "'";
      }
    }
    return null;
  }
}
