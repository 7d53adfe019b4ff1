package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a run fails is a {@link RunFailedException}: one {@code catch} names the run, and
 * resuming it (once the cause is gone) completes it.
 */
class RunFailedExceptionTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();

  /** a, then b (which fails while {@code broken} is set), then c. */
  private Graph<Trail> graph(Node<Trail> b) {
    return Graph.builder(Trail::merge)
        .node("a", (s, ctx) -> NodeResult.next(Trail.of("a")))
        .node("b", b)
        .node("c", (s, ctx) -> NodeResult.stop(Trail.of("c")))
        .edge("a", "b")
        .edge("b", "c")
        .start("a")
        .build();
  }

  private Engine<Trail> engine(Graph<Trail> g, Options options) {
    return Engine.builder(g).options(options).store(store).build();
  }

  /** Runs, catches the one base type, heals the node, resumes; returns what was caught. */
  private RunFailedException runCatchAndResume(
      Engine<Trail> engine, String runId, AtomicBoolean broken) {
    RunFailedException caught = null;
    try {
      engine.run(runId, Trail.of());
      fail("the run should have failed");
    } catch (RunFailedException e) {
      caught = e;
      broken.set(false);
      assertThat(engine.resume(e.runId()).items()).containsExactly("a", "b", "c");
    }
    assertThat(caught.runId()).isEqualTo(runId);
    return caught;
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aNodeThatFailsForGoodIsARunFailureNamingRunStepAndNode(int concurrency) {
    AtomicBoolean broken = new AtomicBoolean(true);
    Graph<Trail> g =
        graph(
            (s, ctx) -> {
              if (broken.get()) {
                throw new PermanentException("card declined");
              }
              return NodeResult.next(Trail.of("b"));
            });
    Options options = Options.builder().maxConcurrentNodes(concurrency).build();

    RunFailedException e = runCatchAndResume(engine(g, options), "permanent", broken);

    assertThat(e)
        .isInstanceOf(NodeFailedException.class)
        .hasCauseInstanceOf(PermanentException.class);
    assertThat(e.step()).isEqualTo(1);
    assertThat(e.nodeId()).isEqualTo("b");
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void exhaustedRetriesAreARunFailure(int concurrency) {
    AtomicBoolean broken = new AtomicBoolean(true);
    Graph<Trail> g =
        graph(
            (s, ctx) -> {
              if (broken.get()) {
                throw new TransientException("gateway busy");
              }
              return NodeResult.next(Trail.of("b"));
            });
    Options options =
        Options.builder()
            .maxConcurrentNodes(concurrency)
            .defaultRetry(
                RetryPolicy.builder()
                    .maxAttempts(2)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                    .build())
            .build();

    RunFailedException e = runCatchAndResume(engine(g, options), "retries", broken);

    assertThat(e).isInstanceOf(RetriesExhaustedException.class);
    assertThat(e.nodeId()).isEqualTo("b");
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aTimedOutNodeIsARunFailure(int concurrency) {
    AtomicBoolean broken = new AtomicBoolean(true);
    Graph<Trail> g =
        graph(
            (s, ctx) -> {
              if (broken.get()) {
                Thread.sleep(60_000); // interrupted by the engine at the limit
              }
              return NodeResult.next(Trail.of("b"));
            });
    Options options =
        Options.builder()
            .maxConcurrentNodes(concurrency)
            .defaultNodeTimeout(Duration.ofMillis(50))
            .build();

    RunFailedException e = runCatchAndResume(engine(g, options), "timeout", broken);

    assertThat(e).isInstanceOf(NodeTimeoutException.class);
    assertThat(e.nodeId()).isEqualTo("b");
    assertThat(e.step()).isEqualTo(1);
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aSpentBudgetIsARunFailure(int concurrency) {
    AtomicBoolean broken = new AtomicBoolean(true);
    Graph<Trail> g =
        graph(
            (s, ctx) -> {
              if (broken.get()) {
                Thread.sleep(60_000); // cut off when the budget runs out
              }
              return NodeResult.next(Trail.of("b"));
            });
    Options options =
        Options.builder()
            .maxConcurrentNodes(concurrency)
            .runWallClockBudget(Duration.ofMillis(300))
            .build();

    RunFailedException e = runCatchAndResume(engine(g, options), "budget", broken);

    assertThat(e).isInstanceOf(RunBudgetExceededException.class);
    assertThat(e.step()).isEqualTo(1);
  }

  @Test
  void reachingTheStepLimitIsARunFailureAndALargerLimitFinishesTheRun() {
    Graph<Trail> g = graph((s, ctx) -> NodeResult.next(Trail.of("b")));
    Engine<Trail> tight = engine(g, Options.builder().maxSteps(2).build());
    Engine<Trail> roomy = engine(g, Options.builder().maxSteps(10).build());

    try {
      tight.run("steps", Trail.of());
      fail("the run should have reached the step limit");
    } catch (RunFailedException e) {
      assertThat(e).isInstanceOf(MaxStepsExceededException.class);
      assertThat(e.step()).isEqualTo(2);
      assertThat(e.nodeId()).isNull();
      assertThat(roomy.resume(e.runId()).items()).containsExactly("a", "b", "c");
    }
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void interruptingASynchronousRunIsARunCancelledExceptionAndResumeCompletesIt(int concurrency)
      throws InterruptedException {
    AtomicBoolean broken = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(1);
    Graph<Trail> g =
        graph(
            (s, ctx) -> {
              if (broken.get()) {
                started.countDown();
                Thread.sleep(60_000); // interrupted by the cancel
              }
              return NodeResult.next(Trail.of("b"));
            });
    Engine<Trail> engine = engine(g, Options.builder().maxConcurrentNodes(concurrency).build());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    engine.run("cancel", Trail.of());
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOf(RunCancelledException.class)
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("run 'cancel' was cancelled in step 1");
    RunCancelledException cancelled = (RunCancelledException) thrown.get();
    assertThat(cancelled.runId()).isEqualTo("cancel");
    assertThat(cancelled.step()).isEqualTo(1);
    assertThat(cancelled.nodeId()).isNull();
    broken.set(false);
    assertThat(engine.resume(cancelled.runId()).items()).containsExactly("a", "b", "c");
  }

  @Test
  void whatTheEngineReportsIsARunFailureAndWhatNodesThrowIsNot() {
    List<Class<? extends WeftException>> reported =
        List.of(
            NodeFailedException.class,
            RetriesExhaustedException.class,
            NodeTimeoutException.class,
            RunBudgetExceededException.class,
            BackpressureTimeoutException.class,
            MaxStepsExceededException.class,
            CheckpointFailedException.class,
            RunCancelledException.class);
    assertThat(reported).allSatisfy(t -> assertThat(RunFailedException.class).isAssignableFrom(t));
    List<Class<? extends WeftException>> notRunFailures =
        List.of(
            TransientException.class,
            PermanentException.class,
            GraphValidationException.class,
            RunNotFoundException.class,
            RunAlreadyExistsException.class,
            StoreException.class);
    assertThat(notRunFailures)
        .noneSatisfy(t -> assertThat(RunFailedException.class).isAssignableFrom(t));
  }
}
