package dev.weft.micrometer;

import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Route.Branch;
import java.util.ArrayList;
import java.util.List;

/**
 * The test workflow: {@code fan} sends {@code width} branches (inputs 0..width-1) to {@code work},
 * then {@code done} runs once. Three steps: 1, width and 1 activations.
 */
final class FanOut {
  /** Node ids of the graph. */
  static final List<String> NODES = List.of("fan", "work", "done");

  /** What {@code work} does for one input on one attempt. */
  @FunctionalInterface
  interface Work {
    void run(int input, int attempt) throws Exception;
  }

  private FanOut() {}

  static Graph<Bag> graph(int width, Work body, NodePolicy workPolicy) {
    return Graph.<Bag>builder(Bag::merge)
        .node(
            "fan",
            (s, ctx) -> {
              List<Branch<Bag>> branches = new ArrayList<>(width);
              for (int i = 0; i < width; i++) {
                branches.add(Branch.of("work", Bag.of(i)));
              }
              return NodeResult.send(null, branches);
            })
        .node(
            "work",
            (in, ctx) -> {
              body.run(in.first(), ctx.attempt());
              return NodeResult.next(Bag.of(in.first()));
            },
            workPolicy)
        .node("done", (s, ctx) -> NodeResult.stop(Bag.of(-1)))
        .routes("fan", "work")
        .edge("work", "done")
        .start("fan")
        .build();
  }
}
