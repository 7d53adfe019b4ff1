package dev.weft;

import java.util.List;
import java.util.Objects;

/**
 * Where a run goes after a node: the second half of a {@link NodeResult}. Build routes through the
 * {@link NodeResult} factories; this type exists so that code reading results can switch over them.
 *
 * <pre>{@code
 * switch (result.route()) {
 *   case Route.Next n -> ...;
 *   case Route.GoTo g -> g.targets();
 *   case Route.Send<Doc> s -> s.branches();
 *   case Route.Stop s -> ...;
 *   case Route.Interrupt i -> i.reason();
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable (as far as the state values it carries are); safe to share between
 * threads.
 *
 * @param <S> the state type (used by {@link Send} branches)
 */
public sealed interface Route<S> {

  /** Follow the node's declared edges and joins, evaluated on the merged state. */
  record Next<S>() implements Route<S> {}

  /** Activate the named nodes next step (fan-out when several). */
  record GoTo<S>(List<String> targets) implements Route<S> {
    public GoTo {
      targets = List.copyOf(targets);
    }
  }

  /** Activate one node per branch next step, each with its own input (dynamic fan-out). */
  record Send<S>(List<Branch<S>> branches) implements Route<S> {
    public Send {
      branches = List.copyOf(branches);
    }
  }

  /** End this branch of the run. */
  record Stop<S>() implements Route<S> {}

  /**
   * Commit the step and pause the run for a human; the next step is formed along the node's edges
   * at once, and {@link Engine#resume(String)} or {@link Engine#resume(String, Object)} (with the
   * person's answer, merged before that step runs) continues it.
   */
  record Interrupt<S>(String reason) implements Route<S> {
    public Interrupt {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * One branch of a {@link Send}: the node to run and the input it sees instead of the state.
   *
   * <pre>{@code
   * NodeResult.send(null, Branch.of("summarize", chunk1), Branch.of("summarize", chunk2));
   * }</pre>
   */
  record Branch<S>(String nodeId, S input) {
    public Branch {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(input, "input");
    }

    /** A branch running {@code nodeId} on {@code input}. */
    public static <S> Branch<S> of(String nodeId, S input) {
      return new Branch<>(nodeId, input);
    }
  }
}
