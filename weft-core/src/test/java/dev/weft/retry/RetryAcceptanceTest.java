package dev.weft.retry;

import static dev.weft.retry.RetryFixtures.delays;
import static dev.weft.retry.RetryFixtures.delaysByAttempt;
import static dev.weft.retry.RetryFixtures.events;
import static dev.weft.retry.RetryFixtures.flaky;
import static dev.weft.retry.RetryFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodeFailedException;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RetriesExhaustedException;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.retry.RetryFixtures.RetryCounter;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.TimeSource;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import dev.weft.testing.VirtualTimeSource;
import java.io.FileNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The acceptance tests of the retry feature, one per numbered criterion. */
class RetryAcceptanceTest {
  private static final Duration BASE = Duration.ofMillis(100);
  private static final Options SEQUENTIAL = Options.builder().maxConcurrentNodes(0).build();

  private static NodePolicy retry(int maxAttempts, double jitter) {
    return NodePolicy.builder()
        .retry(
            RetryPolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(BASE, Duration.ofSeconds(10))
                .jitter(jitter)
                .build())
        .build();
  }

  /** validate → charge (fails {@code failures} times) → receipt. */
  private static Graph<Trail> payment(
      int failures, NodePolicy chargePolicy, List<Integer> attempts, AtomicInteger receipts) {
    return Graph.builder(Trail::merge)
        .node("validate", step("validate"))
        .node("charge", flaky("charge", failures + 1, attempts), chargePolicy)
        .node("receipt", step("receipt", receipts))
        .edge("validate", "charge")
        .edge("charge", "receipt")
        .start("validate")
        .build();
  }

  // 1. Sequential, maxAttempts 4, three transient failures: exponential delays, then success.
  @ParameterizedTest(name = "jitter {0}")
  @ValueSource(doubles = {0.0, 0.2})
  void sequentialRunRetriesWithExponentialDelaysThenContinuesOnce(double jitter) {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    AtomicInteger receipts = new AtomicInteger();
    VirtualTimeSource clock = VirtualTimeSource.instant();
    BufferedEmitter events = new BufferedEmitter(1_000);
    RetryCounter metrics = new RetryCounter();
    Engine<Trail> engine =
        Engine.builder(payment(3, retry(4, jitter), attempts, receipts))
            .options(SEQUENTIAL)
            .timeSource(clock)
            .emitter(events)
            .metrics(metrics)
            .build();

    RunResult<Trail> result = engine.runForResult("pay-1", Trail.of());

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(attempts).containsExactly(1, 2, 3, 4);
    assertThat(receipts).hasValue(1);
    assertThat(result.state().items()).hasSize(3).startsWith("validate").endsWith("receipt");
    assertThat(result.state().items().get(1)).startsWith("charge@4:");
    List<Long> delays = delays(events, "pay-1");
    long[] exponential = {BASE.toNanos(), 2 * BASE.toNanos(), 4 * BASE.toNanos()};
    assertThat(delays).hasSize(3);
    for (int i = 0; i < 3; i++) {
      if (jitter == 0.0) {
        assertThat(delays.get(i)).isEqualTo(exponential[i]);
      } else {
        assertThat(delays.get(i)).isBetween(exponential[i], (long) (exponential[i] * (1 + jitter)));
      }
    }
    // The engine waited exactly the scheduled delays, once each, and nothing else.
    assertThat(clock.waits())
        .containsExactlyElementsOf(delays.stream().map(Duration::ofNanos).toList());
    assertThat(clock.sleeps()).isEqualTo(clock.waits());
    List<Event> failed = events(events, "pay-1", "charge", EventType.NODE_FAILED);
    assertThat(failed).extracting(Event::attempt).containsExactly(1, 2, 3);
    assertThat(failed)
        .allSatisfy(
            e -> {
              assertThat(e.attribute("willRetry")).isEqualTo(true);
              assertThat(e.attribute("error")).isEqualTo(TransientException.class.getName());
            });
    assertThat(events(events, "pay-1", "charge", EventType.RETRY_SCHEDULED))
        .extracting(e -> e.attribute("nextAttempt"))
        .containsExactly(2, 3, 4);
    assertThat(metrics.snapshot()).isEqualTo(Map.of("charge", 3));
    assertThat(result.stats().retries()).isEqualTo(3);
    assertThat(result.stats().attempts()).isEqualTo(6);
  }

