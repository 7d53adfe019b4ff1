package dev.weft.spi;

import java.util.Objects;

/**
 * One scheduled execution of a node within a step, as kept in a {@link Checkpoint}.
 *
 * <pre>{@code
 * checkpoint.frontier().forEach(a -> System.out.println(a.nodeId() + " #" + a.orderKey()));
 * }</pre>
 *
 * <p>Thread-safety: immutable (as far as the state values it carries are); safe to share between
 * threads.
 *
 * @param nodeId the node to run
 * @param orderKey its stable identity in the step; deltas merge in ascending (unsigned) order
 * @param branchInput the input of a {@code send} branch, or {@code null} to run on the state
 * @param firstAttempt the attempt number to start at (greater than 1 when a retry was pending)
 * @param <S> the state type
 */
public record Activation<S>(String nodeId, long orderKey, S branchInput, int firstAttempt) {
  public Activation {
    Objects.requireNonNull(nodeId, "nodeId");
    if (firstAttempt < 1) {
      throw new IllegalArgumentException("firstAttempt must be ≥ 1, was " + firstAttempt);
    }
  }

  /** This activation starting at another attempt number. */
  public Activation<S> atAttempt(int attempt) {
    return new Activation<>(nodeId, orderKey, branchInput, attempt);
  }
}
