package dev.weft.examples;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeFailedException;
import dev.weft.NodeResult;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Failure and resume: the {@code ship} node fails (its carrier is down), the run stops with a
 * {@link NodeFailedException}, the store keeps the last good step, and after the outage {@code
 * resume} finishes the run without running the earlier nodes again.
 */
public final class ResumeExample {
  private ResumeExample() {}

  /** The state: an order's progress. */
  record Order(String id, boolean paid, boolean packed, boolean shipped) {
    Order merge(Order d) {
      return new Order(id, paid || d.paid, packed || d.packed, shipped || d.shipped);
    }
  }

  public static void run() {
    AtomicBoolean carrierUp = new AtomicBoolean(false);
    int[] charges = {0};
    Graph<Order> graph =
        Graph.builder(Order::merge)
            .node(
                "pay",
                (o, ctx) -> {
                  charges[0]++;
                  return NodeResult.next(new Order(o.id(), true, false, false));
                })
            .node("pack", (o, ctx) -> NodeResult.next(new Order(o.id(), false, true, false)))
            .node(
                "ship",
                (o, ctx) -> {
                  if (!carrierUp.get()) {
                    throw new IllegalStateException("carrier API returned 500");
                  }
                  return NodeResult.stop(new Order(o.id(), false, false, true));
                })
            .edge("pay", "pack")
            .edge("pack", "ship")
            .start("pay")
            .build();
    InMemoryCheckpointStore<Order> store = new InMemoryCheckpointStore<>();
    Engine<Order> engine = Engine.builder(graph).store(store).build();

    try {
      engine.run("order-42", new Order("42", false, false, false));
    } catch (NodeFailedException e) {
      System.out.println("run failed: " + e.getMessage());
    }
    Checkpoint<Order> saved = store.load("order-42").orElseThrow();
    System.out.printf(
        "checkpoint: status %s, step %d, state %s, next %s%n",
        saved.status(), saved.step(), saved.state(), saved.frontier().getFirst().nodeId());

    carrierUp.set(true); // the outage is over
    Order done = engine.resume("order-42");
    System.out.printf("resumed: %s (charged %d time(s))%n", done, charges[0]);
  }

  public static void main(String[] args) {
    run();
  }
}