  // 2. Same runId, 100 runs: identical delays and final states; another runId: other jitter.
  @Test
  void sameRunIdGivesTheSameDelaysAndStateEveryTime() {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("fetch", flaky("fetch", 3), retry(5, 0.5))
            .node("store", flaky("store", 4), retry(5, 0.5))
            .edge("fetch", "store")
            .start("fetch")
            .build();
    List<List<Long>> delaySequences = new ArrayList<>();
    List<Trail> states = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      BufferedEmitter events = new BufferedEmitter(1_000);
      Engine<Trail> engine =
          Engine.builder(graph)
              .options(SEQUENTIAL)
              .timeSource(VirtualTimeSource.instant())
              .emitter(events)
              .build();
      states.add(engine.run("same-run", Trail.of()));
      delaySequences.add(delays(events, "same-run"));
    }
    assertThat(delaySequences.getFirst()).hasSize(5);
    assertThat(delaySequences).allSatisfy(d -> assertThat(d).isEqualTo(delaySequences.getFirst()));
    assertThat(states).allSatisfy(s -> assertThat(s).isEqualTo(states.getFirst()));

    BufferedEmitter other = new BufferedEmitter(1_000);
    Engine.builder(graph)
        .options(SEQUENTIAL)
        .timeSource(VirtualTimeSource.instant())
        .emitter(other)
        .build()
        .run("other-run", Trail.of());
    List<Long> otherDelays = delays(other, "other-run");
    assertThat(otherDelays).hasSize(5).isNotEqualTo(delaySequences.getFirst());
  }

  // 3. Success on the second attempt: exactly two attempts, then the run goes on.
  @Test
  void nodeSucceedingOnTheSecondAttemptRunsExactlyTwice() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    AtomicInteger receipts = new AtomicInteger();
    BufferedEmitter events = new BufferedEmitter(1_000);
    Engine<Trail> engine =
        Engine.builder(payment(1, retry(5, 0.2), attempts, receipts))
            .options(SEQUENTIAL)
            .timeSource(VirtualTimeSource.instant())
            .emitter(events)
            .build();

    RunResult<Trail> result = engine.runForResult("twice", Trail.of());

    assertThat(attempts).containsExactly(1, 2);
    assertThat(events(events, "twice", "charge", EventType.NODE_STARTED))
        .extracting(Event::attempt)
        .containsExactly(1, 2);
    assertThat(events(events, "twice", "charge", EventType.NODE_SUCCEEDED))
        .extracting(Event::attempt)
        .containsExactly(2);
    assertThat(result.stats().retries()).isEqualTo(1);
    assertThat(receipts).hasValue(1);
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.state().items()).hasSize(3).endsWith("receipt");
  }

  // 4. Permanent failures, abortOn types and maxAttempts 1 are not retried.
  @Test
  void permanentFailureIsNotRetried() {
    PermanentException declined = new PermanentException("card declined");
    assertFailsOnFirstAttempt(declined, retry(5, 0.2));
  }

  @Test
  void abortOnTypeIsNotRetried() {
    FileNotFoundException missing = new FileNotFoundException("no such account"); // an IOException
    NodePolicy policy =
        NodePolicy.builder()
            .retry(
                RetryPolicy.builder().maxAttempts(5).abortOn(FileNotFoundException.class).build())
            .build();
    assertFailsOnFirstAttempt(missing, policy);
  }

  @Test
  void maxAttemptsOneMeansNoRetry() {
    assertFailsOnFirstAttempt(new TransientException("busy"), retry(1, 0.2));
  }

  @Test
  void nodeWithoutAnyRetryPolicyIsNotRetried() {
    assertFailsOnFirstAttempt(new TransientException("busy"), NodePolicy.defaults());
  }

  private static void assertFailsOnFirstAttempt(Exception failure, NodePolicy policy) {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger after = new AtomicInteger();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                (s, ctx) -> {
                  attempts.incrementAndGet();
                  throw failure;
                },
                policy)
            .node("receipt", step("receipt", after))
            .edge("charge", "receipt")
            .start("charge")
            .build();
    VirtualTimeSource clock = VirtualTimeSource.instant();
    BufferedEmitter events = new BufferedEmitter(1_000);
    Engine<Trail> engine =
        Engine.builder(graph).options(SEQUENTIAL).timeSource(clock).emitter(events).build();

    NodeFailedException e =
        catchThrowableOfType(NodeFailedException.class, () -> engine.run("once", Trail.of()));

    assertThat(e).isNotInstanceOf(RetriesExhaustedException.class);
    assertThat(e.getCause()).isSameAs(failure);
    assertThat(e.nodeId()).isEqualTo("charge");
    assertThat(e.attempt()).isEqualTo(1);
    assertThat(attempts).hasValue(1);
    assertThat(after).hasValue(0);
    assertThat(events.byType(EventType.RETRY_SCHEDULED)).isEmpty();
    assertThat(events.byType(EventType.NODE_FAILED))
        .singleElement()
        .satisfies(f -> assertThat(f.attribute("willRetry")).isEqualTo(false));
    assertThat(clock.waits()).isEmpty();
  }

  @Test
  void exhaustedRetriesKeepEveryAttemptsCauseWithTheLastAsCause() {
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                (s, ctx) -> {
                  TransientException e = new TransientException("gateway 503 #" + ctx.attempt());
                  thrown.add(e);
                  throw e;
                },
                retry(3, 0.2))
            .start("charge")
            .build();
    BufferedEmitter events = new BufferedEmitter(1_000);
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(SEQUENTIAL)
            .timeSource(VirtualTimeSource.instant())
            .emitter(events)
            .build();

    RetriesExhaustedException e =
        catchThrowableOfType(
            RetriesExhaustedException.class, () -> engine.run("exhaust", Trail.of()));

    assertThat(thrown).hasSize(3);
    assertThat(e.failures()).containsExactlyElementsOf(thrown);
    assertThat(e.getCause()).isSameAs(thrown.get(2));
    assertThat(e.getSuppressed()).containsExactly(thrown.get(0), thrown.get(1));
    assertThat(e.attempt()).isEqualTo(3);
    assertThat(e.nodeId()).isEqualTo("charge");
    assertThat(e.getMessage())
        .contains("node 'charge' failed on all 3 attempts", "gateway 503 #3", "maxAttempts");
    assertThat(events.byType(EventType.NODE_FAILED))
        .extracting(f -> f.attribute("willRetry"))
        .containsExactly(true, true, false);
  }

  // 5. Concurrency 0, 1 and 8: the same delays and the same final state.
  @Test
  void concurrencySettingChangesNeitherDelaysNorFinalState() {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("split", step("split"))
            .node("a", flaky("a", 3), retry(5, 0.2))
            .node("b", flaky("b", 2), retry(5, 0.2))
            .node("c", flaky("c", 4), retry(5, 0.2))
            .node("done", (s, ctx) -> NodeResult.stop(Trail.of("done:" + s.items().size())))
            .edge("split", "a")
            .edge("split", "b")
            .edge("split", "c")
            .join(List.of("a", "b", "c"), "done")
            .start("split")
            .build();
    Map<String, Long> firstDelays = null;
    Trail firstState = null;
    for (int concurrency : new int[] {0, 1, 8}) {
      BufferedEmitter events = new BufferedEmitter(1_000);
      RetryCounter metrics = new RetryCounter();
      Engine<Trail> engine =
          Engine.builder(graph)
              .options(Options.builder().maxConcurrentNodes(concurrency).build())
              .timeSource(VirtualTimeSource.withGrace(Duration.ofMillis(1)))
              .emitter(events)
              .metrics(metrics)
              .build();
      Trail state = engine.run("conc", Trail.of());
      Map<String, Long> delays = delaysByAttempt(events, "conc");

      assertThat(delays).as("concurrency %d", concurrency).hasSize(6);
      assertThat(metrics.snapshot()).isEqualTo(Map.of("a", 2, "b", 1, "c", 3));
      if (firstDelays == null) {
        firstDelays = delays;
        firstState = state;
      } else {
        assertThat(delays).as("concurrency %d", concurrency).isEqualTo(firstDelays);
        assertThat(state).as("concurrency %d", concurrency).isEqualTo(firstState);
      }
    }
    assertThat(firstState.items()).hasSize(5).endsWith("done:4");
  }

  // 6. Success rate: 1000 runs of five flaky nodes (p = 0.3 each attempt), maxAttempts 10.
  @Test
  void almostEveryRunOfFlakyNodesSucceeds() {
    Graph.Builder<Trail> builder = Graph.builder(Trail::merge);
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(10)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(10))
            .build();
    for (int i = 1; i <= 5; i++) {
      String id = "n" + i;
      builder.node(
          id,
          (s, ctx) -> {
            if (ctx.random().nextDouble() < 0.3) { // seeded from (runId, order key, attempt)
              throw new TransientException(id + " flaked on attempt " + ctx.attempt());
            }
            return NodeResult.next(Trail.of(id));
          },
          NodePolicy.builder().retry(policy).build());
      if (i > 1) {
        builder.edge("n" + (i - 1), id);
      }
    }
    Graph<Trail> graph = builder.start("n1").build();
    RetryCounter metrics = new RetryCounter();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(SEQUENTIAL)
            .timeSource(VirtualTimeSource.instant())
            .metrics(metrics)
            .build();

    int succeeded = 0;
    for (int run = 0; run < 1_000; run++) {
      try {
        if (engine.run("rate-" + run, Trail.of()).items().size() == 5) {
          succeeded++;
        }
      } catch (RetriesExhaustedException e) {
        // counted as a failure
      }
    }
    int retries = metrics.snapshot().values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "retry success rate: %d/1000 (%d retries over 5000 node activations)%n",
        succeeded, retries);
    assertThat(succeeded).isGreaterThanOrEqualTo(999);
    assertThat(retries).as("the nodes really were flaky").isBetween(1_500, 2_800);
  }

  // 7. A run budget shorter than the next delay fails at once with the last cause, without a wait.
  @Test
  void budgetShorterThanTheNextDelayFailsAtOnceWithoutWaiting() {
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                (s, ctx) -> {
                  TransientException e = new TransientException("gateway 503 #" + ctx.attempt());
                  thrown.add(e);
                  throw e;
                },
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(10)
                            .backoff(BASE, Duration.ofSeconds(10))
                            .withoutJitter()
                            .build())
                    .build())
            .start("charge")
            .build();
    // With a budget every attempt runs on its own thread: give it real time to report back.
    VirtualTimeSource clock = VirtualTimeSource.withGrace(Duration.ofMillis(500));
    BufferedEmitter events = new BufferedEmitter(1_000);
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(0)
                    .runWallClockBudget(Duration.ofMillis(350))
                    .build())
            .timeSource(clock)
            .emitter(events)
            .store(store)
            .build();

    // Delays 100 ms and 200 ms fit (at 0 and 100 ms); at 300 ms the next one, 400 ms, would not.
    RunBudgetExceededException e =
        catchThrowableOfType(
            RunBudgetExceededException.class, () -> engine.run("budget", Trail.of()));

    assertThat(thrown).hasSize(3);
    assertThat(e.getCause()).isSameAs(thrown.get(2));
    assertThat(e.getMessage()).contains("would wait 400ms, past the budget");
    assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(clock.waits()).allSatisfy(w -> assertThat(w).isLessThan(Duration.ofMillis(400)));
    assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300));
    assertThat(delays(events, "budget")).hasSize(2);
    assertThat(events.byType(EventType.NODE_FAILED))
        .extracting(f -> f.attribute("willRetry"))
        .containsExactly(true, true, false);
    Checkpoint<Trail> saved = store.load("budget").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.frontier())
        .singleElement()
        .satisfies(a -> assertThat(a.firstAttempt()).isEqualTo(4));
  }

  @Test
  void budgetShorterThanTheFirstDelayFailsAtOnceInConcurrentModeToo() {
    TransientException failure = new TransientException("gateway 503");
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                (s, ctx) -> {
                  throw failure;
                },
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofSeconds(60), Duration.ofSeconds(60))
                            .build())
                    .build())
            .start("charge")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(4)
                    .runWallClockBudget(Duration.ofSeconds(5))
                    .build())
            .build(); // the real clock: the node runs on its own thread
    long start = System.nanoTime();

    RunBudgetExceededException e =
        catchThrowableOfType(
            RunBudgetExceededException.class, () -> engine.run("budget-conc", Trail.of()));

    assertThat(e.getCause()).isSameAs(failure);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(Duration.ofSeconds(30)); // far below 60 s
  }

  // 8. Cancelling during a backoff wait stops the run promptly; no further attempt starts.
  @ParameterizedTest(name = "concurrency {0}")
  @ValueSource(ints = {0, 4})
  void cancellingDuringBackoffStopsPromptlyAndResumeKeepsTheAttemptNumber(int concurrency)
      throws Exception {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                flaky("charge", 2, attempts),
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofSeconds(60), Duration.ofSeconds(60))
                            .build())
                    .build())
            .node("receipt", step("receipt"))
            .edge("charge", "receipt")
            .start("charge")
            .build();
    CountDownLatch backingOff = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .emitter(
                event -> {
                  if (event.type() == EventType.RETRY_SCHEDULED) {
                    backingOff.countDown();
                  } else if (event.type() == EventType.RUN_FAILED) {
                    stopped.countDown();
                  }
                })
            .timeSource(TimeSource.system())
            .build();

    CompletableFuture<Trail> run = engine.runAsync("cancel-me", Trail.of());
    assertThat(backingOff.await(10, TimeUnit.SECONDS)).isTrue();
    run.cancel(true);

    assertThat(stopped.await(10, TimeUnit.SECONDS))
        .as("run stopped well before the 60 s delay")
        .isTrue();
    Thread.sleep(200); // a grace period in which a further attempt would show
    assertThat(attempts).containsExactly(1);
    assertThatThrownBy(run::join).isInstanceOf(CancellationException.class);
    Checkpoint<Trail> saved = store.load("cancel-me").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.frontier())
        .singleElement()
        .satisfies(a -> assertThat(a.firstAttempt()).isEqualTo(2));

    // Another engine on the same store resumes with the pending retry's attempt number, after
    // waiting its delay again (at once here: a virtual clock).
    VirtualTimeSource clock = VirtualTimeSource.instant();
    Engine<Trail> later =
        Engine.builder(graph)
            .store(store)
            .timeSource(clock)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .build();
    Trail resumed = later.resume("cancel-me");
    assertThat(attempts).containsExactly(1, 2);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(60));
    assertThat(resumed.items()).hasSize(2).endsWith("receipt");
    assertThat(resumed.items().getFirst()).startsWith("charge@2:");
  }
}
