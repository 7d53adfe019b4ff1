package dev.weft.hitl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.HistoryEntry;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.RunAlreadyExistsException;
import dev.weft.RunNotFoundException;
import dev.weft.RunResult;
import dev.weft.RunState;
import dev.weft.RunStatus;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 3 and the fork half of 4: a fork from step 3 of a 10-step run reproduces the final
 * state (draws and retry delays included) without an edit and diverges with one, and the original's
 * history is unchanged.
 */
class ForkTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
  private final BufferedEmitter events = new BufferedEmitter(100_000);

  /** n0 → … → n9; each appends a draw of ctx.random(); n5 fails its first attempt (jittered). */
  private static Graph<Trail> tenSteps() {
    Graph.Builder<Trail> b = Graph.builder(Trail::merge);
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(3)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(20))
            .jitter(1.0)
            .build();
    for (int i = 0; i < 10; i++) {
      boolean flaky = i == 5;
      boolean last = i == 9;
      b.node(
          "n" + i,
          (s, ctx) -> {
            if (flaky && ctx.attempt() == 1) {
              throw new TransientException("first attempt of " + ctx.nodeId() + " fails");
            }
            Trail d = Trail.of(ctx.nodeId() + "@" + ctx.step() + ":" + ctx.random().nextInt(1000));
            return last ? NodeResult.stop(d) : NodeResult.next(d);
          },
          dev.weft.NodePolicy.builder().retry(retry).build());
      if (i > 0) {
        b.edge("n" + (i - 1), "n" + i);
      }
    }
    return b.start("n0").build();
  }

  private Engine<Trail> engine(int concurrency) {
    return Engine.builder(tenSteps())
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .emitter(events)
        .build();
  }

  private List<Object> retryDelays(String runId) {
    return events.query(runId, null, EventType.RETRY_SCHEDULED).stream()
        .map(e -> e.attribute("delayNanos"))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anUneditedForkFromStep3ReproducesTheOriginAndAnEditedOneDiverges(int concurrency) {
    Engine<Trail> engine = engine(concurrency);
    Trail origin = engine.run("origin", Trail.of());
    List<Checkpoint<Trail>> originHistory = store.history("origin");
    String originBytes = originHistory.toString();
    assertThat(originHistory).hasSize(11);

    RunResult<Trail> same = engine(concurrency).fork("origin", 3, "same");

    assertThat(same.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(same.state()).isEqualTo(origin);
    assertThat(retryDelays("same")).isEqualTo(retryDelays("origin")).hasSize(1);
    List<Checkpoint<Trail>> forkHistory = store.history("same");
    assertThat(forkHistory)
        .extracting(Checkpoint::step)
        .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    for (Checkpoint<Trail> c : forkHistory) {
      Checkpoint<Trail> o = originHistory.get((int) c.step());
      assertThat(c.state()).isEqualTo(o.state());
      assertThat(c.frontier()).isEqualTo(o.frontier());
      assertThat(c.seedRunId()).isEqualTo("origin");
      assertThat(c.origin()).contains(new Checkpoint.Origin("origin", 3));
    }
    RunState<Trail> forkState = engine.state("same");
    assertThat(forkState.forkedFrom()).contains(new RunState.StepRef("origin", 3));
    assertThat(events.query("same", null, EventType.RUN_STARTED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.attribute("originRunId")).isEqualTo("origin");
              assertThat(e.attribute("originStep")).isEqualTo(3L);
            });

    RunResult<Trail> edited = engine.fork("origin", 3, "edited", Trail.of("edit"));

    assertThat(edited.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(edited.state().items().subList(0, 4))
        .isEqualTo(
            List.of(origin.items().get(0), origin.items().get(1), origin.items().get(2), "edit"));
    assertThat(edited.state().size()).isEqualTo(origin.size() + 1);
    assertThat(edited.state()).isNotEqualTo(origin);
    // After the edit, the steps (and so the draws, seeded by step-dependent order keys) differ.
    assertThat(edited.state().items().get(4)).startsWith("n3@4:");
    List<HistoryEntry<Trail>> editedHistory = engine.history("edited");
    assertThat(editedHistory.get(0).step()).isEqualTo(3);
    assertThat(editedHistory.get(1).isInput()).isTrue();
    assertThat(editedHistory.get(1).input()).contains(Trail.of("edit"));

    // The original is untouched: same checkpoints, same text.
    assertThat(store.history("origin")).isEqualTo(originHistory);
    assertThat(store.history("origin").toString()).isEqualTo(originBytes);
    assertThat(store.load("origin").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void forkingAForkKeepsTheFirstSeed(int concurrency) {
    Engine<Trail> engine = engine(concurrency);
    Trail origin = engine.run("o", Trail.of());
    engine.fork("o", 2, "f1");

    RunResult<Trail> second = engine.fork("f1", 6, "f2");

    assertThat(second.state()).isEqualTo(origin);
    assertThat(store.load("f2").orElseThrow().seedRunId()).isEqualTo("o");
    assertThat(engine.state("f2").forkedFrom()).contains(new RunState.StepRef("f1", 6));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aForkOfTheCompletedLastStepIsStoredAsACompletedRun(int concurrency) {
    Engine<Trail> engine = engine(concurrency);
    Trail origin = engine.run("o", Trail.of());

    RunResult<Trail> fork = engine.fork("o", 10, "f");

    assertThat(fork.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(fork.state()).isEqualTo(origin);
    List<Checkpoint<Trail>> forked = store.history("f");
    assertThat(forked).hasSize(1);
    assertThat(forked.getFirst().step()).isEqualTo(10);
    assertThat(forked.getFirst().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(engine.state("f").forkedFrom()).contains(new RunState.StepRef("o", 10));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void badForksAreEachOneClearError(int concurrency) {
    Engine<Trail> engine = engine(concurrency);
    engine.run("o", Trail.of());
    String before = store.history("o").toString();

    assertThatThrownBy(() -> engine.fork("missing", 0, "x"))
        .isInstanceOf(RunNotFoundException.class)
        .hasMessageContaining("no checkpoint for run 'missing'");
    assertThatThrownBy(() -> engine.fork("o", 11, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run 'o' has no committed step 11")
        .hasMessageContaining("steps 0 to 10");
    assertThatThrownBy(() -> engine.fork("o", -1, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("atStep must be ≥ 0");
    assertThatThrownBy(() -> engine.fork("o", 3, "o"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a fork needs a new run id");
    engine.fork("o", 3, "taken");
    assertThatThrownBy(() -> engine.fork("o", 3, "taken"))
        .isInstanceOf(RunAlreadyExistsException.class);
    assertThat(store.load("x")).isEmpty();
    assertThat(store.history("o").toString()).isEqualTo(before);
  }
}
