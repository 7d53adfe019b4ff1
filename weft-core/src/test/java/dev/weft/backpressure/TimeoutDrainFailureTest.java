package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.BackpressureTimeoutException;
import dev.weft.Engine;
import dev.weft.NodeFailedException;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RunStatus;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After a backpressure timeout the running attempts are drained; one that fails then must not be
 * lost behind the timeout.
 */
class TimeoutDrainFailureTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void failuresWhileDrainingAreAttachedToTheTimeout() {
    FanOut fan = new FanOut(6);
    AtomicBoolean broken = new AtomicBoolean(true);
    InMemoryCheckpointStore<Tally> store = new InMemoryCheckpointStore<>();
    Engine<Tally> engine =
        Engine.builder(
                fan.graph(
                    i -> {
                      if (broken.get()) {
                        Thread.sleep(200);
                        throw new PermanentException("input " + i + " rejected");
                      }
                    }))
            .options(
                Options.builder()
                    .maxConcurrentNodes(2)
                    .queueDepth(2)
                    .backpressureTimeout(Duration.ofMillis(50))
                    .build())
            .store(store)
            .build();

    BackpressureTimeoutException e =
        catchThrowableOfType(
            BackpressureTimeoutException.class, () -> engine.run("bp-drain", Tally.of()));

    assertThat(e.getSuppressed())
        .hasSize(2)
        .allSatisfy(
            s ->
                assertThat(s)
                    .isInstanceOf(NodeFailedException.class)
                    .hasRootCauseInstanceOf(PermanentException.class));
    Checkpoint<Tally> saved = store.load("bp-drain").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.frontier()).hasSize(6);
    assertThat(saved.completed()).isEmpty();

    broken.set(false); // fixed: resume runs the failed activations again, with the rest
    assertThat(engine.resume("bp-drain").items()).hasSize(7);
  }
}
