package dev.weft;

import static dev.weft.support.Nodes.mark;
import static dev.weft.support.Nodes.markAndStop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Nodes.Calls;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Starting, cancelling, resuming and re-running runs. */
class RunLifecycleTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
  private final BufferedEmitter events = new BufferedEmitter(10_000);
  private final Calls calls = new Calls();

  private Engine<Trail> engine(Graph<Trail> g, int concurrency) {
    return Engine.builder(g)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .emitter(events)
        .build();
  }

  /**
   * A node that blocks (interruptibly) while {@code hang} is set, after counting down {@code
   * started}.
   */
  private static Node<Trail> hanging(AtomicBoolean hang, CountDownLatch started) {
    return (s, ctx) -> {
      if (hang.get()) {
        started.countDown();
        Thread.sleep(Duration.ofSeconds(30));
      }
      return NodeResult.next(Trail.of(ctx.nodeId() + "@" + ctx.step()));
    };
  }

  private void awaitRunEnd(String runId) throws InterruptedException {
    await(
        () ->
            !events.query(runId, null, EventType.RUN_FAILED).isEmpty()
                || !events.query(runId, null, EventType.RUN_COMPLETED).isEmpty());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4})
  void cancellingRunAsyncStopsTheRunAndALaterResumeCompletesIt(int concurrency) throws Exception {
    AtomicBoolean hang = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(1);
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", calls.counting(mark()))
            .node("slow", calls.counting(hanging(hang, started)))
            .node("end", calls.counting(markAndStop()))
            .edge("s", "slow")
            .edge("slow", "end")
            .start("s")
            .build();
    Engine<Trail> engine = engine(g, concurrency);

    CompletableFuture<Trail> future = engine.runAsync("r", Trail.of());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(future.cancel(true)).isTrue();

    assertThatThrownBy(future::get).isInstanceOf(CancellationException.class);
    awaitRunEnd("r");
    assertThat(events.query("r", null, EventType.RUN_FAILED))
        .singleElement()
        .satisfies(
            e -> assertThat(e.attribute("error")).isEqualTo(RunCancelledException.class.getName()));
    Checkpoint<Trail> saved = store.load("r").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.detail()).contains("cancelled");
    assertThat(saved.step()).isEqualTo(1);
    assertThat(saved.frontier()).extracting(Activation::nodeId).containsExactly("slow");
    assertThat(calls.of("end")).isZero();

    hang.set(false);
    Trail done = engine.resume("r");

    assertThat(done.items()).containsExactly("s@0", "slow@1", "end@2");
    assertThat(calls.of("s")).isEqualTo(1);
    assertThat(calls.of("end")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4})
  void afterACancelNoFurtherAttemptStartsAndResumeRunsNothingTwice(int concurrency)
      throws Exception {
    AtomicBoolean hang = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(1);
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", (s, ctx) -> NodeResult.goTo(null, "p", "q", "r"))
            .node("p", calls.counting(hanging(hang, started)))
            .node("q", calls.counting(hanging(hang, started)))
            .node("r", calls.counting(hanging(hang, started)))
            .routes("s", "p", "q", "r")
            .start("s")
            .build();
    Engine<Trail> engine = engine(g, concurrency);

    CompletableFuture<Trail> future = engine.runAsync("run", Trail.of());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);
    awaitRunEnd("run");

    int startedBeforeResume = calls.of("p") + calls.of("q") + calls.of("r");
    if (concurrency <= 1) {
      assertThat(startedBeforeResume)
          .as("one activation at a time, none after the cancel")
          .isEqualTo(1);
    }
    assertThat(store.load("run").orElseThrow().status()).isEqualTo(RunStatus.FAILED);

    hang.set(false);
    assertThat(engine.resume("run").items()).containsExactlyInAnyOrder("p@1", "q@1", "r@1");
  }

  @Test
  void aRunIdAlreadyInTheStoreIsRefused() {
    Graph<Trail> g =
        Graph.builder(Trail::merge).node("a", calls.counting(markAndStop())).start("a").build();
    Engine<Trail> engine = engine(g, 0);
    engine.run("r1", Trail.of());

    assertThatThrownBy(() -> engine.run("r1", Trail.of("other")))
        .isInstanceOf(RunAlreadyExistsException.class)
        .hasMessageContaining("run 'r1' already exists")
        .hasMessageContaining("COMPLETED")
        .hasMessageContaining("resume(\"r1\")");
    assertThat(calls.of("a")).isEqualTo(1);
    assertThat(store.load("r1").orElseThrow().state()).isEqualTo(Trail.of("a@0"));
  }

  @Test
  void resumingAnUnknownRunFails() {
    Graph<Trail> g = Graph.builder(Trail::merge).node("a", markAndStop()).start("a").build();

    assertThatThrownBy(() -> engine(g, 0).resume("nope"))
        .isInstanceOf(RunNotFoundException.class)
        .hasMessageContaining("no checkpoint for run 'nope'");
    Engine<Trail> storeless = Engine.builder(g).build();
    storeless.run("r", Trail.of());
    assertThatThrownBy(() -> storeless.resume("r")).isInstanceOf(RunNotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void resumingACompletedRunReturnsItsFinalStateWithoutRunningAnything(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", calls.counting(mark()))
            .node("b", calls.counting(markAndStop()))
            .edge("a", "b")
            .start("a")
            .build();
    Engine<Trail> engine = engine(g, concurrency);
    Trail finished = engine.run("r", Trail.of());
    int historySize = store.history("r").size();

    RunResult<Trail> again = engine.resumeForResult("r");

    assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(again.state()).isEqualTo(finished);
    assertThat(calls.of("a")).isEqualTo(1);
    assertThat(calls.of("b")).isEqualTo(1);
    assertThat(store.history("r")).hasSize(historySize);
    assertThat(events.byType(EventType.NODE_STARTED)).hasSize(2);
    assertThat(events.byType(EventType.RUN_COMPLETED)).hasSize(1);
    assertThat(events.byType(EventType.RUN_RESUMED)).isEmpty();
  }

  @Test
  void runAsyncCompletesWithTheSameStateAsRun() throws Exception {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("b", mark())
            .node("c", markAndStop())
            .edge("a", "b")
            .edge("a", "c")
            .edge("b", "c")
            .start("a")
            .build();
    Engine<Trail> engine = engine(g, 4);

    Trail async = engine.runAsync("r1", Trail.of()).get(10, TimeUnit.SECONDS);

    assertThat(async).isEqualTo(Engine.builder(g).build().run("r1", Trail.of()));
  }

  @Test
  void runAsyncReportsAFailureThroughTheFuture() {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node(
                "a",
                (s, ctx) -> {
                  throw new IllegalStateException("boom");
                })
            .start("a")
            .build();

    assertThatThrownBy(() -> engine(g, 0).runAsync("r", Trail.of()).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(NodeFailedException.class)
        .hasRootCauseMessage("boom");
  }
}
