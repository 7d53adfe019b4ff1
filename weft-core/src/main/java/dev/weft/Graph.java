package dev.weft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable, validated workflow: nodes over one state type, the edges and joins between them,
 * and a start node.
 *
 * <p>Routing after a node that returns {@link NodeResult#next}: every plain edge fires (static
 * fan-out); of the conditional edges, evaluated on the merged state in declaration order, the first
 * that matches fires; and the node counts as arrived at every join it feeds. A join fires its
 * target once every source has arrived. A node with nowhere to go ends its branch. {@code goTo} and
 * {@code send} may name any node reachable by an edge or declared with {@link Builder#routes}.
 *
 * <pre>{@code
 * Graph<Doc> graph = Graph.builder(Doc::merge)
 *     .node("fetch", fetch, NodePolicy.builder().timeout(Duration.ofSeconds(10)).build())
 *     .node("summarize", summarize)
 *     .node("review", review)
 *     .edge("fetch", "summarize")
 *     .edge("summarize", "review", doc -> doc.score() < 0.8)
 *     .start("fetch")
 *     .build();
 * }</pre>
 *
 * @param <S> the state type
 */
public final class Graph<S> {
  private final Reducer<S> reducer;
  private final Map<String, Node<S>> nodes;
  private final Map<String, NodePolicy> policies;
  private final List<Edge<S>> edges;
  private final List<Join> joins;
  private final Map<String, Set<String>> routes;
  private final String start;
  private final Set<String> interruptBefore;
  private final Set<String> interruptAfter;

  private Graph(Builder<S> b) {
    this.reducer = b.reducer;
    this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(b.nodes));
    this.policies = Collections.unmodifiableMap(new LinkedHashMap<>(b.policies));
    this.edges = List.copyOf(b.edges);
    this.joins = List.copyOf(b.joins);
    Map<String, Set<String>> r = new LinkedHashMap<>();
    b.routes.forEach(
        (from, to) -> r.put(from, Collections.unmodifiableSet(new LinkedHashSet<>(to))));
    this.routes = Collections.unmodifiableMap(r);
    this.start = b.start;
    this.interruptBefore = Collections.unmodifiableSet(new LinkedHashSet<>(b.interruptBefore));
    this.interruptAfter = Collections.unmodifiableSet(new LinkedHashSet<>(b.interruptAfter));
  }

  /** Starts a graph whose deltas are merged by {@code reducer}. */
  public static <S> Builder<S> builder(Reducer<S> reducer) {
    return new Builder<>(reducer);
  }

  public Reducer<S> reducer() {
    return reducer;
  }

  /** Node ids in declaration order. */
  public List<String> nodeIds() {
    return List.copyOf(nodes.keySet());
  }

  /** The node with this id. */
  public Node<S> node(String id) {
    Node<S> node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException(
          "no node '" + id + "' in this graph; nodes: " + nodes.keySet());
    }
    return node;
  }

  /** The node's policy ({@link NodePolicy#defaults()} when none was given). */
  public NodePolicy policy(String id) {
    return policies.getOrDefault(id, NodePolicy.defaults());
  }

  /** Edges in declaration order. */
  public List<Edge<S>> edges() {
    return edges;
  }

  /** Joins in declaration order. */
  public List<Join> joins() {
    return joins;
  }

  /** Nodes {@code from} may reach by {@code goTo} or {@code send} beyond its edges. */
  public Set<String> declaredRoutes(String from) {
    return routes.getOrDefault(from, Set.of());
  }

  /** The start node. */
  public String start() {
    return start;
  }

  /** Nodes every run pauses before (a breakpoint); {@link RunOptions} may replace them per run. */
  public Set<String> interruptBefore() {
    return interruptBefore;
  }

  /** Nodes every run pauses after (a breakpoint); {@link RunOptions} may replace them per run. */
  public Set<String> interruptAfter() {
    return interruptAfter;
  }

  /**
   * A directed edge; conditional when {@code condition} is present.
   *
   * <pre>{@code
   * graph.edges().forEach(e -> System.out.println(e.from() + " -> " + e.to()));
   * }</pre>
   */
  public record Edge<S>(String from, String to, Optional<Predicate<? super S>> condition) {
    public Edge {
      Objects.requireNonNull(condition, "condition");
    }
  }

  /**
   * Runs {@code target} once every node in {@code sources} has arrived (routed {@code next}).
   *
   * <pre>{@code
   * builder.join(List.of("left", "right"), "combine");
   * }</pre>
   */
  public record Join(List<String> sources, String target) {
    public Join {
      sources = List.copyOf(sources);
    }
  }

  /**
   * Collects nodes, edges and joins; {@link #build()} validates them all and lists every problem.
   *
   * @param <S> the state type
   */
  public static final class Builder<S> {
    private final Reducer<S> reducer;
    private final Map<String, Node<S>> nodes = new LinkedHashMap<>();
    private final Map<String, NodePolicy> policies = new LinkedHashMap<>();
    private final List<Edge<S>> edges = new ArrayList<>();
    private final List<Join> joins = new ArrayList<>();
    private final Map<String, List<String>> routes = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> interruptBefore = new LinkedHashSet<>();
    private final Set<String> interruptAfter = new LinkedHashSet<>();
    private String start;

    private Builder(Reducer<S> reducer) {
      if (reducer == null) {
        problems.add("the reducer is null; pass a function merging a delta into the state");
      }
      this.reducer = reducer;
    }

    /** Adds a node with the default policy. */
    public Builder<S> node(String id, Node<S> node) {
      if (id == null || id.isBlank()) {
        problems.add("a node id is null or blank; give every node a name");
        return this;
      }
      if (node == null) {
        problems.add("node '" + id + "' has a null function");
      }
      if (nodes.containsKey(id)) {
        problems.add("node id '" + id + "' is declared twice; node ids must be unique");
        return this;
      }
      nodes.put(id, node);
      return this;
    }

    /** Adds a node with its own timeout and retry policy. */
    public Builder<S> node(String id, Node<S> node, NodePolicy policy) {
      node(id, node);
      return policy(id, policy);
    }

    /** Sets the policy of a node (declared before or after). */
    public Builder<S> policy(String id, NodePolicy policy) {
      if (policy == null) {
        problems.add("node '" + id + "' has a null policy; use NodePolicy.defaults()");
      } else {
        policies.put(id, policy);
      }
      return this;
    }

    /** A plain edge: after {@code from} routes {@code next}, {@code to} runs. */
    public Builder<S> edge(String from, String to) {
      edges.add(new Edge<>(from, to, Optional.empty()));
      return this;
    }

    /**
     * A conditional edge, tested on the merged state; among a node's conditional edges the first
     * that matches (in declaration order) fires.
     */
    public Builder<S> edge(String from, String to, Predicate<? super S> condition) {
      if (condition == null) {
        problems.add(
            "edge '" + from + "' -> '" + to + "' has a null condition; use edge(from, to)");
        return this;
      }
      edges.add(new Edge<>(from, to, Optional.of(condition)));
      return this;
    }

    /** Runs {@code target} once each of {@code sources} has routed {@code next}. */
    public Builder<S> join(List<String> sources, String target) {
      if (sources == null || sources.stream().anyMatch(id -> id == null || id.isBlank())) {
        problems.add(
            "join(..., '"
                + target
                + "') was given "
                + (sources == null ? "null" : "a null or blank source")
                + "; pass the node ids to wait for");
        return this;
      }
      joins.add(new Join(sources, target));
      return this;
    }

    /** Declares that {@code from} may {@code goTo} or {@code send} to {@code targets}. */
    public Builder<S> routes(String from, String... targets) {
      if (from == null || from.isBlank()) {
        problems.add("routes(...) was given a null or blank source node id");
        return this;
      }
      List<String> ids = nodeIds(targets, "routes('" + from + "', ...)");
      routes.computeIfAbsent(from, k -> new ArrayList<>()).addAll(ids);
      return this;
    }

    /**
     * Breakpoints: the run pauses (status PAUSED, reason {@code "breakpoint: before 'id'"}) when a
     * step that would run one of these nodes is next; resume runs that step, the node once.
     */
    public Builder<S> interruptBefore(String... nodeIds) {
      interruptBefore.addAll(nodeIds(nodeIds, "interruptBefore(...)"));
      return this;
    }

    /**
     * Breakpoints: the run pauses (status PAUSED, reason {@code "breakpoint: after 'id'"}) once a
     * step in which one of these nodes ran is committed; resume goes on without running it again.
     */
    public Builder<S> interruptAfter(String... nodeIds) {
      interruptAfter.addAll(nodeIds(nodeIds, "interruptAfter(...)"));
      return this;
    }

    /** The non-blank ids of {@code nodeIds}; each null or blank one is a listed problem. */
    private List<String> nodeIds(String[] nodeIds, String what) {
      if (nodeIds == null) {
        problems.add(what + " was given null; pass node ids");
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      for (String id : nodeIds) {
        if (id == null || id.isBlank()) {
          problems.add(what + " was given a null or blank node id");
        } else {
          ids.add(id);
        }
      }
      return ids;
    }

    /** The node every run starts at. */
    public Builder<S> start(String id) {
      this.start = id;
      return this;
    }

    /**
     * Validates and builds the graph.
     *
     * @throws GraphValidationException listing every problem found
     */
    public Graph<S> build() {
      List<String> all = new ArrayList<>(problems);
      if (start == null) {
        all.add("no start node; call start(id)");
      } else if (!nodes.containsKey(start)) {
        all.add("start node '" + start + "' is not declared");
      }
      for (Edge<S> e : edges) {
        checkKnown(all, e.from(), "edge '" + e.from() + "' -> '" + e.to() + "' starts at");
        checkKnown(all, e.to(), "edge '" + e.from() + "' -> '" + e.to() + "' ends at");
      }
      Set<String> joinTargets = new HashSet<>();
      for (Join j : joins) {
        if (j.sources().isEmpty()) {
          all.add("join into '" + j.target() + "' has no sources");
        }
        for (String s : j.sources()) {
          checkKnown(all, s, "join into '" + j.target() + "' has source");
        }
        checkKnown(all, j.target(), "a join targets");
        if (!joinTargets.add(j.target())) {
          all.add("node '" + j.target() + "' is the target of two joins; merge them into one");
        }
      }
      routes.forEach(
          (from, targets) -> {
            checkKnown(all, from, "routes(...) declared from");
            for (String t : targets) {
              checkKnown(all, t, "routes(\"" + from + "\", ...) names");
            }
          });
      for (String id : policies.keySet()) {
        checkKnown(all, id, "a policy is set for");
      }
      for (String id : interruptBefore) {
        checkKnown(all, id, "interruptBefore(...) names");
      }
      for (String id : interruptAfter) {
        checkKnown(all, id, "interruptAfter(...) names");
      }
      if (all.isEmpty()) {
        for (String unreachable : unreachable()) {
          all.add(
              "node '"
                  + unreachable
                  + "' is unreachable from start '"
                  + start
                  + "'; add an edge "
                  + "or join into it, or declare routes(from, \""
                  + unreachable
                  + "\") if a node "
                  + "reaches it by goTo/send");
        }
      }
      if (!all.isEmpty()) {
        throw new GraphValidationException(all);
      }
      return new Graph<>(this);
    }

    private void checkKnown(List<String> all, String id, String what) {
      if (!nodes.containsKey(id)) {
        all.add(what + " unknown node '" + id + "'");
      }
    }

    private List<String> unreachable() {
      Map<String, Set<String>> successors = new LinkedHashMap<>();
      for (Edge<S> e : edges) {
        successors.computeIfAbsent(e.from(), k -> new LinkedHashSet<>()).add(e.to());
      }
      for (Join j : joins) {
        for (String s : j.sources()) {
          successors.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(j.target());
        }
      }
      routes.forEach(
          (from, to) -> successors.computeIfAbsent(from, k -> new LinkedHashSet<>()).addAll(to));
      Set<String> seen = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>();
      todo.add(start);
      seen.add(start);
      while (!todo.isEmpty()) {
        for (String next : successors.getOrDefault(todo.poll(), Set.of())) {
          if (seen.add(next)) {
            todo.add(next);
          }
        }
      }
      List<String> result = new ArrayList<>();
      for (String id : nodes.keySet()) {
        if (!seen.contains(id)) {
          result.add(id);
        }
      }
      return result;
    }
  }
}
