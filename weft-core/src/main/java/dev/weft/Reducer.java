package dev.weft;

/**
 * Merges a node's delta into the run state. Deltas of one step are merged in order-key order, so a
 * reducer never sees completion order.
 *
 * <pre>{@code
 * Reducer<Doc> reducer = (state, delta) -> state.with(delta.text());
 * }</pre>
 *
 * @param <S> the state type
 */
@FunctionalInterface
public interface Reducer<S> {
  /**
   * Returns the state after applying {@code delta}. Must not return {@code null}.
   *
   * @param state the current state
   * @param delta what a node returned; never {@code null} (nodes that change nothing skip the merge)
   */
  S merge(S state, S delta);
}
