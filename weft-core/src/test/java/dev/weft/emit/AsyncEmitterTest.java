package dev.weft.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RunStatus;
import dev.weft.support.Trail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncEmitterTest {
  private static Event event(int n) {
    return new Event(Instant.EPOCH, "r", n, "a", EventType.NODE_STARTED, 1, Map.of());
  }

  /** A delegate that blocks on its first event until released, then records everything. */
  private static final class Stuck implements Emitter {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Event> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void emit(Event e) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      delivered.add(e);
    }
  }

  @Test
  void neverBlocksOnASlowDelegateAndCountsWhatItDrops() throws Exception {
    Stuck stuck = new Stuck();
    AsyncEmitter async = new AsyncEmitter(stuck, 4);
    async.emit(event(0));
    assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (int i = 1; i <= 100; i++) {
            async.emit(event(i));
          }
        });

    assertThat(async.pending()).isEqualTo(4);
    assertThat(async.dropped()).isEqualTo(96);
    stuck.release.countDown();
    async.close(Duration.ofSeconds(10));
    assertThat(stuck.delivered).extracting(Event::step).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(async.pending()).isZero();

    async.emit(event(200)); // after close: dropped, not delivered
    assertThat(async.dropped()).isEqualTo(97);
  }

  @Test
  void countsDelegateFailuresAndKeepsDelivering() {
    List<Event> delivered = new CopyOnWriteArrayList<>();
    AsyncEmitter async =
        new AsyncEmitter(
            e -> {
              if (e.step() % 2 == 0) {
                throw new IllegalStateException("even");
              }
              delivered.add(e);
            },
            100);
    for (int i = 0; i < 10; i++) {
      async.emit(event(i));
    }

    async.close(Duration.ofSeconds(10));

    assertThat(async.failed()).isEqualTo(5);
    assertThat(delivered).extracting(Event::step).containsExactly(1L, 3L, 5L, 7L, 9L);
    assertThat(async.dropped()).isZero();
  }

  @Test
  void survivesADelegateThatThrowsAnErrorCountsItAndLogsOnce() {
    List<Event> delivered = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.LongAdder reported = new java.util.concurrent.atomic.LongAdder();
    dev.weft.spi.EngineMetrics metrics =
        new dev.weft.spi.EngineMetrics() {
          @Override
          public void eventsDropped(long count) {
            reported.add(count);
          }
        };
    List<String> logged = new CopyOnWriteArrayList<>();
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    System.Logger log =
        new System.Logger() {
          @Override
          public String getName() {
            return "test";
          }

          @Override
          public boolean isLoggable(Level level) {
            return true;
          }

          @Override
          public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable t) {
            logged.add(level + " " + msg);
            thrown.add(t);
          }

          @Override
          public void log(
              Level level, java.util.ResourceBundle bundle, String format, Object... params) {
            logged.add(level + " " + format);
          }
        };
    {
      AsyncEmitter async =
          new AsyncEmitter(
              e -> {
                if (e.step() % 3 == 0) {
                  throw new AssertionError("step " + e.step()); // an Error, not an exception
                }
                delivered.add(e);
              },
              100,
              metrics,
              log);
      for (int i = 0; i < 9; i++) {
        async.emit(event(i));
      }

      async.close(Duration.ofSeconds(10));

      assertThat(delivered).extracting(Event::step).containsExactly(1L, 2L, 4L, 5L, 7L, 8L);
      assertThat(async.failed()).isEqualTo(3);
      assertThat(reported.sum()).isEqualTo(3);
      assertThat(logged).hasSize(1);
      assertThat(thrown.get(0)).isInstanceOf(AssertionError.class);
      assertThat(logged.get(0)).contains("WARNING", "NODE_STARTED", "delivery continues");
    }
  }

  @Test
  void reportsQueueDropsToTheMetrics() throws Exception {
    java.util.concurrent.atomic.LongAdder reported = new java.util.concurrent.atomic.LongAdder();
    Stuck stuck = new Stuck();
    AsyncEmitter async =
        new AsyncEmitter(
            stuck,
            2,
            new dev.weft.spi.EngineMetrics() {
              @Override
              public void eventsDropped(long count) {
                reported.add(count);
              }
            });
    async.emit(event(0));
    assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 10; i++) {
      async.emit(event(i));
    }
    stuck.release.countDown();
    async.close(Duration.ofSeconds(10));

    assertThat(async.dropped()).isEqualTo(8);
    assertThat(reported.sum()).isEqualTo(8);
  }

  @Test
  void anEngineRunIsNotHeldUpByAStuckSink() {
    Stuck stuck = new Stuck();
    AsyncEmitter async = new AsyncEmitter(stuck, 8);
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.next(Trail.of("a")))
            .node("b", (s, ctx) -> NodeResult.stop(Trail.of("b")))
            .edge("a", "b")
            .start("a")
            .build();
    Engine<Trail> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(2).build())
            .emitter(async)
            .build();

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThat(engine.runForResult("r", Trail.of()).status())
                .isEqualTo(RunStatus.COMPLETED));

    assertThat(async.dropped()).isPositive();
    stuck.release.countDown();
    async.close(Duration.ofSeconds(10));
    assertThat(stuck.delivered.size() + async.dropped()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void refusesANonPositiveCapacity() {
    assertThatThrownBy(() -> new AsyncEmitter(e -> {}, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
