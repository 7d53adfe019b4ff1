package dev.weft.internal;

import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.NodePolicy;
import dev.weft.Options;
import dev.weft.Reducer;
import dev.weft.RetryPolicy;
import dev.weft.TimeoutSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@link Graph} resolved for execution: nodes by index, edges and joins as arrays, policies
 * merged with the engine's {@link Options}. Built once per engine; read-only afterwards.
 */
final class CompiledGraph<S> {
  final Reducer<S> reducer;
  final String[] ids;
  final Node<S>[] nodes;
  final long[] hashes;
  final Map<String, Integer> index = new HashMap<>();
  final OutEdge<S>[][] edges;
  final int[][] joinsFed;
  final Join[] joins;
  final Set<String>[] dynamicTargets;
  final RetryPolicy[] retry;
  final long[] timeoutNanos;
  final TimeoutSource[] timeoutSource;
  final boolean anyTimeLimit; // whether some node has a time limit (its own or the default)
  final int start;

  record OutEdge<S>(int target, Predicate<? super S> condition, int declaration) {}

  @SuppressWarnings("ArrayRecordComponent") // internal and never compared; arrays for the step loop
  record Join(int target, String targetId, String[] sources, long hash) {}

  @SuppressWarnings("unchecked")
  CompiledGraph(Graph<S> graph, Options options) {
    this.reducer = graph.reducer();
    List<String> nodeIds = graph.nodeIds();
    int n = nodeIds.size();
    ids = nodeIds.toArray(new String[0]);
    nodes = (Node<S>[]) new Node<?>[n];
    hashes = new long[n];
    retry = new RetryPolicy[n];
    timeoutNanos = new long[n];
    timeoutSource = new TimeoutSource[n];
    dynamicTargets = (Set<String>[]) new Set<?>[n];
    for (int i = 0; i < n; i++) {
      index.put(ids[i], i);
      nodes[i] = graph.node(ids[i]);
      hashes[i] = OrderKeys.hash(ids[i]);
      NodePolicy policy = graph.policy(ids[i]);
      retry[i] = policy.retry().orElse(options.defaultRetry());
      if (policy.timeout().isPresent()) {
        timeoutNanos[i] = Durations.saturatedNanos(policy.timeout().get());
        timeoutSource[i] = TimeoutSource.NODE_POLICY;
      } else if (options.defaultNodeTimeout().isPresent()) {
        timeoutNanos[i] = Durations.saturatedNanos(options.defaultNodeTimeout().get());
        timeoutSource[i] = TimeoutSource.DEFAULT;
      }
    }
    boolean limited = false;
    for (long limit : timeoutNanos) {
      limited |= limit != 0;
    }
    anyTimeLimit = limited;
    List<List<OutEdge<S>>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
      dynamicTargets[i] = new LinkedHashSet<>(graph.declaredRoutes(ids[i]));
    }
    List<Graph.Edge<S>> declared = graph.edges();
    for (int e = 0; e < declared.size(); e++) {
      Graph.Edge<S> edge = declared.get(e);
      int from = index.get(edge.from());
      out.get(from).add(new OutEdge<>(index.get(edge.to()), edge.condition().orElse(null), e));
      dynamicTargets[from].add(edge.to());
    }
    edges = (OutEdge<S>[][]) new OutEdge<?>[n][];
    for (int i = 0; i < n; i++) {
      edges[i] = (OutEdge<S>[]) out.get(i).toArray(new OutEdge<?>[0]);
    }
    List<Graph.Join> declaredJoins = graph.joins();
    joins = new Join[declaredJoins.size()];
    List<List<Integer>> fed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fed.add(new ArrayList<>());
    }
    for (int j = 0; j < joins.length; j++) {
      Graph.Join join = declaredJoins.get(j);
      joins[j] =
          new Join(
              index.get(join.target()),
              join.target(),
              join.sources().toArray(new String[0]),
              OrderKeys.hash("join:" + join.target()));
      for (String source : new LinkedHashSet<>(join.sources())) {
        fed.get(index.get(source)).add(j);
        dynamicTargets[index.get(source)].add(join.target());
      }
    }
    joinsFed = new int[n][];
    for (int i = 0; i < n; i++) {
      joinsFed[i] = fed.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    start = index.get(graph.start());
  }

  int indexOf(String id) {
    Integer i = index.get(id);
    return i == null ? -1 : i;
  }
}
