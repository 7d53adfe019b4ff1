package dev.weft.internal;

import dev.weft.Node;
import dev.weft.NodeResult;
import dev.weft.NoRouteException;
import dev.weft.PermanentException;
import dev.weft.Route;
import java.util.Set;

/**
 * One attempt of one activation: calls the node, contains whatever it does, and checks its route.
 * Runs inline on the coordinator or on its own virtual thread; either way it only produces a
 * {@link Completion} and touches no run state.
 */
final class Attempt {
  private Attempt() {}

  static <S> Completion<S> run(
      Node<S> node, S input, Context ctx, Set<String> allowedTargets, InFlight inFlight, long startNanos, dev.weft.spi.TimeSource time) {
    NodeResult<S> result;
    Throwable failure = null;
    try {
      result = node.apply(input, ctx);
      if (result == null) {
        failure =
            new PermanentException(
                "node '" + ctx.nodeId() + "' returned null; return NodeResult.next(delta), "
                    + "stop(delta) or another NodeResult");
      } else {
        failure = checkRoute(ctx.nodeId(), result.route(), allowedTargets);
      }
    } catch (Throwable t) { // contain everything a node does, Errors included
      result = null;
      failure = t;
    }
    return new Completion<>(inFlight, failure == null ? result : null, failure, startNanos, time.nanoTime());
  }

  private static NoRouteException checkRoute(String nodeId, Route<?> route, Set<String> allowed) {
    if (route instanceof Route.GoTo<?> goTo) {
      for (String target : goTo.targets()) {
        if (!allowed.contains(target)) {
          return noRoute(nodeId, "goTo", target, allowed);
        }
      }
    } else if (route instanceof Route.Send<?> send) {
      for (Route.Branch<?> branch : send.branches()) {
        if (!allowed.contains(branch.nodeId())) {
          return noRoute(nodeId, "send", branch.nodeId(), allowed);
        }
      }
    }
    return null;
  }

  private static NoRouteException noRoute(String from, String how, String to, Set<String> allowed) {
    return new NoRouteException(
        "node '" + from + "' tried to " + how + " '" + to + "', which is not among its edges or "
            + "declared routes " + allowed + "; add edge(\"" + from + "\", \"" + to
            + "\") or routes(\"" + from + "\", \"" + to + "\") to the graph");
  }

  /** What an attempt produced: a result or a failure, and when it started and ended. */
  record Completion<S>(
      InFlight inFlight, NodeResult<S> result, Throwable failure, long startNanos, long endNanos) {}
}
