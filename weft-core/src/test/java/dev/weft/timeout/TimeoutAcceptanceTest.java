package dev.weft.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.NodeTimeoutException;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.RunStatus;
import dev.weft.TimeoutSource;
import dev.weft.TransientException;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance list of per-node timeouts and the run budget, each in sequential ({@code
 * maxConcurrentNodes = 0}) and concurrent mode. Limits are tens of milliseconds; lower bounds are
 * strict (a limit never fires early), upper bounds generous enough for a loaded 2-core machine.
 */
class TimeoutAcceptanceTest {
  private static final long MS = 1_000_000;

  private static NodePolicy limit(long millis) {
    return NodePolicy.builder().timeout(Duration.ofMillis(millis)).build();
  }

  private static Options.Builder mode(int concurrency) {
    return Options.builder().maxConcurrentNodes(concurrency);
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / MS;
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName(
      "1. A (limit 50ms) times out naming A and 50ms while B (limit 1s) completes in the same step")
  void tightLimitCutsOneNodeWhileItsSiblingCompletes(int concurrency) {
    Recorder recorder = new Recorder();
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("start", (s, ctx) -> NodeResult.goTo(null, "A", "B"))
            .node(
                "A",
                (s, ctx) -> {
                  Thread.sleep(500);
                  return NodeResult.stop(Trail.of("A"));
                },
                limit(50))
            .node(
                "B",
                (s, ctx) -> {
                  Thread.sleep(100);
                  return NodeResult.stop(Trail.of("B"));
                },
                NodePolicy.builder().timeout(Duration.ofSeconds(1)).build())
            .routes("start", "A", "B")
            .start("start")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency).build())
            .store(store)
            .emitter(recorder)
            .metrics(recorder)
            .build();

    NodeTimeoutException e =
        catchThrowableOfType(NodeTimeoutException.class, () -> engine.run("one", Trail.of()));

    assertThat(e.nodeId()).isEqualTo("A");
    assertThat(e.limit()).isEqualTo(Duration.ofMillis(50));
    assertThat(e.source()).isEqualTo(TimeoutSource.NODE_POLICY);
    assertThat(e.attempt()).isEqualTo(1);
    assertThat(e)
        .hasMessage(
            "node 'A' timed out after 50ms (attempt 1 of 1, limit from NodePolicy.timeout, "
                + "run 'one', step 1); raise NodePolicy.timeout or make the node faster");
    assertThat(recorder.events(EventType.NODE_SUCCEEDED, "B")).hasSize(1);
    assertThat(recorder.events(EventType.NODE_SUCCEEDED, "A")).isEmpty();
    assertThat(recorder.events(EventType.NODE_TIMED_OUT))
        .extracting(Event::nodeId)
        .containsExactly("A");
    assertThat(recorder.finished())
        .contains("A:timeout", "B:success")
        .doesNotContain("A:success", "A:error");
    assertThat(recorder.timedOut("A")).isEqualTo(1);
    assertThat(recorder.timedOut("B")).isZero();

