package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.BackpressureTimeoutException;
import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.Options;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance 3: a wait longer than {@code backpressureTimeout} checkpoints the whole frontier,
 * emits {@code BACKPRESSURE_TIMEOUT} and throws; resume finishes the run as if it never stopped.
 */
class BackpressureTimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMillis(50);

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void timeoutCheckpointsTheFrontierAndResumeRunsEachActivationOnce() {
    FanOut fan = new FanOut(8);
    AtomicBoolean slow = new AtomicBoolean(true);
    AtomicLong lastFinish = new AtomicLong();
    Graph<Tally> graph =
        fan.graph(
            i -> {
              if (slow.get()) {
                Thread.sleep(
                    300); // far longer than the timeout: the coordinator cannot admit anything
                lastFinish.accumulateAndGet(System.nanoTime(), Math::max);
              }
            });
    InMemoryCheckpointStore<Tally> store = new InMemoryCheckpointStore<>();
    TimedEmitter events = new TimedEmitter();
    Engine<Tally> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(2)
                    .queueDepth(2)
                    .backpressureTimeout(TIMEOUT)
                    .build())
            .store(store)
            .emitter(events)
            .build();

    BackpressureTimeoutException e =
        catchThrowableOfType(
            BackpressureTimeoutException.class, () -> engine.run("bp-timeout", Tally.of()));

    assertThat(e).isNotNull();
    assertThat(e.runId()).isEqualTo("bp-timeout");
    assertThat(e.step()).isEqualTo(1);
    assertThat(e.nodeId()).isEqualTo("work");
    assertThat(e.waited()).isGreaterThanOrEqualTo(TIMEOUT);

    List<TimedEmitter.Received> timeouts = events.ofType(EventType.BACKPRESSURE_TIMEOUT);
    assertThat(timeouts).hasSize(1);
    TimedEmitter.Received timeout = timeouts.getFirst();
    assertThat(timeout.event().nodeId()).isEqualTo("work");
    assertThat(timeout.event().step()).isEqualTo(1);
    assertThat(timeout.attribute("depth")).isEqualTo(2);
    assertThat(timeout.attribute("capacity")).isEqualTo(2);
    assertThat((Long) timeout.attribute("waitNanos")).isGreaterThanOrEqualTo(TIMEOUT.toNanos());
    // Emitted when the wait timed out, not after the running attempts were drained.
    assertThat(timeout.nanos()).isLessThan(lastFinish.get());

    // The two running attempts finished and were kept; the checkpoint holds all 8 activations.
    Checkpoint<Tally> saved = store.load("bp-timeout").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.detail()).isEqualTo(e.getMessage());
    assertThat(saved.step()).isEqualTo(1);
    assertThat(saved.frontier()).extracting(Activation::nodeId).containsOnly("work").hasSize(8);
    assertThat(saved.frontier())
        .extracting(a -> a.branchInput().first())
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 8).boxed().toList());
    assertThat(saved.completed()).hasSize(2);
    assertThat(saved.completed())
        .extracting(r -> r.delta().first() / 10)
        .containsExactlyInAnyOrderElementsOf(fan.branchRuns.keySet());
    assertThat(events.ofType(EventType.CHECKPOINT_SAVED).getLast().attribute("status"))
        .isEqualTo("FAILED");
    assertThat(events.ofType(EventType.RUN_FAILED)).hasSize(1);

    slow.set(false); // workers are free again
    RunResult<Tally> resumed = engine.resumeForResult("bp-timeout");

    assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(resumed.stats().attempts()).as("6 remaining work activations and done").isEqualTo(7);
    assertThat(resumed.state()).isEqualTo(uninterruptedRun("bp-timeout"));
    assertThat(fan.runs("fan")).isEqualTo(1);
    assertThat(fan.runs("done")).isEqualTo(1);
    assertThat(fan.branchRuns).hasSize(8);
    assertThat(fan.branchRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(saved.completed()).extracting(ActivationResult::nodeId).containsOnly("work");
  }

  private static Tally uninterruptedRun(String runId) {
    FanOut fan = new FanOut(8);
    return Engine.builder(fan.sleeping(0))
        .options(Options.builder().maxConcurrentNodes(2).queueDepth(2).build())
        .store(new InMemoryCheckpointStore<>())
        .build()
        .run(runId, Tally.of());
  }
}
