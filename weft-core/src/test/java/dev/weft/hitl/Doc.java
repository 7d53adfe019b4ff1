package dev.weft.hitl;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of an approval flow: a draft's revision, the reviewer's last answer and a log of what
 * happened. A delta's non-null fields replace the state's; its log is appended.
 */
record Doc(int revision, Boolean approved, String comment, boolean published, List<String> log) {
  Doc {
    log = List.copyOf(log);
  }

  static Doc empty() {
    return new Doc(0, null, null, false, List.of());
  }

  static Doc answer(boolean approved, String comment) {
    return new Doc(0, approved, comment, false, List.of());
  }

  static Doc note(String line) {
    return new Doc(0, null, null, false, List.of(line));
  }

  Doc merge(Doc delta) {
    List<String> all = new ArrayList<>(log);
    all.addAll(delta.log);
    return new Doc(
        Math.max(revision, delta.revision),
        delta.approved != null ? delta.approved : approved,
        delta.comment != null ? delta.comment : comment,
        published || delta.published,
        all);
  }
}
