package dev.weft;

import java.util.List;
import java.util.Optional;

/**
 * One committed step of a run, as {@link Engine#history(String)} lists them, oldest first. Entry
 * {@code k} holds the state after {@code k} steps. It came from one of three things: the run's
 * start (or a fork's first checkpoint: nothing ran), a step in which {@link #ran()} nodes ran, or
 * an external input (a human's answer): then {@link #input()} holds the delta given and nothing
 * ran.
 *
 * <pre>{@code
 * for (HistoryEntry<Doc> e : engine.history("doc-1")) {
 *   System.out.println(e.step() + " ran " + e.ran() + e.input().map(i -> " input " + i).orElse(""));
 * }
 * }</pre>
 *
 * @param step the step number; {@link Engine#fork} takes it
 * @param status the status committed with it (PAUSED for a pause, COMPLETED at the end…)
 * @param state the state committed
 * @param ran node ids of the activations whose results made this state (empty for the first entry
 *     and for an input)
 * @param next node ids of the activations that were to run after it
 * @param input the delta given as external input, when this entry is one
 * @param inputLabel the input's label (who gave it); empty when none or not an input
 * @param detail the pause reason, or empty
 * @param <S> the state type
 */
public record HistoryEntry<S>(
    long step,
    RunStatus status,
    S state,
    List<String> ran,
    List<String> next,
    Optional<S> input,
    String inputLabel,
    String detail) {

  public HistoryEntry {
    ran = List.copyOf(ran);
    next = List.copyOf(next);
  }

  /** Whether this entry is an external input rather than a step of nodes. */
  public boolean isInput() {
    return input.isPresent();
  }
}
