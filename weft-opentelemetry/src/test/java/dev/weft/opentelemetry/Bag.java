package dev.weft.opentelemetry;

import java.util.ArrayList;
import java.util.List;

/** A test state: the items the nodes added, in merge order. */
record Bag(List<Integer> items) {
  Bag {
    items = List.copyOf(items);
  }

  static Bag of(Integer... items) {
    return new Bag(List.of(items));
  }

  int first() {
    return items.isEmpty() ? -1 : items.get(0);
  }

  Bag merge(Bag delta) {
    List<Integer> all = new ArrayList<>(items);
    all.addAll(delta.items);
    return new Bag(all);
  }
}
