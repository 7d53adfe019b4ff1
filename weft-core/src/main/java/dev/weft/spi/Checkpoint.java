package dev.weft.spi;

import dev.weft.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything needed to continue a run: saved atomically after every step, and when a run stops
 * mid-step. Random sources and backoff jitter derive from {@link #seedRunId()} and the order keys
 * held here, so a resumed run makes the same draws in any process. Every component is a plain value
 * (strings, numbers, states, lists and maps of them), so a store can persist it field by field.
 *
 * <pre>{@code
 * Checkpoint<Doc> cp = store.load("run-1").orElseThrow();
 * System.out.println(cp.status() + " at step " + cp.step() + ", next: " + cp.frontier());
 * }</pre>
 *
 * <p>Thread-safety: immutable (as far as the state values it carries are); safe to share between
 * threads.
 *
 * @param runId the run
 * @param step steps committed so far, which is also the number of the step to run next
 * @param state the state after the last committed step
 * @param frontier the activations of step {@code step}
 * @param completed activations of step {@code step} that already finished (empty after a commit,
 *     except when an input is committed into a failed step: then the activations that had finished)
 * @param joinArrivals per join target, the sources that have arrived and wait for the others
 * @param status where the run stands
 * @param detail pause reason or failure message; empty when none
 * @param seedRunId the run id whose hash seeds {@code ctx.random()} and backoff jitter: the run's
 *     own id, or for a fork its origin's seed run id (so a fork draws what its origin drew)
 * @param origin for a fork, the run and step it was forked from; empty otherwise. Every checkpoint
 *     of a fork carries it
 * @param input present when this step commit is an external input (a human's answer given to {@code
 *     Engine.resume(runId, input)} or to a fork): no node ran; {@code state} is the previous state
 *     merged with the input's delta through the reducer
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
    String detail,
    String seedRunId,
    Optional<Origin> origin,
    Optional<Input<S>> input) {

  public Checkpoint {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(seedRunId, "seedRunId");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(input, "input");
    frontier = List.copyOf(frontier);
    completed = List.copyOf(completed);
    TreeMap<String, Set<String>> arrivals = new TreeMap<>();
    joinArrivals.forEach((k, v) -> arrivals.put(k, Set.copyOf(new TreeSet<>(v))));
    joinArrivals = java.util.Collections.unmodifiableMap(arrivals);
  }

  /**
   * A checkpoint of a run that is neither a fork nor an input: seeded by its own id, no origin, no
   * input.
   */
  public Checkpoint(
      String runId,
      long step,
      S state,
      List<Activation<S>> frontier,
      List<ActivationResult<S>> completed,
      Map<String, Set<String>> joinArrivals,
      RunStatus status,
      String detail) {
    this(
        runId,
        step,
        state,
        frontier,
        completed,
        joinArrivals,
        status,
        detail,
        runId,
        Optional.empty(),
        Optional.empty());
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
    return new Checkpoint<>(
        runId,
        step,
        state,
        frontier,
        completed,
        joinArrivals,
        newStatus,
        newDetail,
        seedRunId,
        origin,
        input);
  }

  /**
   * Where a fork came from: the run and the committed step its first checkpoint copies.
   *
   * <pre>{@code
   * cp.origin().ifPresent(o -> System.out.println("forked from " + o.runId() + "@" + o.step()));
   * }</pre>
   *
   * @param runId the origin run
   * @param step the origin's committed step the fork started from
   */
  public record Origin(String runId, long step) {
    public Origin {
      Objects.requireNonNull(runId, "runId");
      if (step < 0) {
        throw new IllegalArgumentException("origin step must be ≥ 0, was " + step);
      }
    }
  }

  /**
   * An external input committed as its own step: the delta merged through the reducer and who or
   * what gave it.
   *
   * <pre>{@code
   * cp.input().ifPresent(i -> System.out.println(i.label() + " gave " + i.delta()));
   * }</pre>
   *
   * @param delta the delta given (never {@code null})
   * @param label a free-form note such as who gave it; empty when none
   * @param <S> the state type
   */
  public record Input<S>(S delta, String label) {
    public Input {
      Objects.requireNonNull(delta, "delta");
      Objects.requireNonNull(label, "label");
    }
  }
}
