package dev.weft.backpressure;

import java.util.ArrayList;
import java.util.List;

/**
 * Test state: values appended in merge order, so the final state shows the order deltas merged in.
 */
record Tally(List<Integer> items) {
  Tally {
    items = List.copyOf(items);
  }

  static Tally of(Integer... values) {
    return new Tally(List.of(values));
  }

  int first() {
    return items.getFirst();
  }

  Tally merge(Tally delta) {
    List<Integer> all = new ArrayList<>(items);
    all.addAll(delta.items);
    return new Tally(all);
  }
}
