package dev.weft.spi;

import dev.weft.Route;
import java.util.Objects;

/**
 * A finished activation of a step that was not yet merged when the run stopped (failure, budget,
 * backpressure timeout, cancel). Kept in the {@link Checkpoint} so that resume does not run it
 * again.
 *
 * <pre>{@code
 * checkpoint.completed().forEach(r -> System.out.println(r.nodeId() + " done"));
 * }</pre>
 *
 * <p>Thread-safety: immutable (as far as the state values it carries are); safe to share between
 * threads.
 *
 * @param nodeId the node that ran
 * @param orderKey the activation's order key
 * @param delta what it returned to merge, or {@code null} for no change
 * @param route where it routed
 * @param <S> the state type
 */
public record ActivationResult<S>(String nodeId, long orderKey, S delta, Route<S> route) {
  public ActivationResult {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(route, "route");
  }
}
