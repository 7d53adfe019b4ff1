package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.RunAlreadyExistsException;
import dev.weft.RunStatus;
import dev.weft.StepAlreadyCommittedException;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory store's write rules and catalogue (weft-jdbc runs the full store contract). */
class InMemoryCatalogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private Instant now = T0;
  private final InMemoryCheckpointStore<String> store =
      new InMemoryCheckpointStore<>(
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          });

  private static Checkpoint<String> cp(String run, long step, RunStatus status) {
    return new Checkpoint<>(run, step, "s" + step, List.of(), List.of(), Map.of(), status, "");
  }

  @Test
  void createIsIfAbsentAndCommitsMoveForwardOnly() {
    store.create(cp("r", 0, RunStatus.RUNNING));
    assertThatThrownBy(() -> store.create(cp("r", 0, RunStatus.RUNNING)))
        .isInstanceOf(RunAlreadyExistsException.class);
    store.commit(cp("r", 1, RunStatus.RUNNING));
    assertThatThrownBy(() -> store.commit(cp("r", 1, RunStatus.RUNNING)))
        .isInstanceOf(StepAlreadyCommittedException.class)
        .hasMessageContaining("step 1 is already committed");
    assertThatThrownBy(() -> store.save(cp("r", 0, RunStatus.FAILED)))
        .isInstanceOf(StepAlreadyCommittedException.class);
    assertThatThrownBy(() -> store.save(cp("r", 2, RunStatus.FAILED)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("commit()");
    assertThatThrownBy(() -> store.commit(cp("nope", 1, RunStatus.RUNNING)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not exist");
    store.save(cp("r", 1, RunStatus.FAILED));
    assertThat(store.load("r").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(store.history("r")).extracting(Checkpoint::step).containsExactly(0L, 1L);
  }

  @Test
  void listsFiltersPagesAndRetains() {
    for (int i = 0; i < 5; i++) {
      now = T0.plus(Duration.ofHours(i));
      store.create(cp("r" + i, 0, RunStatus.RUNNING));
      store.commit(cp("r" + i, 1, i % 2 == 0 ? RunStatus.COMPLETED : RunStatus.FAILED));
    }
    assertThat(store.runs(RunQuery.all()))
        .extracting(RunSummary::runId)
        .containsExactly("r4", "r3", "r2", "r1", "r0");
    RunQuery firstTwo = RunQuery.builder().limit(2).build();
    assertThat(store.runs(firstTwo.nextPage()))
        .extracting(RunSummary::runId)
        .containsExactly("r2", "r1");
    assertThat(store.runs(RunQuery.builder().status(RunStatus.FAILED).build()))
        .extracting(RunSummary::runId)
        .containsExactly("r3", "r1");
    assertThat(
            store.runs(
                RunQuery.builder()
                    .createdFrom(T0.plusSeconds(3600))
                    .createdBefore(T0.plusSeconds(3 * 3600))
                    .build()))
        .extracting(RunSummary::runId)
        .containsExactly("r2", "r1");
    assertThat(store.steps("r3")).extracting(StepSummary::step).containsExactly(0L, 1L);

    long deleted =
        store.deleteRuns(
            RunQuery.builder()
                .status(RunStatus.COMPLETED)
                .updatedBefore(T0.plusSeconds(3 * 3600))
                .build());
    assertThat(deleted).isEqualTo(2); // r0, r2; r4 is too new, r1 and r3 failed
    assertThat(store.runIds()).containsExactlyInAnyOrder("r1", "r3", "r4");

    assertThat(store.pruneHistory("r4", 1)).isEqualTo(1);
    assertThat(store.history("r4")).extracting(Checkpoint::step).containsExactly(1L);
    assertThat(store.load("r4").orElseThrow().state()).isEqualTo("s1");
    assertThat(store.deleteRun("r4")).isTrue();
    assertThat(store.deleteRun("r4")).isFalse();
  }
}
