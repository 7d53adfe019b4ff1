package dev.weft.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The state of the L-series workloads (and of W1, W3 and B0): {@code { int counter; Map data }}.
 * Instances are never mutated after construction; the reducer copies the map when it changes.
 *
 * @param counter a step counter
 * @param data free-form entries
 */
public record LState(int counter, Map<String, Object> data) {
  /** The initial state: counter 0, no data. */
  public static final LState EMPTY = new LState(0, Map.of());

  /**
   * The reducer of BENCHMARKS.md: sets the counter when the delta's is greater than 0 and copies
   * the delta's data entries. An empty delta map keeps the state's map as it is (no copy).
   */
  public static LState merge(LState state, LState delta) {
    int counter = delta.counter > 0 ? delta.counter : state.counter;
    Map<String, Object> data = state.data;
    if (!delta.data.isEmpty()) {
      data = new HashMap<>(state.data);
      data.putAll(delta.data);
    }
    return new LState(counter, data);
  }
}
