package dev.weft.support;

import dev.weft.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Events of a run reduced to what the determinism contract promises: per step, the sorted list of
 * events without time, durations and arrival order.
 */
public final class EventDigest {
  /** Attributes that measure time and so may differ between runs. */
  private static final Set<String> TIMING = Set.of("durationNanos", "waitNanos");

  private EventDigest() {}

  /** Step to the sorted canonical forms of that step's events. */
  public static Map<Long, List<String>> perStep(List<Event> events) {
    TreeMap<Long, List<String>> steps = new TreeMap<>();
    for (Event e : events) {
      steps.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(canonical(e));
    }
    steps.values().forEach(l -> l.sort(null));
    return steps;
  }

  /** One event without its time and timing attributes. */
  public static String canonical(Event e) {
    TreeMap<String, Object> attributes = new TreeMap<>(e.attributes());
    attributes.keySet().removeAll(TIMING);
    return e.type()
        + " run="
        + e.runId()
        + " step="
        + e.step()
        + " node="
        + e.nodeId()
        + " attempt="
        + e.attempt()
        + " "
        + attributes;
  }
}
