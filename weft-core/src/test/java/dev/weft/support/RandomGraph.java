package dev.weft.support;

import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.PermanentException;
import dev.weft.RetryPolicy;
import dev.weft.Route;
import dev.weft.TransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A random but reproducible workflow over {@link Trail}: a DAG of nodes in index order with plain
 * and conditional edges, goTo and send fan-out, fan-in, joins, interrupts, loops bounded by a
 * counter in the state, random latencies and random transient (and rare permanent) failures. Every
 * node is a pure function of its input and {@code ctx.random()}, so a run's outcome depends only on
 * the graph, the run id and the engine's semantics.
 *
 * @param nodes the nodes, {@code n0} first (the start)
 * @param joins the joins, at most one per target
 */
public record RandomGraph(List<NodeSpec> nodes, List<JoinSpec> joins) {

  /** What a node returns. */
  public enum Kind {
    NEXT,
    GOTO,
    SEND,
    STOP,
    LOOP,
    INTERRUPT
  }

  /** {@code size % mod == rem} on the merged state; {@code mod == 1} always holds. */
  public record Cond(int mod, int rem) {
    boolean test(Trail s) {
      return s.size() % mod == rem;
    }

    @Override
    public String toString() {
      return mod == 1 ? "always" : "size%" + mod + "==" + rem;
    }
  }

  /** An edge to node {@code to}; plain when {@code cond} is null. */
  public record EdgeSpec(int to, Cond cond) {
    @Override
    public String toString() {
      return "n" + to + (cond == null ? "" : "[" + cond + "]");
    }
  }

  /**
   * One node.
   *
   * @param edges edges in declaration order (for LOOP the first is the bounded back edge)
   * @param targets goTo targets, or the one send target
   * @param sendWidth branches per send
   * @param loopBound a LOOP takes its back edge while fewer of its marks are in the state
   * @param silent returns a null delta (never for LOOP)
   * @param flakyPercent chance per attempt of a TransientException (retried up to 3 attempts)
   * @param failPercent chance per attempt of a PermanentException
   * @param maxLatencyMs upper bound of the sleep per attempt
   */
  public record NodeSpec(
      int index,
      Kind kind,
      List<EdgeSpec> edges,
      List<Integer> targets,
      int sendWidth,
      int loopBound,
      boolean silent,
      int flakyPercent,
      int failPercent,
      int maxLatencyMs) {

    String id() {
      return "n" + index;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(id()).append(' ').append(kind);
      if (!edges.isEmpty()) {
        sb.append(" edges").append(edges);
      }
      if (!targets.isEmpty()) {
        sb.append(kind == Kind.SEND ? " send" + sendWidth + "x" : " goTo").append(targets);
      }
      if (kind == Kind.LOOP) {
        sb.append(" bound=").append(loopBound);
      }
      if (silent) {
        sb.append(" silent");
      }
      if (flakyPercent > 0) {
        sb.append(" flaky=").append(flakyPercent).append('%');
      }
      if (failPercent > 0) {
        sb.append(" fail=").append(failPercent).append('%');
      }
      return sb.append(" latency≤").append(maxLatencyMs).append("ms").toString();
    }
  }

  /** A join of {@code sources} into {@code target}. */
  public record JoinSpec(List<Integer> sources, int target) {
    @Override
    public String toString() {
      return "join" + sources + "->n" + target;
    }
  }

  /** Retries of flaky nodes: tiny delays so retry paths cost almost nothing. */
  static final RetryPolicy FLAKY_RETRY =
      RetryPolicy.builder()
          .maxAttempts(3)
          .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
          .build();

