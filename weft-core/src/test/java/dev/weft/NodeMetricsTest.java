package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine binds each node's metrics once ({@link EngineMetrics#forNode}) and reports there. */
class NodeMetricsTest {
  record Count(int n) {}

  private static Graph<Count> graph(AtomicInteger failures) {
    return Graph.<Count>builder((s, d) -> new Count(s.n() + d.n()))
        .node("a", (s, ctx) -> NodeResult.next(new Count(1)))
        .node(
            "b",
            (s, ctx) -> {
              if (failures.getAndDecrement() > 0) {
                throw new TransientException("flaky");
              }
              return NodeResult.stop(new Count(1));
            },
            NodePolicy.builder()
                .retry(
                    RetryPolicy.builder()
                        .maxAttempts(3)
                        .backoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1))
                        .build())
                .build())
        .edge("a", "b")
        .start("a")
        .build();
  }

  /** Counts per node; records which node ids {@code forNode} was asked for. */
  private static final class Bound implements EngineMetrics {
    final List<String> asked = new ArrayList<>();
    final Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> retries = new ConcurrentHashMap<>();

    @Override
    public NodeMetrics forNode(String nodeId) {
      asked.add(nodeId);
      List<String> mine = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger myRetries = new AtomicInteger();
      outcomes.put(nodeId, mine);
      retries.put(nodeId, myRetries);
      return new NodeMetrics() {
        @Override
        public void finished(String outcome, long durationNanos) {
          assertThat(durationNanos).isNotNegative();
          mine.add(outcome);
        }

        @Override
        public void retryScheduled() {
          myRetries.incrementAndGet();
        }

        @Override
        public void timedOut() {}

        @Override
        public void abandoned() {}
      };
    }

    @Override
    public void nodeFinished(String nodeId, String outcome, long durationNanos) {
      throw new AssertionError("reported by id although forNode bound the node");
    }
  }

  @Test
  void eachNodeIsBoundOnceWhenTheEngineIsBuiltAndEveryAttemptIsReportedThere() {
    Bound metrics = new Bound();
    AtomicInteger failures = new AtomicInteger(1);
    Engine<Count> engine = Engine.builder(graph(failures)).metrics(metrics).build();
    assertThat(metrics.asked).containsExactlyInAnyOrder("a", "b");

    engine.run("r1", new Count(0));
    engine.run("r2", new Count(0));

    assertThat(metrics.asked).as("no lookup per run or attempt").hasSize(2);
    assertThat(metrics.outcomes.get("a")).containsExactly("success", "success");
    assertThat(metrics.outcomes.get("b")).containsExactly("error", "success", "success");
    assertThat(metrics.retries.get("b")).hasValue(1);
    assertThat(metrics.retries.get("a")).hasValue(0);
  }

  @Test
  void theDefaultBindingReportsToTheByIdHooks() {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    EngineMetrics byId =
        new EngineMetrics() {
          @Override
          public void nodeFinished(String nodeId, String outcome, long durationNanos) {
            seen.add(nodeId + ":" + outcome);
          }

          @Override
          public void retryScheduled(String nodeId) {
            seen.add(nodeId + ":retry");
          }
        };
    Engine.builder(graph(new AtomicInteger(1))).metrics(byId).build().run("r", new Count(0));
    assertThat(seen).containsExactly("a:success", "b:error", "b:retry", "b:success");
  }

  @Test
  void aNullBindingIsRefusedWhenTheEngineIsBuilt() {
    EngineMetrics broken =
        new EngineMetrics() {
          @Override
          public NodeMetrics forNode(String nodeId) {
            return null;
          }
        };
    assertThatThrownBy(() -> Engine.builder(graph(new AtomicInteger())).metrics(broken).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("EngineMetrics.forNode returned null for node 'a'");
  }

  @Test
  void noMetricsBindsEveryNodeToOneNoOp() {
    EngineMetrics none = EngineMetrics.none();
    assertThat(none.forNode("a")).isSameAs(none.forNode("b"));
  }
}
