package dev.weft.backpressure;

import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.NodeResult;
import dev.weft.Route.Branch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The graph every backpressure test uses: {@code fan} sends {@code width} branches (inputs
 * 0..width-1) to {@code work}; {@code done} runs once after all of them. Three steps: 1, width and
 * 1 activations. Counts how often each node and each branch input ran.
 */
final class FanOut {
  final int width;
  final Map<String, AtomicInteger> nodeRuns = new ConcurrentHashMap<>();
  final Map<Integer, AtomicInteger> branchRuns = new ConcurrentHashMap<>();

  /** Attempts that ran on the coordinator, not a worker: they never entered the queue. */
  final AtomicInteger inline = new AtomicInteger();

  FanOut(int width) {
    this.width = width;
  }

  /** The graph with {@code work} doing {@code body} before returning {@code 10 * input}. */
  Graph<Tally> graph(Work body) {
    Node<Tally> work =
        (in, ctx) -> {
          count("work");
          branchRuns.computeIfAbsent(in.first(), k -> new AtomicInteger()).incrementAndGet();
          body.run(in.first());
          return NodeResult.next(Tally.of(10 * in.first()));
        };
    return Graph.builder(Tally::merge)
        .node(
            "fan",
            (s, ctx) -> {
              count("fan");
              List<Branch<Tally>> branches = new ArrayList<>(width);
              for (int i = 0; i < width; i++) {
                branches.add(Branch.of("work", Tally.of(i)));
              }
              return NodeResult.send(null, branches);
            })
        .node("work", work)
        .node(
            "done",
            (s, ctx) -> {
              count("done");
              return NodeResult.stop(Tally.of(-1));
            })
        .routes("fan", "work")
        .edge("work", "done")
        .start("fan")
        .build();
  }

  /** A graph whose {@code work} sleeps {@code millis}. */
  Graph<Tally> sleeping(long millis) {
    return graph(i -> Thread.sleep(millis));
  }

  int runs(String nodeId) {
    AtomicInteger n = nodeRuns.get(nodeId);
    return n == null ? 0 : n.get();
  }

  private void count(String nodeId) {
    if (!Thread.currentThread().getName().startsWith("weft-worker-")) {
      inline.incrementAndGet();
    }
    nodeRuns.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
  }

  /** What {@code work} does with its input before it returns. */
  @FunctionalInterface
  interface Work {
    void run(int input) throws Exception;
  }
}
