package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.BackpressureTimeoutException;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.NodeFailedException;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RunBudgetExceededException;
import dev.weft.RunCancelledException;
import dev.weft.RunStatus;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backpressure timeout lets running attempts finish before the step ends; a harder stop arriving
 * meanwhile (a cancel, the run budget) takes precedence, and every started attempt still gets one
 * end event.
 */
class StopPrecedenceTest {
  private static final Duration BACKPRESSURE_TIMEOUT = Duration.ofMillis(50);

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aCancelWhileDrainingWinsOverTheBackpressureTimeout() throws Exception {
    CountDownLatch drainStarted = new CountDownLatch(1);
    List<Event> events = new CopyOnWriteArrayList<>();
    FanOut fan = new FanOut(6);
    InMemoryCheckpointStore<Tally> store = new InMemoryCheckpointStore<>();
    Engine<Tally> engine =
        Engine.builder(fan.graph(i -> Thread.sleep(60_000))) // ends only by interrupt
            .options(options().build())
            .store(store)
            .emitter(
                e -> {
                  events.add(e);
                  if (e.type() == EventType.BACKPRESSURE_TIMEOUT) {
                    drainStarted.countDown();
                  }
                })
            .build();

    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = runOnPlatformThread(engine, "cancel-while-draining", thrown);
    assertThat(drainStarted.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt(); // the running attempts would never finish on their own
    caller.join(Duration.ofSeconds(10));

    assertThat(thrown.get()).isInstanceOf(RunCancelledException.class);
    assertThat(store.load("cancel-while-draining").orElseThrow().status())
        .isEqualTo(RunStatus.FAILED);
    assertEveryStartHasOneEnd(events);
    assertThat(events)
        .filteredOn(e -> e.type() == EventType.NODE_CANCELLED)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.attribute("reason")).isEqualTo("cancelled"));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void theBudgetRunningOutWhileDrainingWinsOverTheBackpressureTimeout() {
    List<Event> events = new CopyOnWriteArrayList<>();
    FanOut fan = new FanOut(6);
    Engine<Tally> engine =
        Engine.builder(fan.graph(i -> Thread.sleep(60_000)))
            .options(options().runWallClockBudget(Duration.ofMillis(400)).build())
            .store(new InMemoryCheckpointStore<>())
            .emitter(events::add)
            .build();

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> engine.run("budget-while-draining", Tally.of()));

    assertThat(thrown)
        .isInstanceOf(RunBudgetExceededException.class)
        .isNotInstanceOf(BackpressureTimeoutException.class);
    assertThat(events).anyMatch(e -> e.type() == EventType.BACKPRESSURE_TIMEOUT);
    assertEveryStartHasOneEnd(events);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void everyStopCarriesTheStepsFailuresAsSuppressed() throws Exception {
    CountDownLatch secondRunning = new CountDownLatch(1);
    CountDownLatch failureSeen = new CountDownLatch(1); // NODE_FAILED comes from the coordinator
    AtomicBoolean firstFailed = new AtomicBoolean(); // branches run in order-key order
    FanOut fan = new FanOut(3);
    Engine<Tally> engine =
        Engine.builder(
                fan.graph(
                    i -> {
                      if (!firstFailed.getAndSet(true)) {
                        throw new PermanentException("the first branch is broken");
                      }
                      secondRunning.countDown();
                      Thread.sleep(60_000);
                    }))
            .options(Options.builder().maxConcurrentNodes(1).build())
            .store(new InMemoryCheckpointStore<>())
            .emitter(
                e -> {
                  if (e.type() == EventType.NODE_FAILED) {
                    failureSeen.countDown();
                  }
                })
            .build();

    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = runOnPlatformThread(engine, "cancel-after-failure", thrown);
    assertThat(secondRunning.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(failureSeen.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(Duration.ofSeconds(10));

    assertThat(thrown.get()).isInstanceOf(RunCancelledException.class);
    assertThat(thrown.get().getSuppressed())
        .singleElement()
        .isInstanceOf(NodeFailedException.class)
        .satisfies(f -> assertThat(f.getCause()).hasMessage("the first branch is broken"));
  }

  /** Runs {@code runId} on a platform thread of its own, so the test can interrupt its caller. */
  private static Thread runOnPlatformThread(
      Engine<Tally> engine, String runId, AtomicReference<Throwable> thrown) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try {
                engine.run(runId, Tally.of());
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
  }

  private static Options.Builder options() {
    return Options.builder()
        .maxConcurrentNodes(1)
        .queueDepth(1)
        .backpressureTimeout(BACKPRESSURE_TIMEOUT);
  }

  private static void assertEveryStartHasOneEnd(List<Event> events) {
    long starts = events.stream().filter(e -> e.type() == EventType.NODE_STARTED).count();
    long ends =
        events.stream()
            .filter(
                e ->
                    switch (e.type()) {
                      case NODE_SUCCEEDED, NODE_FAILED, NODE_TIMED_OUT, NODE_CANCELLED -> true;
                      default -> false;
                    })
            .filter(e -> !(e.type() == EventType.NODE_FAILED && isAfterTimeout(events, e)))
            .count();
    assertThat(ends).as("end events per NODE_STARTED").isEqualTo(starts);
  }

  /** A timed-out attempt ends with NODE_TIMED_OUT then NODE_FAILED: count the pair once. */
  private static boolean isAfterTimeout(List<Event> events, Event failed) {
    return events.stream()
        .anyMatch(
            e ->
                e.type() == EventType.NODE_TIMED_OUT
                    && e.nodeId().equals(failed.nodeId())
                    && e.attempt() == failed.attempt()
                    && e.step() == failed.step());
  }
}
