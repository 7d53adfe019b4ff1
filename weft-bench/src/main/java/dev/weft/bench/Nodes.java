package dev.weft.bench;

import dev.weft.Node;
import dev.weft.NodeContext;
import dev.weft.NodeResult;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Node functions shared by the engine workloads and by the {@link B0Plain} loops, so that the
 * baseline calls exactly the code the engine calls.
 */
public final class Nodes {
  private Nodes() {}

  /** W1/W3: the next counter value, no data. */
  public static final Node<LState> INCREMENT =
      (state, ctx) -> NodeResult.next(new LState(state.counter() + 1, Map.of()));

  /** L1/L2: node {@code i} of a chain writes {@code {counter=i+1, data={step:i+1}}}. */
  public static Node<LState> chainStep(int i) {
    Integer step = i + 1;
    return (state, ctx) -> NodeResult.next(new LState(step, Map.of("step", step)));
  }

  /** The context the baseline loops pass to nodes (the engine builds one per attempt). */
  public static final NodeContext FIXED_CONTEXT =
      new NodeContext() {
        @Override
        public String runId() {
          return "b0";
        }

        @Override
        public long step() {
          return 0;
        }

        @Override
        public String nodeId() {
          return "b0";
        }

        @Override
        public int attempt() {
          return 1;
        }

        @Override
        public long orderKey() {
          return 0;
        }

        @Override
        public Random random() {
          return new Random(0);
        }

        @Override
        public String idempotencyKey() {
          return "b0";
        }

        @Override
        public Optional<Duration> remaining() {
          return Optional.empty();
        }
      };
}
