package dev.weft.retry;

import static dev.weft.retry.RetryFixtures.delays;
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
import dev.weft.NodeTimeoutException;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RetriesExhaustedException;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.emit.CompositeEmitter;
import dev.weft.retry.RetryFixtures.RetryCounter;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import dev.weft.testing.VirtualTimeSource;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retry behaviour beyond the acceptance list: merging, events, saturation, resume. */
class RetryBehaviourTest {

  @ParameterizedTest(name = "concurrency {0}")
  @ValueSource(ints = {0, 4})
  void onlyTheSuccessfulAttemptsDeltaIsMerged(int concurrency) {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                (s, ctx) -> {
                  if (ctx.attempt() == 1) {
                    try {
                      Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                      // returns a result anyway, after its time is up: it must be discarded
                    }
                  }
                  return NodeResult.next(Trail.of("charge@" + ctx.attempt()));
                },
                NodePolicy.builder()
                    .timeout(Duration.ofMillis(50))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                            .build())
                    .build())
            .node("receipt", step("receipt"))
            .edge("charge", "receipt")
            .start("charge")
            .build();
    BufferedEmitter events = new BufferedEmitter(1_000);
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .emitter(events)
            .build();

    Trail result = engine.run("late", Trail.of());

    assertThat(result.items()).containsExactly("charge@2", "receipt");
    assertThat(events.byType(EventType.NODE_TIMED_OUT)).hasSize(1);
    assertThat(events.byType(EventType.NODE_FAILED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.attribute("error")).isEqualTo(NodeTimeoutException.class.getName());
              assertThat(e.attribute("willRetry")).isEqualTo(true);
            });
  }

  @Test
  void aDelayOfCenturiesWithoutABudgetIsWaitedNotMistakenForABudgetOverrun() throws Exception {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                flaky("charge", 3, attempts),
                NodePolicy.builder()
                    .retry(RetryPolicy.builder().maxAttempts(3).backoff(forever, forever).build())
                    .build())
            .start("charge")
            .build();
    VirtualTimeSource clock = VirtualTimeSource.instant();
    clock.advance(Duration.ofSeconds(1)); // now + the delay overflows a long
    CountDownLatch scheduledOrFailed = new CountDownLatch(1);
    BufferedEmitter events = new BufferedEmitter(1_000);
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(0).build())
            .timeSource(clock)
            .emitter(
                CompositeEmitter.of(
                    events,
                    e -> {
                      if (e.type() == EventType.RETRY_SCHEDULED
                          || e.type() == EventType.RUN_FAILED) {
                        scheduledOrFailed.countDown();
                      }
                    }))
            .build();

    CompletableFuture<Trail> run = engine.runAsync("forever", Trail.of());

    assertThat(scheduledOrFailed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(delays(events, "forever"))
        .as("events: %s", events.all())
        .containsExactly(Long.MAX_VALUE);
    Thread.sleep(100); // an overflowed due time would start attempt 2 at once
    assertThat(attempts).containsExactly(1);
    run.cancel(true);
    assertThatThrownBy(run::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void aPermanentFailureAfterRetriesIsANodeFailureNotExhaustedRetries() {
    TransientException first = new TransientException("gateway 503");
    PermanentException second = new PermanentException("card declined");
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                (s, ctx) -> {
                  throw ctx.attempt() == 1 ? first : second;
                },
                NodePolicy.builder().retry(RetryPolicy.builder().maxAttempts(5).build()).build())
            .start("charge")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(0).build())
            .timeSource(VirtualTimeSource.instant())
            .build();

    NodeFailedException e =
        catchThrowableOfType(NodeFailedException.class, () -> engine.run("declined", Trail.of()));

    assertThat(e).isNotInstanceOf(RetriesExhaustedException.class);
    assertThat(e.getCause()).isSameAs(second);
    assertThat(e.attempt()).isEqualTo(2);
    assertThat(e.getSuppressed()).containsExactly(first);
    assertThat(e.getMessage()).doesNotContain("maxAttempts");
  }

  @Test
  void retriesExhaustedAfterAResumeCountsEveryAttempt() {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                (s, ctx) -> {
                  throw new TransientException("gateway 503 #" + ctx.attempt());
                },
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(4)
                            .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                            .withoutJitter()
                            .build())
                    .build())
            .start("charge")
            .build();
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    // Attempts 1 and 2 fit the budget; the 200 ms delay before attempt 3 does not.
    Engine<Trail> budgeted =
        Engine.builder(graph)
            .store(store)
            .options(
                Options.builder()
                    .maxConcurrentNodes(0)
                    .runWallClockBudget(Duration.ofMillis(250))
                    .build())
            .timeSource(VirtualTimeSource.withGrace(Duration.ofMillis(500)))
            .build();
    assertThatThrownBy(() -> budgeted.run("exhaust-later", Trail.of()))
        .isInstanceOf(RunBudgetExceededException.class);
    Engine<Trail> later =
        Engine.builder(graph)
            .store(store)
            .options(Options.builder().maxConcurrentNodes(0).build())
            .timeSource(VirtualTimeSource.instant())
            .build();

    RetriesExhaustedException e =
        catchThrowableOfType(RetriesExhaustedException.class, () -> later.resume("exhaust-later"));

    assertThat(e.attempt()).isEqualTo(4);
    assertThat(e.getMessage()).contains("failed on all 4 attempts", "gateway 503 #4");
    assertThat(e.failures())
        .extracting(Throwable::getMessage)
        .containsExactly("gateway 503 #3", "gateway 503 #4");
  }

  @Test
  void cancellingWhileAnInlineAttemptTurnsTheInterruptIntoARetryableFailureStartsNoFurtherAttempt()
      throws Exception {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "fetch",
                (s, ctx) -> {
                  attempts.add(ctx.attempt());
                  started.countDown();
                  try {
                    Thread.sleep(10_000); // blocking I/O
                  } catch (InterruptedException e) {
                    throw new InterruptedIOException(
                        "read interrupted"); // an IOException: retryable
                  }
                  return NodeResult.next(Trail.of("fetched"));
                },
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(5)
                            .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                            .build())
                    .build())
            .start("fetch")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(0).build()) // no time limit: runs inline
            .emitter(
                e -> {
                  if (e.type() == EventType.RUN_FAILED) {
                    stopped.countDown();
                  }
                })
            .build();

    CompletableFuture<Trail> run = engine.runAsync("swallowed", Trail.of());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    run.cancel(true);

    Thread.sleep(300); // a grace period in which a further attempt would show
    assertThat(attempts).containsExactly(1);
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aRunResumedInAnotherEngineWaitsAndDrawsTheSameDelaysAsAnUninterruptedRun() {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                flaky("charge", 5),
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(5)
                            .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
                            .jitter(0.2)
                            .build())
                    .build())
            .node("receipt", step("receipt"))
            .edge("charge", "receipt")
            .start("charge")
            .build();
    Options sequential = Options.builder().maxConcurrentNodes(0).build();
    BufferedEmitter whole = new BufferedEmitter(1_000);
    Trail uninterrupted =
        Engine.builder(graph)
            .options(sequential)
            .emitter(whole)
            .timeSource(VirtualTimeSource.instant())
            .build()
            .run("pay-7", Trail.of());

    // Attempts 1 to 3 fit a 650 ms budget (delays of about 100 and 200 ms); the third delay,
    // about 400 ms, does not: the run stops with attempt 4 pending.
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    BufferedEmitter before = new BufferedEmitter(1_000);
    Engine<Trail> budgeted =
        Engine.builder(graph)
            .store(store)
            .emitter(before)
            .options(
                Options.builder()
                    .maxConcurrentNodes(0)
                    .runWallClockBudget(Duration.ofMillis(650))
                    .build())
            .timeSource(VirtualTimeSource.withGrace(Duration.ofMillis(500)))
            .build();
    assertThatThrownBy(() -> budgeted.run("pay-7", Trail.of()))
        .isInstanceOf(RunBudgetExceededException.class);
    BufferedEmitter after = new BufferedEmitter(1_000);
    VirtualTimeSource clock = VirtualTimeSource.instant();
    RetryCounter metrics = new RetryCounter();
    Trail resumed =
        Engine.builder(graph)
            .store(store)
            .emitter(after)
            .metrics(metrics)
            .options(sequential)
            .timeSource(clock)
            .build()
            .resume("pay-7");

    List<Long> all = delays(whole, "pay-7");
    assertThat(all).hasSize(4);
    assertThat(delays(before, "pay-7")).isEqualTo(all.subList(0, 2));
    assertThat(delays(after, "pay-7")).isEqualTo(all.subList(2, 4));
    // The pending retry waited its delay before attempt 4; then came the delay before attempt 5.
    assertThat(clock.sleeps())
        .containsExactly(Duration.ofNanos(all.get(2)), Duration.ofNanos(all.get(3)));
    assertThat(after.query("pay-7", "charge", EventType.NODE_STARTED))
        .extracting(Event::attempt)
        .containsExactly(4, 5);
    assertThat(metrics.snapshot()).isEqualTo(Map.of("charge", 2));
    assertThat(resumed).isEqualTo(uninterrupted);
  }

  @Test
  void aPendingRetryThatWouldOutliveTheResumedRunsBudgetFailsAtOnce() {
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "charge",
                flaky("charge", 3),
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
                            .build())
                    .build())
            .start("charge")
            .build();
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine<Trail> engine =
        Engine.builder(graph)
            .store(store)
            .options(
                Options.builder()
                    .maxConcurrentNodes(0)
                    .runWallClockBudget(Duration.ofSeconds(1))
                    .build())
            .timeSource(VirtualTimeSource.withGrace(Duration.ofMillis(500)))
            .build();
    assertThatThrownBy(() -> engine.run("tight", Trail.of()))
        .isInstanceOf(RunBudgetExceededException.class);
    VirtualTimeSource clock = VirtualTimeSource.withGrace(Duration.ofMillis(500));
    Engine<Trail> same =
        Engine.builder(graph)
            .store(store)
            .options(
                Options.builder()
                    .maxConcurrentNodes(0)
                    .runWallClockBudget(Duration.ofSeconds(1))
                    .build())
            .timeSource(clock)
            .build();

    assertThatThrownBy(() -> same.resume("tight"))
        .isInstanceOf(RunBudgetExceededException.class)
        .hasMessageContaining("pending retry");
    assertThat(clock.sleeps()).isEmpty();
    assertThat(store.load("tight").orElseThrow().frontier().getFirst().firstAttempt()).isEqualTo(2);
  }
}
