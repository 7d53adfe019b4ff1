package dev.weft.timeout;

import java.util.ArrayList;
import java.util.List;

/** Test state: the names nodes appended, in merge order. */
record Trail(List<String> items) {
  static Trail of(String... items) {
    return new Trail(List.of(items));
  }

  Trail merge(Trail delta) {
    List<String> all = new ArrayList<>(items);
    all.addAll(delta.items);
    return new Trail(all);
  }
}
