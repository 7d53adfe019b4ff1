package dev.weft.internal;

import dev.weft.NoRouteException;
import dev.weft.Node;
import dev.weft.NodeResult;
import dev.weft.PermanentException;
import dev.weft.Route;
import java.util.Set;

/**
 * The attempt function: calls the node once, contains whatever it does, and checks its route. Runs
 * inline on the coordinator or on a worker; either way it only fills in the {@link Task}.
 */
final class Attempt {
  private Attempt() {}

  static <S> void run(
      Node<S> node,
      Context ctx,
      Set<String> allowedTargets,
      Task<S> task,
      dev.weft.spi.TimeSource time,
      boolean timed) {
    NodeResult<S> result = null;
    Throwable failure;
    try {
      result = node.apply(task.input, ctx);
      if (result == null) {
        failure =
            new PermanentException(
                "node '"
                    + ctx.nodeId()
                    + "' returned null; return NodeResult.next(delta), "
                    + "stop(delta) or another NodeResult");
      } else {
        failure = checkRoute(ctx.nodeId(), result.route(), allowedTargets);
      }
    } catch (Throwable t) { // contain everything a node does, Errors included
      failure = t;
    }
    task.result = failure == null ? result : null;
    task.failure = failure;
    task.endNanos = timed ? time.nanoTime() : 0;
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
        "node '"
            + from
            + "' tried to "
            + how
            + " '"
            + to
            + "', which is not among its edges or "
            + "declared routes "
            + allowed
            + "; add edge(\""
            + from
            + "\", \""
            + to
            + "\") or routes(\""
            + from
            + "\", \""
            + to
            + "\") to the graph");
  }
}