    Checkpoint<Trail> saved = store.load("one").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.step()).isEqualTo(1);
    assertThat(saved.completed()).extracting(ActivationResult::nodeId).containsExactly("B");
    assertThat(saved.detail()).contains("node 'A' timed out after 50ms");
  }

  @Test
  @DisplayName("1b. A timed-out node that ignores its interrupt does not delay its siblings")
  void timedOutSiblingDoesNotDelayTheOthers() {
    Recorder recorder = new Recorder();
    try (Stubborn stubborn = new Stubborn()) {
      Graph<Trail> graph =
          Graph.builder(Trail::merge)
              .node("start", (s, ctx) -> NodeResult.goTo(null, "A", "B"))
              .node(
                  "A",
                  (s, ctx) -> {
                    stubborn.swallowInterrupts();
                    return NodeResult.stop(Trail.of("A"));
                  },
                  limit(50))
              .node(
                  "B",
                  (s, ctx) -> {
                    Thread.sleep(100);
                    return NodeResult.stop(Trail.of("B"));
                  },
                  NodePolicy.builder().timeout(Duration.ofSeconds(1)).build())
              .routes("start", "A", "B")
              .start("start")
              .build();
      Engine<Trail> engine =
          Engine.builder(graph).options(mode(4).build()).emitter(recorder).build();
      long t0 = System.nanoTime();

      assertThatThrownBy(() -> engine.run("siblings", Trail.of()))
          .isInstanceOf(NodeTimeoutException.class)
          .hasMessageStartingWith("node 'A' timed out after 50ms");

      assertThat(stubborn.running())
          .as("A still runs when the run has already failed")
          .isEqualTo(1);
      assertThat(millisSince(t0)).isLessThan(1_000);
      long bStarted = recorder.nanosOf(EventType.NODE_STARTED, "B");
      long bDone = recorder.nanosOf(EventType.NODE_SUCCEEDED, "B");
      long aCut = recorder.nanosOf(EventType.NODE_TIMED_OUT, "A");
      assertThat(aCut).as("A was cut before B finished").isLessThan(bDone);
      assertThat((bDone - bStarted) / MS).as("B's run time").isBetween(100L, 900L);
    }
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("2. An explicit node timeout is enforced with no budget and no default")
  void explicitNodeTimeoutWithoutBudget(int concurrency) {
    Options options = mode(concurrency).build();
    assertThat(options.runWallClockBudget()).isEmpty();
    assertThat(options.defaultNodeTimeout()).isEmpty();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "lookup",
                (s, ctx) -> {
                  Thread.sleep(5_000);
                  return NodeResult.stop(Trail.of("lookup"));
                },
                limit(40))
            .start("lookup")
            .build();
    Engine<Trail> engine = Engine.builder(graph).options(options).build();
    long t0 = System.nanoTime();

    NodeTimeoutException e =
        catchThrowableOfType(NodeTimeoutException.class, () -> engine.run("two", Trail.of()));

    assertThat(millisSince(t0)).isBetween(40L, 2_000L);
    assertThat(e.source()).isEqualTo(TimeoutSource.NODE_POLICY);
    assertThat(e.limit()).isEqualTo(Duration.ofMillis(40));
    assertThat(e)
        .hasMessage(
            "node 'lookup' timed out after 40ms (attempt 1 of 1, limit from NodePolicy.timeout, "
                + "run 'two', step 0); raise NodePolicy.timeout or make the node faster");
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("3. Default 300ms with C overriding 50ms: C is cut at 50ms, D at the default")
  void nodePolicyOverridesTheDefault(int concurrency) {
    Recorder recorder = new Recorder();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("start", (s, ctx) -> NodeResult.goTo(null, "C", "D"))
            .node(
                "C",
                (s, ctx) -> {
                  Thread.sleep(5_000);
                  return NodeResult.stop(Trail.of("C"));
                },
                limit(50))
            .node(
                "D",
                (s, ctx) -> {
                  Thread.sleep(5_000);
                  return NodeResult.stop(Trail.of("D"));
                })
            .routes("start", "C", "D")
            .start("start")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency).defaultNodeTimeout(Duration.ofMillis(300)).build())
            .emitter(recorder)
            .build();

    assertThatThrownBy(() -> engine.run("three", Trail.of()))
        .isInstanceOf(NodeTimeoutException.class);

    Event c = recorder.events(EventType.NODE_TIMED_OUT, "C").getFirst();
    assertThat(c.attribute("limitNanos")).isEqualTo(50 * MS);
    assertThat(c.attribute("source")).isEqualTo("NODE_POLICY");
    long cElapsed =
        recorder.nanosOf(EventType.NODE_TIMED_OUT, "C")
            - recorder.nanosOf(EventType.NODE_STARTED, "C");
    assertThat(cElapsed / MS).as("C's time from start to cut, ms").isBetween(50L, 290L);
    assertThat((Long) c.attribute("elapsedNanos") / MS).isBetween(50L, 290L);

    Event d = recorder.events(EventType.NODE_TIMED_OUT, "D").getFirst();
    assertThat(d.attribute("limitNanos")).isEqualTo(300 * MS);
    assertThat(d.attribute("source")).isEqualTo("DEFAULT");
    assertThat((Long) d.attribute("elapsedNanos") / MS).isGreaterThanOrEqualTo(300L);
    assertThat(
            recorder.events(EventType.NODE_FAILED, "D").getFirst().attribute("message").toString())
        .startsWith(
            "node 'D' timed out after 300ms (attempt 1 of 1, limit from Options.defaultNodeTimeout")
        .endsWith("raise Options.defaultNodeTimeout or make the node faster");
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("4. No limits at all: a 100ms node completes")
  void noLimitsAtAll(int concurrency) {
    Recorder recorder = new Recorder();
    List<Object> remaining = Collections.synchronizedList(new ArrayList<>());
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "work",
                (s, ctx) -> {
                  remaining.add(ctx.remaining());
                  Thread.sleep(100);
                  return NodeResult.stop(Trail.of("work"));
                })
            .start("work")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph).options(mode(concurrency).build()).emitter(recorder).build();

    assertThat(engine.run("four", Trail.of()).items()).containsExactly("work");
    assertThat(remaining).containsExactly(java.util.Optional.empty());
    assertThat(recorder.events(EventType.NODE_TIMED_OUT)).isEmpty();
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}, {1}")
  @CsvSource({"0, busy loop", "4, busy loop", "0, swallowed interrupts", "4, swallowed interrupts"})
  @DisplayName(
      "5. A node ignoring interruption is cut at its limit; the run goes on; NODE_ABANDONED follows")
  void nodeIgnoringInterruptionIsCutAndAbandoned(int concurrency, String kind) throws Exception {
    Recorder recorder = new Recorder();
    try (Stubborn stubborn = new Stubborn()) {
      Graph<Trail> graph =
          Graph.builder(Trail::merge)
              .node(
                  "stubborn",
                  (s, ctx) -> {
                    if (ctx.attempt() == 1) {
                      if (kind.equals("busy loop")) {
                        stubborn.busyLoop();
                      } else {
                        stubborn.swallowInterrupts();
                      }
                      return NodeResult.next(Trail.of("stubborn-1"));
                    }
                    return NodeResult.next(Trail.of("stubborn-" + ctx.attempt()));
                  },
                  NodePolicy.builder()
                      .timeout(Duration.ofMillis(50))
                      .retry(
                          RetryPolicy.builder()
                              .maxAttempts(2)
                              .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                              .build())
                      .build())
              .node("after", (s, ctx) -> NodeResult.stop(Trail.of("after")))
              .edge("stubborn", "after")
              .start("stubborn")
              .build();
      Engine<Trail> engine =
          Engine.builder(graph)
              .options(mode(concurrency).build())
              .emitter(recorder)
              .metrics(recorder)
              .build();
      long t0 = System.nanoTime();

      Trail result = engine.run("five", Trail.of());

      assertThat(stubborn.running())
          .as("attempt 1 still runs after the run completed")
          .isEqualTo(1);
      assertThat(millisSince(t0)).isLessThan(2_000);
      assertThat(result.items()).containsExactly("stubborn-2", "after");
      assertThat(recorder.events(EventType.NODE_TIMED_OUT))
          .extracting(Event::attempt)
          .containsExactly(1);
      List<Event> abandoned = recorder.await(EventType.NODE_ABANDONED, 1, Duration.ofSeconds(10));
      assertThat(abandoned)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.nodeId()).isEqualTo("stubborn");
                assertThat(a.attempt()).isEqualTo(1);
              });
      assertThat(recorder.abandoned("stubborn")).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("5b. A run whose only node ignores interruption fails at the limit without waiting")
  void runFailsWithoutWaitingForAStubbornNode(int concurrency) throws Exception {
    Recorder recorder = new Recorder();
    try (Stubborn stubborn = new Stubborn()) {
      Graph<Trail> graph =
          Graph.builder(Trail::merge)
              .node(
                  "stubborn",
                  (s, ctx) -> {
                    stubborn.swallowInterrupts();
                    return NodeResult.stop(Trail.of("stubborn"));
                  },
                  limit(50))
              .start("stubborn")
              .build();
      Engine<Trail> engine =
          Engine.builder(graph)
              .options(mode(concurrency).build())
              .emitter(recorder)
              .metrics(recorder)
              .build();
      long t0 = System.nanoTime();

      assertThatThrownBy(() -> engine.run("five-b", Trail.of()))
          .isInstanceOf(NodeTimeoutException.class);

      assertThat(millisSince(t0)).isBetween(50L, 2_000L);
      assertThat(stubborn.running()).isEqualTo(1);
      assertThat(recorder.await(EventType.NODE_ABANDONED, 1, Duration.ofSeconds(10))).hasSize(1);
      assertThat(recorder.abandoned("stubborn")).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("6. Attempt 1 times out, attempt 2 succeeds; only attempt 2's delta is merged")
  void timeoutThenRetry(int concurrency) {
    Recorder recorder = new Recorder();
    AtomicBoolean firstStarted = new AtomicBoolean();
    CountDownLatch firstReturning = new CountDownLatch(1);
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node("start", (s, ctx) -> NodeResult.goTo(null, "flaky", "sibling"))
            .node(
                "flaky",
                (s, ctx) -> {
                  if (ctx.attempt() == 1) {
                    firstStarted.set(true);
                    Stubborn.sleepUninterruptibly(150); // finishes long after its 50ms limit
                    firstReturning.countDown();
                    return NodeResult.stop(Trail.of("flaky-1"));
                  }
                  return NodeResult.stop(Trail.of("flaky-" + ctx.attempt()));
                },
                NodePolicy.builder()
                    .timeout(Duration.ofMillis(50))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                            .build())
                    .build())
            .node(
                "sibling",
                (s, ctx) -> {
                  // Keeps the step open until attempt 1's late result has arrived, so it must be
                  // discarded.
                  if (firstStarted.get() && firstReturning.await(5, TimeUnit.SECONDS)) {
                    Thread.sleep(50);
                  }
                  return NodeResult.stop(Trail.of("sibling"));
                },
                NodePolicy.builder().timeout(Duration.ofSeconds(5)).build())
            .routes("start", "flaky", "sibling")
            .start("start")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency).build())
            .emitter(recorder)
            .metrics(recorder)
            .build();

    Trail result = engine.run("six", Trail.of());

    assertThat(result.items()).containsExactlyInAnyOrder("flaky-2", "sibling");
    assertThat(recorder.events(EventType.NODE_TIMED_OUT, "flaky"))
        .extracting(Event::attempt)
        .containsExactly(1);
    assertThat(recorder.events(EventType.RETRY_SCHEDULED, "flaky"))
        .extracting(Event::attempt)
        .containsExactly(1);
    assertThat(recorder.events(EventType.NODE_SUCCEEDED, "flaky"))
        .extracting(Event::attempt)
        .containsExactly(2);
    assertThat(recorder.finished().stream().filter(f -> f.startsWith("flaky:")))
        .containsExactly("flaky:timeout", "flaky:success");
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("7. A run budget smaller than the node timeout fires as RunBudgetExceededException")
  void budgetSmallerThanNodeTimeout(int concurrency) {
    Recorder recorder = new Recorder();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "model",
                (s, ctx) -> {
                  Thread.sleep(5_000);
                  return NodeResult.stop(Trail.of("model"));
                },
                NodePolicy.builder().timeout(Duration.ofSeconds(1)).build())
            .start("model")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency).runWallClockBudget(Duration.ofMillis(100)).build())
            .emitter(recorder)
            .metrics(recorder)
            .build();
    long t0 = System.nanoTime();

    RunBudgetExceededException e =
        catchThrowableOfType(
            RunBudgetExceededException.class, () -> engine.run("seven", Trail.of()));

    assertThat(millisSince(t0)).isBetween(100L, 900L);
    assertThat(e.budget()).isEqualTo(Duration.ofMillis(100));
    assertThat(e)
        .hasMessageStartingWith(
            "run 'seven' exceeded its wall-clock budget of 100ms in step 0 at node 'model'")
        .hasMessageEndingWith("raise Options.runWallClockBudget, then resume the run");
    assertThat(e.getCause())
        .isInstanceOfSatisfying(
            NodeTimeoutException.class,
            cause -> {
              assertThat(cause.source()).isEqualTo(TimeoutSource.RUN_BUDGET);
              assertThat(cause.limit()).isLessThanOrEqualTo(Duration.ofMillis(100));
            });
    assertThat(recorder.events(EventType.NODE_TIMED_OUT))
        .singleElement()
        .satisfies(t -> assertThat(t.attribute("source")).isEqualTo("RUN_BUDGET"));
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("8. A retry backoff that would outlive the budget fails at once")
  void budgetExpiringDuringBackoff(int concurrency) {
    Recorder recorder = new Recorder();
    AtomicInteger attempts = new AtomicInteger();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "flaky",
                (s, ctx) -> {
                  attempts.incrementAndGet();
                  throw new TransientException("service unavailable");
                },
                NodePolicy.builder()
                    .timeout(Duration.ofSeconds(1))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(10)
                            .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
                            .withoutJitter()
                            .build())
                    .build())
            .start("flaky")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency).runWallClockBudget(Duration.ofMillis(600)).build())
            .emitter(recorder)
            .build();
    long t0 = System.nanoTime();

    // Attempts at 0, 100 and 300ms; the next wait (400ms) would end past the 600ms budget.
    RunBudgetExceededException e =
        catchThrowableOfType(
            RunBudgetExceededException.class, () -> engine.run("eight", Trail.of()));

    assertThat(millisSince(t0)).as("failed before the budget itself ran out").isBetween(300L, 599L);
    assertThat(attempts).hasValue(3);
    assertThat(e)
        .hasMessageContaining("the next retry of node 'flaky' would wait 400ms, past the budget");
    assertThat(e.getCause())
        .isInstanceOf(TransientException.class)
        .hasMessage("service unavailable");
    assertThat(recorder.events(EventType.RETRY_SCHEDULED)).hasSize(2);
  }

  @Test
  @DisplayName(
      "9. Precision: a 200ms limit never fires early and fires within 250ms at p50 over 50 runs")
  void precision() {
    int runs = 50;
    long limitNanos = 200 * MS;
    List<Long> elapsed = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Recorder recorder = new Recorder();
      Graph<Trail> graph =
          Graph.builder(Trail::merge)
              .node(
                  "timed",
                  (s, ctx) -> {
                    Thread.sleep(5_000);
                    return NodeResult.stop(Trail.of("timed"));
                  },
                  limit(200))
              .start("timed")
              .build();
      Engine<Trail> engine =
          Engine.builder(graph).options(mode(i % 2 == 0 ? 0 : 4).build()).emitter(recorder).build();

      String runId = "nine-" + i;
      assertThatThrownBy(() -> engine.run(runId, Trail.of()))
          .isInstanceOf(NodeTimeoutException.class);
      long caught = System.nanoTime();

      long fromStart = caught - recorder.nanosOf(EventType.NODE_STARTED, "timed");
      assertThat(fromStart)
          .as("run %d: NODE_STARTED to exception", i)
          .isGreaterThanOrEqualTo(limitNanos);
      Event timedOut = recorder.events(EventType.NODE_TIMED_OUT).getFirst();
      assertThat((Long) timedOut.attribute("elapsedNanos")).isGreaterThanOrEqualTo(limitNanos);
      elapsed.add(fromStart);
    }
    Collections.sort(elapsed);
    long p50 = elapsed.get(runs / 2);
    assertThat(p50 / 1e6).as("p50 of NODE_STARTED to exception, ms").isLessThanOrEqualTo(250.0);
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("ctx.remaining() reflects the attempt's limit, capped by the budget")
  void remainingReflectsTheLimit(int concurrency) {
    List<Duration> seen = Collections.synchronizedList(new ArrayList<>());
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "a",
                (s, ctx) -> {
                  seen.add(ctx.remaining().orElseThrow());
                  return NodeResult.next(Trail.of("a"));
                },
                limit(300))
            .node(
                "b",
                (s, ctx) -> {
                  seen.add(ctx.remaining().orElseThrow());
                  return NodeResult.stop(Trail.of("b"));
                },
                NodePolicy.builder().timeout(Duration.ofHours(1)).build())
            .edge("a", "b")
            .start("a")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency).runWallClockBudget(Duration.ofSeconds(30)).build())
            .build();

    engine.run("remaining", Trail.of());

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0))
        .isLessThanOrEqualTo(Duration.ofMillis(300))
        .isGreaterThan(Duration.ofMillis(100));
    assertThat(seen.get(1))
        .as("capped by the budget")
        .isLessThanOrEqualTo(Duration.ofSeconds(30))
        .isGreaterThan(Duration.ofSeconds(29));
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  @DisplayName("Every attempt gets its own limit; exhausted retries keep each timeout")
  void eachAttemptGetsItsOwnLimit(int concurrency) {
    Recorder recorder = new Recorder();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "lookup",
                (s, ctx) -> {
                  Thread.sleep(5_000);
                  return NodeResult.stop(Trail.of("lookup"));
                },
                NodePolicy.builder()
                    .timeout(Duration.ofMillis(10))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofMillis(50), Duration.ofMillis(50))
                            .withoutJitter()
                            .build())
                    .build())
            .start("lookup")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency).build())
            .emitter(recorder)
            .metrics(recorder)
            .build();
    long t0 = System.nanoTime();

    var e =
        catchThrowableOfType(
            dev.weft.RetriesExhaustedException.class, () -> engine.run("attempts", Trail.of()));

    // Three 10ms attempts and two 50ms waits: the waits do not count against an attempt's limit.
    assertThat(millisSince(t0)).isGreaterThanOrEqualTo(130L);
    assertThat(e.failures())
        .hasSize(3)
        .allSatisfy(f -> assertThat(f).isInstanceOf(NodeTimeoutException.class));
    assertThat(e.failures().getFirst())
        .hasMessage(
            "node 'lookup' timed out after 10ms (attempt 1 of 3, limit from "
                + "NodePolicy.timeout, run 'attempts', step 0); raise NodePolicy.timeout or make the node faster");
    assertThat(e.failures().getLast())
        .hasMessageStartingWith("node 'lookup' timed out after 10ms (attempt 3 of 3,");
    assertThat(recorder.events(EventType.NODE_TIMED_OUT))
        .extracting(Event::attempt)
        .containsExactly(1, 2, 3);
    assertThat(recorder.timedOut("lookup")).isEqualTo(3);
    assertThat(recorder.finished())
        .containsExactly("lookup:timeout", "lookup:timeout", "lookup:timeout");
  }
}
