package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders a {@link Graph} as a diagram: Mermaid (which GitHub renders in Markdown) or Graphviz DOT.
 * Both show the same map of the graph:
 *
 * <ul>
 *   <li>a {@code start} marker pointing at the start node;
 *   <li>every node, labelled with its own {@link NodePolicy} (timeout, retry attempts and backoff)
 *       when it sets one;
 *   <li>plain edges as solid arrows;
 *   <li>conditional edges as dashed arrows labelled {@code if #k}: the k-th condition of its source
 *       node, in the order the engine tests them (the first match wins);
 *   <li>routes declared with {@link Graph.Builder#routes} (reached by {@code goTo} or {@code send})
 *       as thick arrows labelled {@code goTo/send};
 *   <li>each join as a junction marked {@code join (all of n)}: its sources point into it and it
 *       points at the join's target.
 * </ul>
 *
 * The output depends only on the graph's declaration order, so it is stable from run to run and
 * fits in version control. Stateless and thread-safe.
 *
 * <pre>{@code
 * String mermaid = GraphExport.mermaid(graph);  // paste into a ```mermaid block
 * String dot = GraphExport.dot(graph);          // dot -Tsvg graph.dot > graph.svg
 * String either = GraphExport.render(graph, GraphExport.Format.MERMAID);
 * }</pre>
 */
public final class GraphExport {
  private GraphExport() {}

  /** The diagram languages {@link #render} writes. */
  public enum Format {
    /** A Mermaid {@code flowchart}. */
    MERMAID,
    /** A Graphviz {@code digraph}. */
    DOT
  }

  /** The graph in {@code format}. */
  public static String render(Graph<?> graph, Format format) {
    return switch (format) {
      case MERMAID -> mermaid(graph);
      case DOT -> dot(graph);
    };
  }

  /** The graph as a Mermaid flowchart, top to bottom. */
  public static String mermaid(Graph<?> graph) {
    Diagram d = Diagram.of(graph);
    StringBuilder sb = new StringBuilder("flowchart TD\n");
    sb.append("  ").append(d.startId).append("((start))\n");
    for (String node : graph.nodeIds()) {
      sb.append("  ")
          .append(d.ids.get(node))
          .append("[\"")
          .append(mermaidText(String.join("<br/>", d.labels.get(node))))
          .append("\"]\n");
    }
    for (JoinBox j : d.joins) {
      sb.append("  ")
          .append(j.id)
          .append("{{\"join (all of ")
          .append(j.join.sources().size())
          .append(")\"}}\n");
    }
    sb.append("  ").append(d.startId).append(" --> ").append(d.ids.get(graph.start())).append('\n');
    for (Arrow a : d.arrows) {
      sb.append("  ").append(a.from);
      switch (a.kind) {
        case PLAIN -> sb.append(" --> ");
        case CONDITIONAL -> sb.append(" -.->|\"").append(mermaidText(a.label)).append("\"| ");
        case ROUTE -> sb.append(" ==>|\"").append(mermaidText(a.label)).append("\"| ");
      }
      sb.append(a.to).append('\n');
    }
    return sb.toString();
  }

  /** The graph as a Graphviz digraph, top to bottom. */
  public static String dot(Graph<?> graph) {
    Diagram d = Diagram.of(graph);
    StringBuilder sb = new StringBuilder("digraph weft {\n");
    sb.append("  rankdir=TB;\n");
    sb.append("  node [shape=box, style=rounded];\n");
    sb.append("  ").append(dotId(d.startId)).append(" [shape=circle, label=\"start\"];\n");
    for (String node : graph.nodeIds()) {
      sb.append("  ")
          .append(dotId(d.ids.get(node)))
          .append(" [label=\"")
          .append(dotText(String.join("\n", d.labels.get(node))))
          .append("\"];\n");
    }
    for (JoinBox j : d.joins) {
      sb.append("  ")
          .append(dotId(j.id))
          .append(" [shape=diamond, label=\"join (all of ")
          .append(j.join.sources().size())
          .append(")\"];\n");
    }
    sb.append("  ")
        .append(dotId(d.startId))
        .append(" -> ")
        .append(dotId(d.ids.get(graph.start())))
        .append(";\n");
    for (Arrow a : d.arrows) {
      sb.append("  ").append(dotId(a.from)).append(" -> ").append(dotId(a.to));
      switch (a.kind) {
        case PLAIN -> {}
        case CONDITIONAL ->
            sb.append(" [style=dashed, label=\"").append(dotText(a.label)).append("\"]");
        case ROUTE -> sb.append(" [style=bold, label=\"").append(dotText(a.label)).append("\"]");
      }
      sb.append(";\n");
    }
    return sb.append("}\n").toString();
  }

  /** What a node's label says about its policy, one line per fact; empty when it sets none. */
  static List<String> policyLines(NodePolicy policy) {
    List<String> lines = new ArrayList<>();
    policy.timeout().ifPresent(t -> lines.add("timeout " + duration(t)));
    policy
        .retry()
        .ifPresent(
            r ->
                lines.add(
                    r.maxAttempts() == 1
                        ? "no retry"
                        : "retry ×"
                            + r.maxAttempts()
                            + " ("
                            + duration(r.baseDelay())
                            + "…"
                            + duration(r.maxDelay())
                            + ")"));
    return lines;
  }

  /** A short human form: 250ms, 1.5s, 2m, 1h. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1 && !d.isZero()) {
      return d.toNanos() / 1_000 + "µs";
    }
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return ms % 1_000 == 0
          ? ms / 1_000 + "s"
          : String.format(Locale.ROOT, "%.1fs", ms / 1_000.0).replace(".0s", "s");
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms / 1_000 + "s";
  }

  private static String mermaidText(String s) {
    // Inside a quoted Mermaid label only the double quote needs an entity.
    return s.replace("\"", "#quot;");
  }

  private static String dotText(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String dotId(String id) {
    return "\"" + dotText(id) + "\"";
  }

  private enum Kind {
    PLAIN,
    CONDITIONAL,
    ROUTE
  }

  private record Arrow(String from, String to, Kind kind, String label) {}

  private record JoinBox(String id, Graph.Join join) {}

  /** The graph reduced to diagram ids, labels and arrows, shared by both formats. */
  private static final class Diagram {
    final Map<String, String> ids = new LinkedHashMap<>();
    final Map<String, List<String>> labels = new HashMap<>();
    final List<JoinBox> joins = new ArrayList<>();
    final List<Arrow> arrows = new ArrayList<>();
    String startId;

    static Diagram of(Graph<?> graph) {
      Diagram d = new Diagram();
      Set<String> taken = new HashSet<>();
      for (String node : graph.nodeIds()) {
        d.ids.put(node, unique(safeId(node), taken));
        List<String> label = new ArrayList<>();
        label.add(node);
        label.addAll(policyLines(graph.policy(node)));
        d.labels.put(node, label);
      }
      d.startId = unique("start", taken);
      for (Graph.Join join : graph.joins()) {
        d.joins.add(new JoinBox(unique("join_" + safeId(join.target()), taken), join));
      }
      Map<String, Integer> conditionsSeen = new HashMap<>();
      for (Graph.Edge<?> e : graph.edges()) {
        Optional<?> condition = e.condition();
        if (condition.isPresent()) {
          int k = conditionsSeen.merge(e.from(), 1, Integer::sum);
          d.arrows.add(
              new Arrow(d.ids.get(e.from()), d.ids.get(e.to()), Kind.CONDITIONAL, "if #" + k));
        } else {
          d.arrows.add(new Arrow(d.ids.get(e.from()), d.ids.get(e.to()), Kind.PLAIN, ""));
        }
      }
      for (String from : graph.nodeIds()) {
        for (String to : graph.declaredRoutes(from)) {
          d.arrows.add(new Arrow(d.ids.get(from), d.ids.get(to), Kind.ROUTE, "goTo/send"));
        }
      }
      for (JoinBox j : d.joins) {
        for (String source : j.join.sources()) {
          d.arrows.add(new Arrow(d.ids.get(source), j.id, Kind.PLAIN, ""));
        }
        d.arrows.add(new Arrow(j.id, d.ids.get(j.join.target()), Kind.PLAIN, ""));
      }
      return d;
    }

    /** Letters, digits and underscores, starting with a letter: valid in both languages. */
    private static String safeId(String id) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        sb.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
      }
      if (sb.isEmpty() || !Character.isLetter(sb.charAt(0))) {
        sb.insert(0, "n_");
      }
      return sb.toString();
    }

    private static String unique(String id, Set<String> taken) {
      // Mermaid reserves "end" (and friends) in flowcharts; never emit a keyword as an id.
      String base =
          Set.of("end", "graph", "flowchart", "subgraph", "style", "class", "click", "default")
                  .contains(id.toLowerCase(Locale.ROOT))
              ? id + "_"
              : id;
      String candidate = base;
      for (int i = 2; !taken.add(candidate); i++) {
        candidate = base + "_" + i;
      }
      return candidate;
    }
  }
}
