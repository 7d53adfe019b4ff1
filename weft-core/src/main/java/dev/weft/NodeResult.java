package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a node returns: a delta to merge into the state (or {@code null} for no change) and a {@link
 * Route}.
 *
 * <pre>{@code
 * return NodeResult.next(delta);                      // follow edges
 * return NodeResult.goTo(delta, "left", "right");     // fan out to both
 * return NodeResult.send(null, Branch.of("work", a), Branch.of("work", b));
 * return NodeResult.stop(delta);                      // end this branch
 * return NodeResult.interrupt(delta, "needs approval"); // pause the run
 * }</pre>
 *
 * <p>Thread-safety: immutable (as far as the state values it carries are); safe to share between
 * threads.
 *
 * @param delta merged by the graph's {@link Reducer}; {@code null} means no change
 * @param route where to go next
 * @param <S> the state type
 */
public record NodeResult<S>(S delta, Route<S> route) {
  private static final Route.Next<?> NEXT = new Route.Next<>();
  private static final Route.Stop<?> STOP = new Route.Stop<>();

  public NodeResult {
    Objects.requireNonNull(route, "route");
  }

  /** Merge {@code delta} and follow the node's edges. */
  @SuppressWarnings("unchecked")
  public static <S> NodeResult<S> next(S delta) {
    return new NodeResult<>(delta, (Route<S>) NEXT);
  }

  /** Merge {@code delta} and activate {@code targets} next step. */
  public static <S> NodeResult<S> goTo(S delta, String... targets) {
    return new NodeResult<>(delta, new Route.GoTo<>(List.of(targets)));
  }

  /** Merge {@code delta} and run one activation per branch next step. */
  @SafeVarargs
  public static <S> NodeResult<S> send(S delta, Route.Branch<S>... branches) {
    List<Route.Branch<S>> list = new ArrayList<>(branches.length);
    for (Route.Branch<S> branch : branches) {
      list.add(branch);
    }
    return new NodeResult<>(delta, new Route.Send<>(list));
  }

  /** Merge {@code delta} and run one activation per branch next step. */
  public static <S> NodeResult<S> send(S delta, List<Route.Branch<S>> branches) {
    return new NodeResult<>(delta, new Route.Send<>(branches));
  }

  /** Merge {@code delta} and end this branch. */
  @SuppressWarnings("unchecked")
  public static <S> NodeResult<S> stop(S delta) {
    return new NodeResult<>(delta, (Route<S>) STOP);
  }

  /** Merge {@code delta}, commit the step and pause the run with {@code reason}. */
  public static <S> NodeResult<S> interrupt(S delta, String reason) {
    return new NodeResult<>(delta, new Route.Interrupt<>(reason));
  }
}
