package dev.weft.opentelemetry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempt span names {@code weft.node <node>}, built once per node id rather than once per
 * attempt. Node ids come from the graph, so the cache stays small; past {@link #LIMIT} ids (a graph
 * that large, or ids that are not a graph's) names are built each time instead of kept.
 *
 * <p>Thread-safe.
 */
final class SpanNames {
  static final int LIMIT = 10_000;

  private final ConcurrentHashMap<String, String> nodes = new ConcurrentHashMap<>();

  /** {@code weft.node <nodeId>}. */
  String node(String nodeId) {
    if (nodeId == null) {
      return "weft.node null"; // as the concatenation would have it; no attempt event lacks one
    }
    String name = nodes.get(nodeId);
    if (name != null) {
      return name;
    }
    name = "weft.node " + nodeId;
    if (nodes.size() < LIMIT) {
      nodes.putIfAbsent(nodeId, name);
    }
    return name;
  }
}
