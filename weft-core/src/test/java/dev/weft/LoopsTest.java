package dev.weft;

import static dev.weft.support.Nodes.markAndStop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Nodes.Calls;
import dev.weft.support.Trail;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loops bounded by the state, and {@link Options#maxSteps()} for loops that are not. */
class LoopsTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
  private final Calls calls = new Calls();

  /** tick repeats while fewer than {@code rounds} ticks are in the state, then goes to done. */
  private Graph<Trail> counterLoop(int rounds) {
    return Graph.builder(Trail::merge)
        .node("tick", calls.counting((s, ctx) -> NodeResult.next(Trail.of("tick"))))
        .node("done", markAndStop())
        .edge("tick", "tick", s -> s.count("tick") < rounds)
        .edge("tick", "done", s -> true)
        .start("tick")
        .build();
  }

  private Engine<Trail> engine(Graph<Trail> g, int concurrency, int maxSteps) {
    return Engine.builder(g)
        .options(Options.builder().maxConcurrentNodes(concurrency).maxSteps(maxSteps).build())
        .store(store)
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aLoopBoundedByACounterInTheStateEnds(int concurrency) {
    RunResult<Trail> r = engine(counterLoop(5), concurrency, 100).runForResult("r", Trail.of());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.state().items()).containsExactly("tick", "tick", "tick", "tick", "tick", "done@5");
    assertThat(calls.of("tick")).isEqualTo(5);
    assertThat(r.stats().steps()).isEqualTo(6);
    assertThat(store.history("r"))
        .extracting(Checkpoint::step)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aGoToSelfLoopEnds(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node(
                "again",
                (s, ctx) ->
                    s.count("again") < 2
                        ? NodeResult.goTo(Trail.of("again"), "again")
                        : NodeResult.stop(Trail.of("again")))
            .routes("again", "again")
            .start("again")
            .build();

    assertThat(engine(g, concurrency, 10).run("r", Trail.of()).items())
        .containsExactly("again", "again", "again");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anEndlessLoopFailsAtMaxStepsWithEveryStepCommitted(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("spin", calls.counting((s, ctx) -> NodeResult.next(Trail.of("spin"))))
            .edge("spin", "spin")
            .start("spin")
            .build();

    MaxStepsExceededException e =
        catchThrowableOfType(
            MaxStepsExceededException.class, () -> engine(g, concurrency, 7).run("r", Trail.of()));

    assertThat(e.maxSteps()).isEqualTo(7);
    assertThat(e.runId()).isEqualTo("r");
    assertThat(e)
        .hasMessageContaining("Options.maxSteps (7)")
        .hasMessageContaining("run 'r'")
        .hasMessageContaining("spin");
    assertThat(calls.of("spin")).isEqualTo(7);
    Checkpoint<Trail> last = store.load("r").orElseThrow();
    assertThat(last.status()).isEqualTo(RunStatus.FAILED);
    assertThat(last.step()).isEqualTo(7);
    assertThat(last.state().items()).hasSize(7);
    assertThat(last.frontier()).extracting(Activation::nodeId).containsExactly("spin");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aRunStoppedByMaxStepsResumesWithALargerLimitToTheSameEnd(int concurrency) {
    Graph<Trail> g = counterLoop(8);
    assertThatThrownBy(() -> engine(g, concurrency, 3).run("r", Trail.of()))
        .isInstanceOf(MaxStepsExceededException.class);
    Trail uninterrupted = Engine.builder(g).build().run("r", Trail.of());

    Trail resumed = engine(g, concurrency, 100).resume("r");

    assertThat(resumed).isEqualTo(uninterrupted);
    assertThat(calls.of("tick"))
        .isEqualTo(8 + 8); // 8 in the stopped-and-resumed run, 8 uninterrupted
  }
}
