package dev.weft.internal;

import dev.weft.EventType;
import dev.weft.Route;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Forms the next frontier from a step's results, in order-key order, on the merged state: edges
 * (plain ones all fire, the first matching conditional one fires), joins, goTo, send and stop. A
 * node named by several state activations runs once (the smallest order key wins).
 */
final class Router<S> {
  private final RunLoop<S> run;
  private final CompiledGraph<S> graph;

  /** The reason of the first {@code interrupt} route of the last step routed, or {@code null}. */
  String pauseReason;

  Router(RunLoop<S> run) {
    this.run = run;
    this.graph = run.runner.graph;
  }

  /** The next frontier, sorted by order key; sets {@link #pauseReason}. */
  List<Activation<S>> route(ActivationResult<S>[] results) {
    long nextStep = run.step + 1;
    List<Activation<S>> next = new ArrayList<>(results.length);
    pauseReason = null;
    for (ActivationResult<S> r : results) {
      int node = graph.indexOf(r.nodeId());
      long parent = r.orderKey();
      int before = next.size();
      switch (r.route()) {
        case Route.Next<S> n -> followEdges(node, parent, nextStep, next);
        case Route.Interrupt<S> i -> {
          followEdges(node, parent, nextStep, next);
          if (pauseReason == null) {
            pauseReason = i.reason();
          }
        }
        case Route.GoTo<S> g -> {
          List<String> targets = g.targets();
          for (int k = 0; k < targets.size(); k++) {
            int t = graph.indexOf(targets.get(k));
            next.add(
                new Activation<>(
                    graph.ids[t], OrderKeys.child(parent, k, graph.hashes[t], nextStep), null, 1));
          }
        }
        case Route.Send<S> s -> {
          List<Route.Branch<S>> branches = s.branches();
          for (int k = 0; k < branches.size(); k++) {
            Route.Branch<S> b = branches.get(k);
            int t = graph.indexOf(b.nodeId());
            next.add(
                new Activation<>(
                    graph.ids[t],
                    OrderKeys.child(parent, k, graph.hashes[t], nextStep),
                    b.input(),
                    1));
          }
        }
        case Route.Stop<S> s -> {}
      }
      if (run.runner.events.wants(EventType.ROUTED)) {
        List<String> targets = new ArrayList<>();
        for (int k = before; k < next.size(); k++) {
          targets.add(next.get(k).nodeId());
        }
        run.runner.events.emit(
            run.runId,
            run.step,
            r.nodeId(),
            EventType.ROUTED,
            0,
            Map.of("route", routeName(r.route()), "targets", targets));
      }
    }
    fireJoins(nextStep, next);
    return dedupeAndSort(next);
  }

  private void followEdges(int node, long parent, long nextStep, List<Activation<S>> next) {
    boolean conditionalFired = false;
    for (CompiledGraph.OutEdge<S> e : graph.edges[node]) {
      boolean fire;
      if (e.condition() == null) {
        fire = true;
      } else if (conditionalFired) {
        fire = false;
      } else {
        try {
          fire = e.condition().test(run.state);
        } catch (RuntimeException | Error ex) { // contained like a node's failure, Errors included
          throw run.failStep(
              graph.ids[node],
              "the condition of edge '"
                  + graph.ids[node]
                  + "' -> '"
                  + graph.ids[e.target()]
                  + "' threw",
              ex);
        }
        conditionalFired = fire;
      }
      if (fire) {
        next.add(
            new Activation<>(
                graph.ids[e.target()],
                OrderKeys.child(parent, e.declaration(), graph.hashes[e.target()], nextStep),
                null,
                1));
      }
    }
    for (int j : graph.joinsFed[node]) {
      run.joinArrivals
          .computeIfAbsent(graph.joins[j].targetId(), k -> new TreeSet<>())
          .add(graph.ids[node]);
    }
  }

  private void fireJoins(long nextStep, List<Activation<S>> next) {
    for (int j = 0; j < graph.joins.length; j++) {
      CompiledGraph.Join join = graph.joins[j];
      TreeSet<String> arrived = run.joinArrivals.get(join.targetId());
      if (arrived == null || !arrived.containsAll(List.of(join.sources()))) {
        continue;
      }
      run.joinArrivals.remove(join.targetId());
      next.add(
          new Activation<>(
              join.targetId(),
              OrderKeys.child(join.hash(), j, graph.hashes[join.target()], nextStep),
              null,
              1));
    }
  }

  private static <S> List<Activation<S>> dedupeAndSort(List<Activation<S>> next) {
    if (next.size() <= 1) {
      return next;
    }
    next.sort(Router::compare);
    List<Activation<S>> unique = new ArrayList<>(next.size());
    java.util.HashSet<String> seen = new java.util.HashSet<>();
    for (Activation<S> a : next) {
      // Sorted ascending, so the first state activation of a node has its smallest key.
      if (a.branchInput() != null || seen.add(a.nodeId())) {
        unique.add(a);
      }
    }
    return unique;
  }

  /** The route's name in events: next, goto, send, stop, interrupt. */
  static String routeName(Route<?> route) {
    return switch (route) {
      case Route.Next<?> n -> "next";
      case Route.GoTo<?> g -> "goto";
      case Route.Send<?> s -> "send";
      case Route.Stop<?> s -> "stop";
      case Route.Interrupt<?> i -> "interrupt";
    };
  }

  static int compare(Activation<?> a, Activation<?> b) {
    int c = Long.compareUnsigned(a.orderKey(), b.orderKey());
    return c != 0 ? c : a.nodeId().compareTo(b.nodeId());
  }
}
