package dev.weft.spi;

import dev.weft.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything needed to continue a run: saved atomically after every step, and when a run stops
 * mid-step. Random sources and backoff jitter derive from the run id and order keys held here, so
 * a resumed run makes the same draws in any process.
 *
 * <pre>{@code
 * Checkpoint<Doc> cp = store.load("run-1").orElseThrow();
 * System.out.println(cp.status() + " at step " + cp.step() + ", next: " + cp.frontier());
 * }</pre>
 *
 * @param runId the run
 * @param step steps committed so far, which is also the number of the step to run next
 * @param state the state after the last committed step
 * @param frontier the activations of step {@code step}
 * @param completed activations of step {@code step} that already finished (empty after a commit)
 * @param joinArrivals per join target, the sources that have arrived and wait for the others
 * @param status where the run stands
 * @param detail pause reason or failure message; empty when none
 * @param <S> the state type
 */
public record Checkpoint<S>(
    String runId,
    long step,
    S state,
    List<Activation<S>> frontier,
    List<ActivationResult<S>> completed,
    Map<String, Set<String>> joinArrivals,
    RunStatus status,
    String detail) {

  public Checkpoint {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    frontier = List.copyOf(frontier);
    completed = List.copyOf(completed);
    TreeMap<String, Set<String>> arrivals = new TreeMap<>();
    joinArrivals.forEach((k, v) -> arrivals.put(k, Set.copyOf(new TreeSet<>(v))));
    joinArrivals = java.util.Collections.unmodifiableMap(arrivals);
  }

  /**
   * The idempotency key of this step commit: the same value every time step {@code step} of this
   * run is committed, so a store can refuse a second commit of a step.
   */
  public String idempotencyKey() {
    return runId + "/" + step;
  }

  /** This checkpoint with another status and detail. */
  public Checkpoint<S> withStatus(RunStatus newStatus, String newDetail) {
    return new Checkpoint<>(runId, step, state, frontier, completed, joinArrivals, newStatus, newDetail);
  }
}
