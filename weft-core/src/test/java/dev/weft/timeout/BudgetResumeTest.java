package dev.weft.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RunBudgetExceededException;
import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When the run budget runs out the last completed step (and the finished part of the current one)
 * is committed, and a new engine with a larger budget over the same store finishes the run.
 */
class BudgetResumeTest {
  private final AtomicInteger aRuns = new AtomicInteger();
  private final AtomicInteger bRuns = new AtomicInteger();

  private static Options budget(int concurrency, Duration budget) {
    return Options.builder().maxConcurrentNodes(concurrency).runWallClockBudget(budget).build();
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void budgetExpiryCommitsTheLastStepAndALargerBudgetFinishesTheRun(int concurrency) {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "a",
                (s, ctx) -> {
                  aRuns.incrementAndGet();
                  return NodeResult.next(Trail.of("a"));
                })
            .node(
                "b",
                (s, ctx) -> {
                  Thread.sleep(bRuns.incrementAndGet() == 1 ? 1_000 : 10);
                  return NodeResult.next(Trail.of("b"));
                })
            .node("c", (s, ctx) -> NodeResult.stop(Trail.of("c")))
            .edge("a", "b")
            .edge("b", "c")
            .start("a")
            .build();
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine<Trail> tight =
        Engine.builder(graph)
            .options(budget(concurrency, Duration.ofMillis(300)))
            .store(store)
            .build();

    assertThatThrownBy(() -> tight.run("budget", Trail.of()))
        .isInstanceOf(RunBudgetExceededException.class)
        .hasMessageContaining("in step 1 at node 'b'");

    Checkpoint<Trail> saved = store.load("budget").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.step()).isEqualTo(1);
    assertThat(saved.state().items()).containsExactly("a");
    assertThat(saved.frontier()).extracting(Activation::nodeId).containsExactly("b");
    assertThat(saved.detail()).contains("exceeded its wall-clock budget of 300ms");

    Engine<Trail> roomy =
        Engine.builder(graph)
            .options(budget(concurrency, Duration.ofSeconds(10)))
            .store(store)
            .build();
    assertThat(roomy.resume("budget").items()).containsExactly("a", "b", "c");
    assertThat(aRuns).hasValue(1);
    assertThat(bRuns).hasValue(2);
    assertThat(store.load("budget").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void activationsThatFinishedBeforeTheBudgetRanOutAreNotRunAgain() {
    AtomicInteger fastRuns = new AtomicInteger();
    AtomicInteger slowRuns = new AtomicInteger();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("start", (s, ctx) -> NodeResult.goTo(null, "fast", "slow"))
            .node(
                "fast",
                (s, ctx) -> {
                  fastRuns.incrementAndGet();
                  return NodeResult.stop(Trail.of("fast"));
                })
            .node(
                "slow",
                (s, ctx) -> {
                  Thread.sleep(slowRuns.incrementAndGet() == 1 ? 1_000 : 10);
                  return NodeResult.stop(Trail.of("slow"));
                })
            .routes("start", "fast", "slow")
            .start("start")
            .build();
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Recorder recorder = new Recorder();
    Engine<Trail> tight =
        Engine.builder(graph)
            .options(budget(4, Duration.ofMillis(300)))
            .store(store)
            .emitter(recorder)
            .build();

    assertThatThrownBy(() -> tight.run("partial", Trail.of()))
        .isInstanceOf(RunBudgetExceededException.class);

    Checkpoint<Trail> saved = store.load("partial").orElseThrow();
    assertThat(saved.step()).isEqualTo(1);
    assertThat(saved.completed()).extracting(ActivationResult::nodeId).containsExactly("fast");
    assertThat(recorder.events(EventType.NODE_TIMED_OUT, "slow"))
        .singleElement()
        .satisfies(e -> assertThat(e.attribute("source")).isEqualTo("RUN_BUDGET"));

    Engine<Trail> roomy =
        Engine.builder(graph).options(budget(4, Duration.ofSeconds(10))).store(store).build();
    assertThat(roomy.resume("partial").items()).containsExactlyInAnyOrder("fast", "slow");
    assertThat(fastRuns).hasValue(1);
  }
}
