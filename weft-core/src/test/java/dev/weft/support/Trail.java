package dev.weft.support;

import java.util.ArrayList;
import java.util.List;

/**
 * An order-sensitive test state: a list that deltas append to. Merging in a different order gives a
 * different state, so it exposes any dependence on completion order.
 */
public record Trail(List<String> items) {
  public Trail {
    items = List.copyOf(items);
  }

  public static Trail of(String... items) {
    return new Trail(List.of(items));
  }

  /** The reducer: appends the delta's items. */
  public Trail merge(Trail delta) {
    List<String> all = new ArrayList<>(items);
    all.addAll(delta.items);
    return new Trail(all);
  }

  /** How many items equal {@code item}. */
  public int count(String item) {
    int n = 0;
    for (String i : items) {
      if (i.equals(item)) {
        n++;
      }
    }
    return n;
  }

  public int size() {
    return items.size();
  }
}
