package dev.weft.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RunBudgetExceededException;
import dev.weft.RunStatus;
import dev.weft.emit.BufferedEmitter;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No node starts once the run budget is spent, even when a checkpoint save spent the rest. */
class BudgetSpentBeforeLaunchTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aSlowCommitThatSpendsTheBudgetStartsNoFurtherNode(int concurrency) {
    FlakyStore<Trail> store = new FlakyStore<>();
    AtomicInteger bRuns = new AtomicInteger();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "a",
                (s, c) -> {
                  store.saveDelayMillis = 400; // the commit of this step outlasts the budget
                  return NodeResult.next(Trail.of("a"));
                })
            .node(
                "b",
                (s, c) -> {
                  bRuns.incrementAndGet();
                  return NodeResult.stop(Trail.of("b"));
                })
            .edge("a", "b")
            .start("a")
            .build();
    BufferedEmitter events = new BufferedEmitter(1000);
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(concurrency)
                    .runWallClockBudget(Duration.ofMillis(200))
                    .build())
            .store(store)
            .emitter(events)
            .build();

    RunBudgetExceededException e =
        catchThrowableOfType(RunBudgetExceededException.class, () -> engine.run("r", Trail.of()));

    assertThat(e).isNotNull();
    assertThat(e.nodeId()).isEqualTo("b");
    assertThat(e.getMessage()).contains("before attempt 1 could start");
    assertThat(bRuns).hasValue(0);
    assertThat(events.byType(EventType.NODE_STARTED))
        .extracting(ev -> ev.nodeId())
        .containsExactly("a");
    store.saveDelayMillis = 0;
    assertThat(store.load("r").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(store.load("r").orElseThrow().frontier())
        .extracting(a -> a.nodeId())
        .containsExactly("b");
  }
}
