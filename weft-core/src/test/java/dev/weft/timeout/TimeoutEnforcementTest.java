package dev.weft.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.NodeTimeoutException;
import dev.weft.Options;
import dev.weft.RunBudgetExceededException;
import dev.weft.TimeoutSource;
import dev.weft.spi.TimeSource;
import dev.weft.support.Trail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the engine enforces limits beyond the acceptance list: clocks, late results, leaks, events.
 */
class TimeoutEnforcementTest {
  private static NodePolicy limit(long millis) {
    return NodePolicy.builder().timeout(Duration.ofMillis(millis)).build();
  }

  private static Options mode(int concurrency) {
    return Options.builder().maxConcurrentNodes(concurrency).build();
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aSlowEmitterDoesNotEatTheAttemptsLimit(int concurrency) {
    // The limit covers the node, not the time the engine spends announcing it.
    Emitter slow =
        event -> {
          if (event.type() == EventType.NODE_STARTED) {
            Stubborn.sleepUninterruptibly(300);
          }
        };
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "n",
                (s, ctx) -> {
                  Thread.sleep(100);
                  return NodeResult.stop(Trail.of("n"));
                },
                limit(400))
            .start("n")
            .build();
    Engine<Trail> engine = Engine.builder(graph).options(mode(concurrency)).emitter(slow).build();

    assertThat(engine.run("slow-emitter", Trail.of()).items()).containsExactly("n");
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void aResultProducedAfterTheDeadlineIsDiscardedEvenWhenTheCoordinatorWakesLate(int concurrency) {
    // The coordinator oversleeps (as under CPU starvation) and finds the node's result waiting;
    // the result was produced past the limit, so the attempt still times out.
    Recorder recorder = new Recorder();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "n",
                (s, ctx) -> {
                  Stubborn.sleepUninterruptibly(100);
                  return NodeResult.stop(Trail.of("late"));
                },
                limit(50))
            .start("n")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency))
            .emitter(recorder)
            .metrics(recorder)
            .timeSource(new Oversleeping(Duration.ofMillis(250)))
            .build();

    assertThatThrownBy(() -> engine.run("late", Trail.of()))
        .isInstanceOf(NodeTimeoutException.class)
        .hasMessageContaining("node 'n' timed out after 50ms");
    assertThat(recorder.events(EventType.NODE_SUCCEEDED)).isEmpty();
    assertThat(recorder.events(EventType.NODE_TIMED_OUT, "n")).hasSize(1);
    assertThat(recorder.finished()).containsExactly("n:timeout");
  }

  @Test
  void attemptsStoppedByTheRunBudgetAreWatchedForAbandonmentToo() throws Exception {
    Recorder recorder = new Recorder();
    try (Stubborn stubborn = new Stubborn()) {
      Graph<Trail> graph =
          Graph.builder(Trail::merge)
              .node("start", (s, ctx) -> NodeResult.goTo(null, "x", "y"))
              .node(
                  "x",
                  (s, ctx) -> {
                    stubborn.swallowInterrupts();
                    return NodeResult.stop(Trail.of("x"));
                  })
              .node(
                  "y",
                  (s, ctx) -> {
                    stubborn.swallowInterrupts();
                    return NodeResult.stop(Trail.of("y"));
                  })
              .routes("start", "x", "y")
              .start("start")
              .build();
      Engine<Trail> engine =
          Engine.builder(graph)
              .options(
                  Options.builder()
                      .maxConcurrentNodes(4)
                      .runWallClockBudget(Duration.ofMillis(100))
                      .build())
              .emitter(recorder)
              .metrics(recorder)
              .build();

      assertThatThrownBy(() -> engine.run("budget-leak", Trail.of()))
          .isInstanceOf(RunBudgetExceededException.class);

      List<Event> abandoned = recorder.await(EventType.NODE_ABANDONED, 2, Duration.ofSeconds(10));
      assertThat(abandoned).extracting(Event::nodeId).containsExactlyInAnyOrder("x", "y");
      assertThat(recorder.abandoned("x") + recorder.abandoned("y")).isEqualTo(2);
    }
  }

  @Test
  void attemptsStoppedByACancelAreWatchedForAbandonmentToo() throws Exception {
    Recorder recorder = new Recorder();
    CountDownLatch started = new CountDownLatch(1);
    try (Stubborn stubborn = new Stubborn()) {
      Graph<Trail> graph =
          Graph.builder(Trail::merge)
              .node(
                  "n",
                  (s, ctx) -> {
                    started.countDown();
                    stubborn.swallowInterrupts();
                    return NodeResult.stop(Trail.of("n"));
                  })
              .start("n")
              .build();
      Engine<Trail> engine =
          Engine.builder(graph).options(mode(4)).emitter(recorder).metrics(recorder).build();
      CompletableFuture<Trail> run = engine.runAsync("cancelled", Trail.of());
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      run.cancel(true);

      assertThatThrownBy(run::join).isInstanceOf(CancellationException.class);
      assertThat(recorder.await(EventType.NODE_ABANDONED, 1, Duration.ofSeconds(10))).hasSize(1);
      assertThat(recorder.abandoned("n")).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "maxConcurrentNodes={0}")
  @ValueSource(ints = {0, 4})
  void theTimedOutEventCarriesLimitSourceAndElapsedTime(int concurrency) {
    Recorder recorder = new Recorder();
    Graph<Trail> graph =
        Graph.builder(Trail::merge)
            .node(
                "n",
                (s, ctx) -> {
                  Thread.sleep(5_000);
                  return NodeResult.stop(Trail.of("n"));
                },
                limit(30))
            .start("n")
            .build();
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(mode(concurrency))
            .emitter(recorder)
            .metrics(recorder)
            .build();

    assertThatThrownBy(() -> engine.run("event", Trail.of()))
        .isInstanceOf(NodeTimeoutException.class);

    Event timedOut = recorder.events(EventType.NODE_TIMED_OUT, "n").getFirst();
    assertThat(timedOut.attempt()).isEqualTo(1);
    assertThat(timedOut.attribute("limitNanos")).isEqualTo(Duration.ofMillis(30).toNanos());
    assertThat(timedOut.attribute("source")).isEqualTo(TimeoutSource.NODE_POLICY.name());
    assertThat((Long) timedOut.attribute("elapsedNanos"))
        .isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos())
        .isLessThan(Duration.ofSeconds(2).toNanos());
  }

  /**
   * Real time, but every timed wait lasts {@code extra} longer than asked: a starved coordinator.
   */
  private record Oversleeping(Duration extra) implements TimeSource {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public <T> T awaitNext(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException {
      if (timeoutNanos == Long.MAX_VALUE) {
        return queue.take();
      }
      TimeUnit.NANOSECONDS.sleep(timeoutNanos + extra.toNanos());
      return queue.poll();
    }
  }
}
