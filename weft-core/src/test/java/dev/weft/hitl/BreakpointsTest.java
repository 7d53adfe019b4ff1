package dev.weft.hitl;

import static dev.weft.support.Nodes.mark;
import static dev.weft.support.Nodes.markAndStop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.GraphValidationException;
import dev.weft.Options;
import dev.weft.RunOptions;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.emit.BufferedEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Nodes.Calls;
import dev.weft.support.Trail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance 2: interruptBefore/After pause at a node; resume continues exactly there. */
class BreakpointsTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
  private final BufferedEmitter events = new BufferedEmitter(10_000);
  private final Calls calls = new Calls();

  private Graph.Builder<Trail> chain() {
    return Graph.builder(Trail::merge)
        .node("draft", calls.counting(mark()))
        .node("publish", calls.counting(mark()))
        .node("notify", calls.counting(markAndStop()))
        .edge("draft", "publish")
        .edge("publish", "notify")
        .start("draft");
  }

  private Engine<Trail> engine(Graph<Trail> g, int concurrency) {
    return Engine.builder(g)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .emitter(events)
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void interruptBeforePausesBeforeTheNodeAndResumeRunsItOnce(int concurrency) {
    Engine<Trail> engine = engine(chain().interruptBefore("publish").build(), concurrency);

    RunResult<Trail> paused = engine.runForResult("r", Trail.of());

    assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(paused.pauseReason()).contains("breakpoint: before 'publish'");
    assertThat(calls.of("publish")).isZero();
    assertThat(engine.state("r").next()).containsExactly("publish");
    assertThat(events.byType(EventType.RUN_PAUSED))
        .singleElement()
        .satisfies(
            e -> assertThat(e.attribute("reason")).isEqualTo("breakpoint: before 'publish'"));

    RunResult<Trail> done = engine.resumeForResult("r");

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.state().items()).containsExactly("draft@0", "publish@1", "notify@2");
    assertThat(calls.of("draft")).isEqualTo(1);
    assertThat(calls.of("publish")).isEqualTo(1);
    assertThat(calls.of("notify")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void interruptAfterPausesOnceTheNodeRanAndResumeDoesNotRunItAgain(int concurrency) {
    Engine<Trail> engine = engine(chain().interruptAfter("publish").build(), concurrency);

    RunResult<Trail> paused = engine.runForResult("r", Trail.of());

    assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(paused.pauseReason()).contains("breakpoint: after 'publish'");
    assertThat(paused.state().items()).containsExactly("draft@0", "publish@1");
    assertThat(calls.of("publish")).isEqualTo(1);
    assertThat(calls.of("notify")).isZero();

    RunResult<Trail> done = engine.resumeForResult("r");

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.state().items()).containsExactly("draft@0", "publish@1", "notify@2");
    assertThat(calls.of("publish")).isEqualTo(1);
    assertThat(calls.of("notify")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aBreakpointBeforeTheStartNodePausesBeforeAnythingRuns(int concurrency) {
    Engine<Trail> engine = engine(chain().interruptBefore("draft").build(), concurrency);

    RunResult<Trail> paused = engine.runForResult("r", Trail.of());

    assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(paused.pauseReason()).contains("breakpoint: before 'draft'");
    assertThat(calls.of("draft")).isZero();
    assertThat(store.load("r").orElseThrow().step()).isZero();
    assertThat(engine.resume("r").items()).containsExactly("draft@0", "publish@1", "notify@2");
    assertThat(calls.of("draft")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void runOptionsReplaceTheGraphsBreakpointsForOneCall(int concurrency) {
    Engine<Trail> engine = engine(chain().interruptBefore("publish").build(), concurrency);
    RunOptions atNotify = RunOptions.builder().interruptBefore("notify").build();

    RunResult<Trail> paused = engine.runForResult("r", Trail.of(), atNotify);

    assertThat(paused.pauseReason()).contains("breakpoint: before 'notify'");
    assertThat(paused.state().items()).containsExactly("draft@0", "publish@1");

    RunOptions none = RunOptions.builder().interruptBefore().build();
    RunResult<Trail> other = engine.runForResult("r2", Trail.of(), none);
    assertThat(other.status()).isEqualTo(RunStatus.COMPLETED);

    RunOptions afterDraft = RunOptions.builder().interruptAfter("draft").build();
    RunResult<Trail> third = engine.runForResult("r3", Trail.of(), afterDraft);
    assertThat(third.pauseReason()).contains("breakpoint: after 'draft'");
    // The graph's before-breakpoint at publish fell on the same commit: that one pause serves both.
    assertThat(engine.resumeForResult("r3", afterDraft).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(calls.of("publish")).isEqualTo(3); // once in each of r, r2 and r3
  }

  @Test
  void breakpointsNamingUnknownNodesAreGraphValidationProblems() {
    assertThatThrownBy(() -> chain().interruptBefore("publsh").interruptAfter("nope").build())
        .isInstanceOf(GraphValidationException.class)
        .hasMessageContaining("interruptBefore(...) names unknown node 'publsh'")
        .hasMessageContaining("interruptAfter(...) names unknown node 'nope'");
  }

  @Test
  void runOptionsNamingUnknownNodesAreAClearError() {
    Engine<Trail> engine = engine(chain().build(), 0);
    RunOptions typo = RunOptions.builder().interruptAfter("publsh").build();

    assertThatThrownBy(() -> engine.runForResult("r", Trail.of(), typo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RunOptions.interruptAfter names unknown node 'publsh'")
        .hasMessageContaining("[draft, publish, notify]");
    assertThat(store.load("r")).isEmpty();
  }
}
