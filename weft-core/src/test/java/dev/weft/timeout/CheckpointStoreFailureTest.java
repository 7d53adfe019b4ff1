package dev.weft.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.CheckpointFailedException;
import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.NodeTimeoutException;
import dev.weft.Options;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failing or slow checkpoint store: StoreException, the previous commit kept, no node timeouts.
 */
class CheckpointStoreFailureTest {
  private final AtomicInteger aRuns = new AtomicInteger();
  private final AtomicBoolean cSlow = new AtomicBoolean();

  /** a → b → c with time limits; c can be made to outlive its 200ms. */
  private Graph<Trail> chain() {
    NodePolicy roomy = NodePolicy.builder().timeout(Duration.ofSeconds(2)).build();
    return Graph.builder(Trail::merge)
        .node(
            "a",
            (s, ctx) -> {
              aRuns.incrementAndGet();
              return NodeResult.next(Trail.of("a"));
            },
            roomy)
        .node("b", (s, ctx) -> NodeResult.next(Trail.of("b")), roomy)
        .node(
            "c",
            (s, ctx) -> {
              if (cSlow.get()) {
                Thread.sleep(5_000);
              }
              return NodeResult.stop(Trail.of("c"));
            },
            NodePolicy.builder().timeout(Duration.ofMillis(200)).build())
        .edge("a", "b")
        .edge("b", "c")
        .start("a")
        .build();
  }

  private Engine<Trail> engine(FlakyStore<Trail> store, int concurrency, Recorder recorder) {
    return Engine.builder(chain())
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .emitter(recorder)
        .metrics(recorder)
        .build();
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aSlowStoreDoesNotCountAgainstNodeLimits(int concurrency) {
    FlakyStore<Trail> store = new FlakyStore<>();
    store.saveDelayMillis = 300;
    Recorder recorder = new Recorder();
    NodePolicy limit = NodePolicy.builder().timeout(Duration.ofMillis(250)).build();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.next(Trail.of("a")), limit)
            .node("b", (s, ctx) -> NodeResult.next(Trail.of("b")), limit)
            .node("c", (s, ctx) -> NodeResult.stop(Trail.of("c")), limit)
            .edge("a", "b")
            .edge("b", "c")
            .start("a")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .emitter(recorder)
            .build();

    // Each save outlasts every node's limit; saves happen between attempts, never inside one.
    Trail result = engine.run("slow-store", Trail.of());

    assertThat(result.items()).containsExactly("a", "b", "c");
    assertThat(recorder.events(EventType.NODE_TIMED_OUT)).isEmpty();
    assertThat(store.saves.get()).isEqualTo(4); // start + three step commits
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aFailingStepCommitIsACheckpointFailureAndKeepsThePreviousCommit(int concurrency) {
    FlakyStore<Trail> store = new FlakyStore<>();
    store.failWhen = c -> c.step() >= 2; // the commit after b fails
    Engine<Trail> engine = engine(store, concurrency, new Recorder());

    assertThatThrownBy(() -> engine.run("failing-store", Trail.of()))
        .isInstanceOf(CheckpointFailedException.class)
        .hasCauseInstanceOf(StoreException.class)
        .hasMessageContaining("run 'failing-store' at step 2")
        .hasMessageContaining("the previous checkpoint is kept")
        .hasRootCauseMessage("disk full");

    Checkpoint<Trail> kept = store.load("failing-store").orElseThrow();
    assertThat(kept.step()).isEqualTo(1);
    assertThat(kept.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(kept.state().items()).containsExactly("a");
    assertThat(kept.frontier()).extracting(a -> a.nodeId()).containsExactly("b");

    store.failWhen = c -> false; // the store is healthy again
    assertThat(engine.resume("failing-store").items()).containsExactly("a", "b", "c");
    assertThat(aRuns).hasValue(1);
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aStoreFailingWhileATimeoutIsSavedIsAttachedAndThePreviousCommitKept(int concurrency) {
    FlakyStore<Trail> store = new FlakyStore<>();
    store.failWhen = c -> c.status() == RunStatus.FAILED; // recording c's timeout fails
    cSlow.set(true);
    Engine<Trail> engine = engine(store, concurrency, new Recorder());

    assertThatThrownBy(() -> engine.run("timeout-store", Trail.of()))
        .isInstanceOf(NodeTimeoutException.class)
        .satisfies(
            e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(StoreException.class));

    Checkpoint<Trail> kept = store.load("timeout-store").orElseThrow();
    assertThat(kept.step()).isEqualTo(2);
    assertThat(kept.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(kept.state().items()).containsExactly("a", "b");
  }

  @Test
  void aFailingLoadIsAStoreException() {
    FlakyStore<Trail> store = new FlakyStore<>();
    Engine<Trail> engine = engine(store, 4, new Recorder());
    engine.run("loaded", Trail.of());
    store.failLoads = true;

    assertThatThrownBy(() -> engine.run("new-run", Trail.of()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("run 'new-run'")
        .hasRootCauseMessage("connection refused");
    assertThatThrownBy(() -> engine.resume("loaded"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("run 'loaded'")
        .hasRootCauseMessage("connection refused");
  }
}