  /**
   * A random graph of {@code size} nodes drawn from {@code seed}; latencies up to {@code
   * maxLatencyMs}.
   */
  public static RandomGraph generate(int size, long seed, int maxLatencyMs) {
    Random r = new Random(seed);
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      kinds.add(kind(r, i == size - 1));
    }
    List<List<EdgeSpec>> edges = new ArrayList<>();
    List<List<Integer>> targets = new ArrayList<>();
    List<NodeSpec> nodes = new ArrayList<>();
    boolean[] reached = new boolean[size];
    reached[0] = true;
    for (int i = 0; i < size; i++) {
      List<EdgeSpec> out = new ArrayList<>();
      List<Integer> tg = new ArrayList<>();
      Kind k = kinds.get(i);
      List<Integer> forward = shuffledForward(r, i, size);
      switch (k) {
        case GOTO -> tg.addAll(forward.subList(0, 1 + r.nextInt(Math.min(3, forward.size()))));
        case SEND -> {
          // Sending to a sending node would multiply activations; pick a non-SEND target.
          forward.stream().filter(j -> kinds.get(j) != Kind.SEND).findFirst().ifPresent(tg::add);
          if (tg.isEmpty()) {
            k = Kind.NEXT;
            kinds.set(i, k);
          }
        }
        case LOOP -> {
          out.add(new EdgeSpec(r.nextInt(i + 1), null)); // condition added at build time
          if (!forward.isEmpty()) {
            out.add(new EdgeSpec(forward.getFirst(), new Cond(1, 0)));
          }
        }
        default -> {}
      }
      if (k == Kind.NEXT || k == Kind.INTERRUPT || k == Kind.LOOP) {
        int extra = forward.isEmpty() ? 0 : r.nextInt(Math.min(3, forward.size()) + 1);
        for (int e = 0; e < extra; e++) {
          int to = forward.get(forward.size() - 1 - e);
          out.add(
              new EdgeSpec(
                  to, r.nextInt(10) < 6 ? null : new Cond(2 + r.nextInt(2), r.nextInt(2))));
        }
      }
      int from = i;
      out.stream()
          .filter(e -> e.to() > from)
          .forEach(e -> reached[e.to()] = true); // not back edges
      tg.forEach(t -> reached[t] = true);
      edges.add(out);
      targets.add(tg);
    }
    List<JoinSpec> joins = new ArrayList<>();
    for (int t = 2; t < size; t++) {
      if (r.nextInt(10) < 3) {
        List<Integer> sources =
            shuffledForward(r, -1, t).subList(0, 2 + r.nextInt(Math.min(2, t - 1)));
        joins.add(new JoinSpec(sources.stream().sorted().toList(), t));
        reached[t] = true;
      }
    }
    // Every node needs a way in; give the unreached ones a plain edge from an earlier node.
    for (int i = 1; i < size; i++) {
      if (!reached[i]) {
        edges.get(r.nextInt(i)).add(new EdgeSpec(i, null));
      }
    }
    for (int i = 0; i < size; i++) {
      Kind k = kinds.get(i);
      boolean flaky = r.nextInt(4) == 0;
      nodes.add(
          new NodeSpec(
              i,
              k,
              List.copyOf(edges.get(i)),
              List.copyOf(targets.get(i)),
              1 + r.nextInt(3),
              2 + r.nextInt(2),
              k != Kind.LOOP && r.nextInt(10) == 0,
              flaky ? 30 : 0,
              r.nextInt(25) == 0 ? 3 : 0,
              r.nextInt(maxLatencyMs + 1)));
    }
    return new RandomGraph(List.copyOf(nodes), List.copyOf(joins));
  }

  private static Kind kind(Random r, boolean last) {
    int roll = r.nextInt(100);
    if (last) {
      return roll < 50 ? Kind.STOP : roll < 85 ? Kind.NEXT : Kind.LOOP;
    }
    if (roll < 35) {
      return Kind.NEXT;
    } else if (roll < 50) {
      return Kind.GOTO;
    } else if (roll < 65) {
      return Kind.SEND;
    } else if (roll < 72) {
      return Kind.STOP;
    } else if (roll < 92) {
      return Kind.LOOP;
    }
    return Kind.INTERRUPT;
  }

  /** Indices in (from, size), shuffled. */
  private static List<Integer> shuffledForward(Random r, int from, int size) {
    List<Integer> l = new ArrayList<>();
    for (int j = from + 1; j < size; j++) {
      l.add(j);
    }
    java.util.Collections.shuffle(l, r);
    return l;
  }

  /** The graph, ready to run. */
  public Graph<Trail> build() {
    return build((id, node) -> node);
  }

  /** The graph with every node wrapped by {@code decorate} (given the node id and the node). */
  public Graph<Trail> build(BiFunction<String, Node<Trail>, Node<Trail>> decorate) {
    Graph.Builder<Trail> b = Graph.builder(Trail::merge);
    for (NodeSpec n : nodes) {
      NodePolicy policy =
          n.flakyPercent() > 0
              ? NodePolicy.builder().retry(FLAKY_RETRY).build()
              : NodePolicy.defaults();
      b.node(n.id(), decorate.apply(n.id(), node(n)), policy);
    }
    for (NodeSpec n : nodes) {
      for (int e = 0; e < n.edges().size(); e++) {
        EdgeSpec edge = n.edges().get(e);
        String to = "n" + edge.to();
        if (n.kind() == Kind.LOOP && e == 0) {
          String prefix = n.id() + "<";
          int bound = n.loopBound();
          b.edge(n.id(), to, s -> countPrefix(s, prefix) < bound);
        } else if (edge.cond() == null) {
          b.edge(n.id(), to);
        } else {
          Cond c = edge.cond();
          b.edge(n.id(), to, c::test);
        }
      }
      if (!n.targets().isEmpty()) {
        b.routes(n.id(), n.targets().stream().map(t -> "n" + t).toArray(String[]::new));
      }
    }
    for (JoinSpec j : joins) {
      b.join(j.sources().stream().map(s -> "n" + s).toList(), "n" + j.target());
    }
    return b.start("n0").build();
  }

  private static Node<Trail> node(NodeSpec n) {
    String id = n.id();
    return (s, ctx) -> {
      Random r = ctx.random();
      int latency = r.nextInt(n.maxLatencyMs() + 1);
      if (latency > 0) {
        Thread.sleep(latency);
      }
      int roll = r.nextInt(100);
      if (roll < n.failPercent()) {
        throw new PermanentException(id + " broke on attempt " + ctx.attempt());
      }
      if (roll < n.failPercent() + n.flakyPercent()) {
        throw new TransientException(id + " flaked on attempt " + ctx.attempt());
      }
      // The mark depends on the input seen, so snapshot and branch-input semantics show.
      String seen = s.items().isEmpty() ? "" : s.items().getLast();
      Trail delta =
          n.silent() ? null : Trail.of(id + "<" + s.size() + ":" + seen + ">" + r.nextInt(1000));
      return switch (n.kind()) {
        case NEXT, LOOP -> NodeResult.next(delta);
        case STOP -> NodeResult.stop(delta);
        case INTERRUPT -> NodeResult.interrupt(delta, "pause at " + id);
        case GOTO ->
            NodeResult.goTo(delta, n.targets().stream().map(t -> "n" + t).toArray(String[]::new));
        case SEND -> {
          List<Route.Branch<Trail>> branches = new ArrayList<>();
          for (int k = 0; k < n.sendWidth(); k++) {
            branches.add(Route.Branch.of("n" + n.targets().getFirst(), Trail.of(id + "." + k)));
          }
          yield NodeResult.send(delta, branches);
        }
      };
    };
  }

  static int countPrefix(Trail s, String prefix) {
    int c = 0;
    for (String item : s.items()) {
      if (item.startsWith(prefix)) {
        c++;
      }
    }
    return c;
  }

  @Override
  public String toString() {
    return nodes.stream().map(NodeSpec::toString).collect(Collectors.joining("; ", "{", ""))
        + (joins.isEmpty() ? "" : "; " + joins)
        + "}";
  }
}
