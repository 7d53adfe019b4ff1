package dev.weft;

import java.util.List;
import java.util.Optional;

/**
 * Where a run stands, read from its latest checkpoint by {@link Engine#state(String)}.
 *
 * <p>{@link RunStatus#RUNNING} means the latest checkpoint says the run was executing: it is either
 * being run now or its process died; {@link Engine#resume(String)} continues it in the second case.
 *
 * <pre>{@code
 * RunState<Doc> s = engine.state("doc-1");
 * if (s.status() == RunStatus.PAUSED) {
 *   System.out.println("waiting at step " + s.step() + ": " + s.pauseReason().orElseThrow());
 *   System.out.println("next: " + s.next());
 * }
 * }</pre>
 *
 * @param runId the run
 * @param status where it stands
 * @param step steps committed so far (the number of the step to run next)
 * @param state the state after the last commit
 * @param next the node ids of the activations that run next, in order-key order (empty when done)
 * @param pauseReason why it paused (an interrupt's reason or the breakpoint), when paused
 * @param failure the failure message, when failed
 * @param forkedFrom for a fork, the run and step it was forked from
 * @param <S> the state type
 */
public record RunState<S>(
    String runId,
    RunStatus status,
    long step,
    S state,
    List<String> next,
    Optional<String> pauseReason,
    Optional<String> failure,
    Optional<StepRef> forkedFrom) {

  public RunState {
    next = List.copyOf(next);
  }

  /**
   * A committed step of a run.
   *
   * <pre>{@code
   * state.forkedFrom().ifPresent(o -> System.out.println(o.runId() + " @ " + o.step()));
   * }</pre>
   *
   * @param runId the run
   * @param step the step
   */
  public record StepRef(String runId, long step) {}
}
