package dev.weft;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of one call that runs a run ({@link Engine#runForResult(String, Object, RunOptions)},
 * {@link Engine#resumeForResult(String, RunOptions)}, {@link Engine#fork}): for now the
 * breakpoints. A breakpoint set here replaces the graph's set of the same kind for that call only;
 * a kind left unset keeps the graph's. Pass the options again on each resume: they are not stored
 * with the run.
 *
 * <p>Immutable and thread-safe; one instance may serve any number of calls.
 *
 * <pre>{@code
 * RunOptions stepThrough = RunOptions.builder().interruptBefore("publish").build();
 * RunResult<Doc> paused = engine.runForResult("doc-1", draft, stepThrough);
 * RunOptions none = RunOptions.builder().interruptBefore().interruptAfter().build(); // no breakpoints
 * }</pre>
 *
 * @param interruptBefore node ids to pause before (replacing the graph's), or empty to keep them
 * @param interruptAfter node ids to pause after (replacing the graph's), or empty to keep them
 */
public record RunOptions(
    Optional<Set<String>> interruptBefore, Optional<Set<String>> interruptAfter) {

  private static final RunOptions DEFAULTS = new RunOptions(Optional.empty(), Optional.empty());

  public RunOptions {
    Objects.requireNonNull(interruptBefore, "interruptBefore");
    Objects.requireNonNull(interruptAfter, "interruptAfter");
    interruptBefore = interruptBefore.map(s -> Set.copyOf(s));
    interruptAfter = interruptAfter.map(s -> Set.copyOf(s));
  }

  /** The graph's breakpoints, nothing overridden. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** Starts building options; unset kinds keep the graph's settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link RunOptions}.
   *
   * <pre>{@code
   * RunOptions.builder().interruptAfter("review").build();
   * }</pre>
   */
  public static final class Builder {
    private Set<String> before;
    private Set<String> after;

    private Builder() {}

    /** Pause before these nodes run (and not before the graph's); no ids means no breakpoints. */
    public Builder interruptBefore(String... nodeIds) {
      this.before = ids(nodeIds, "interruptBefore");
      return this;
    }

    /** Pause after these nodes ran (and not after the graph's); no ids means no breakpoints. */
    public Builder interruptAfter(String... nodeIds) {
      this.after = ids(nodeIds, "interruptAfter");
      return this;
    }

    /** The options; node ids are checked against the graph when a call uses them. */
    public RunOptions build() {
      return new RunOptions(Optional.ofNullable(before), Optional.ofNullable(after));
    }

    private static Set<String> ids(String[] nodeIds, String what) {
      Objects.requireNonNull(nodeIds, what);
      for (String id : nodeIds) {
        if (id == null || id.isBlank()) {
          throw new IllegalArgumentException(
              what + " was given a null or blank node id; pass the ids of declared nodes");
        }
      }
      return new LinkedHashSet<>(List.of(nodeIds));
    }
  }
}
