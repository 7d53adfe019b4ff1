package dev.weft;

/**
 * Merges a node's delta into the run state. Deltas of one step are merged in order-key order, so a
 * reducer never sees completion order.
 *
 * <pre>{@code
 * Reducer<Doc> reducer = (state, delta) -> state.with(delta.text());
 * }</pre>
 *
 * <p>Thread-safety: a run merges on its coordinator thread, one delta at a time, but the
 * coordinators of many runs call one reducer at once: make it thread-safe, ideally a pure function.
 *
 * @param <S> the state type
 */
@FunctionalInterface
public interface Reducer<S> {
  /**
   * Returns the state after applying {@code delta}. Must not return {@code null}.
   *
   * @param state the current state
   * @param delta what a node returned; never {@code null} (nodes that change nothing skip the
   *     merge)
   */
  S merge(S state, S delta);
}
