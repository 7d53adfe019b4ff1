package dev.weft.internal;

import dev.weft.HistoryEntry;
import dev.weft.RunState;
import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads checkpoints as the engine's inspection values: a run's state and its step history. */
public final class History {
  private History() {}

  /** The committed step {@code step} of a history, or a clear error naming the steps there are. */
  static <S> Checkpoint<S> at(List<Checkpoint<S>> history, String runId, long step) {
    for (Checkpoint<S> c : history) {
      if (c.step() == step) {
        return c;
      }
    }
    long first = history.get(0).step();
    long last = history.get(history.size() - 1).step();
    throw new IllegalArgumentException(
        "run '"
            + runId
            + "' has no committed step "
            + step
            + "; its history holds steps "
            + first
            + " to "
            + last
            + " (see engine.history(\""
            + runId
            + "\"))");
  }

  /** The state of a run as its latest checkpoint says. */
  public static <S> RunState<S> state(Checkpoint<S> c) {
    return new RunState<>(
        c.runId(),
        c.status(),
        c.step(),
        c.state(),
        c.status() == RunStatus.COMPLETED ? List.of() : nodeIds(c.frontier()),
        c.status() == RunStatus.PAUSED ? Optional.of(c.detail()) : Optional.empty(),
        c.status() == RunStatus.FAILED ? Optional.of(c.detail()) : Optional.empty(),
        c.origin().map(o -> new RunState.StepRef(o.runId(), o.step())));
  }

  /**
   * One entry per step commit. What ran to make entry {@code k} is the frontier of entry {@code
   * k-1}, unless entry {@code k} is an input (nothing ran) or the first entry.
   */
  public static <S> List<HistoryEntry<S>> entries(List<Checkpoint<S>> history) {
    List<HistoryEntry<S>> out = new ArrayList<>(history.size());
    Checkpoint<S> previous = null;
    for (Checkpoint<S> c : history) {
      boolean ranNodes = previous != null && c.input().isEmpty() && previous.step() == c.step() - 1;
      out.add(
          new HistoryEntry<>(
              c.step(),
              c.status(),
              c.state(),
              ranNodes ? nodeIds(previous.frontier()) : List.of(),
              c.status() == RunStatus.COMPLETED ? List.of() : nodeIds(c.frontier()),
              c.input().map(Checkpoint.Input::delta),
              c.input().map(Checkpoint.Input::label).orElse(""),
              c.detail()));
      previous = c;
    }
    return out;
  }

  private static List<String> nodeIds(List<? extends Activation<?>> frontier) {
    List<String> ids = new ArrayList<>(frontier.size());
    for (Activation<?> a : frontier) {
      ids.add(a.nodeId());
    }
    return ids;
  }
}
