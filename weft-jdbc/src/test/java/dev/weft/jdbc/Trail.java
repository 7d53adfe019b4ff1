package dev.weft.jdbc;

import java.util.ArrayList;
import java.util.List;

/** An order-sensitive test state: deltas append their items, so merge order shows. */
public record Trail(List<String> items) {
  public Trail {
    items = List.copyOf(items);
  }

  public static Trail of(String... items) {
    return new Trail(List.of(items));
  }

  public Trail merge(Trail delta) {
    List<String> all = new ArrayList<>(items);
    all.addAll(delta.items);
    return new Trail(all);
  }
}
