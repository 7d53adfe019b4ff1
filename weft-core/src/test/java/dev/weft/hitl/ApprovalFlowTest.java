package dev.weft.hitl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.HistoryEntry;
import dev.weft.InputRejectedException;
import dev.weft.Node;
import dev.weft.NodeFailedException;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RunNotResumableException;
import dev.weft.RunResult;
import dev.weft.RunState;
import dev.weft.RunStatus;
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 1: draft → review (pauses with "approve?") → decide → publish, or revise → review
 * again; resumed with a person's answer, each node runs once per pass, in both modes and with a new
 * engine (a restarted process) for every answer.
 */
class ApprovalFlowTest {
  private final InMemoryCheckpointStore<Doc> store = new InMemoryCheckpointStore<>();
  private final BufferedEmitter events = new BufferedEmitter(10_000);
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  private Node<Doc> counted(Node<Doc> node) {
    return (s, ctx) -> {
      calls.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
      return node.apply(s, ctx);
    };
  }

  private int calls(String node) {
    AtomicInteger n = calls.get(node);
    return n == null ? 0 : n.get();
  }

  private Graph<Doc> approvalFlow() {
    return Graph.builder(Doc::merge)
        .node("draft", counted((s, ctx) -> NodeResult.next(Doc.note("draft"))))
        .node(
            "review",
            counted(
                (s, ctx) -> NodeResult.interrupt(Doc.note("review r" + s.revision()), "approve?")))
        .node("decide", counted((s, ctx) -> NodeResult.next(Doc.note("decide " + s.approved()))))
        .node(
            "revise",
            counted(
                (s, ctx) ->
                    NodeResult.next(
                        new Doc(
                            s.revision() + 1,
                            null,
                            null,
                            false,
                            List.of("revise: " + s.comment())))))
        .node(
            "publish",
            counted((s, ctx) -> NodeResult.stop(new Doc(0, null, null, true, List.of("publish")))))
        .edge("draft", "review")
        .edge("review", "decide")
        .edge("decide", "publish", d -> Boolean.TRUE.equals(d.approved()))
        .edge("decide", "revise", d -> Boolean.FALSE.equals(d.approved()))
        .edge("revise", "review")
        .start("draft")
        .build();
  }

  /** A new engine over the same store each time: what a restarted process would build. */
  private Engine<Doc> engine(int concurrency) {
    return Engine.builder(approvalFlow())
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .emitter(events)
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anApprovalPublishesARejectionRevisesAndAsksAgain(int concurrency) {
    RunResult<Doc> first = engine(concurrency).runForResult("doc-1", Doc.empty());

    assertThat(first.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(first.pauseReason()).contains("approve?");
    RunState<Doc> waiting = engine(concurrency).state("doc-1");
    assertThat(waiting.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(waiting.pauseReason()).contains("approve?");
    assertThat(waiting.next()).containsExactly("decide");
    assertThat(waiting.state().log()).containsExactly("draft", "review r0");

    RunResult<Doc> second =
        engine(concurrency)
            .resumeForResult(
                "doc-1", Doc.answer(false, "shorter"), "alice", dev.weft.RunOptions.defaults());

    assertThat(second.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(second.state().revision()).isEqualTo(1);
    assertThat(second.state().log())
        .containsExactly("draft", "review r0", "decide false", "revise: shorter", "review r1");
    assertThat(calls("draft")).isEqualTo(1);
    assertThat(calls("review")).isEqualTo(2);
    assertThat(calls("decide")).isEqualTo(1);
    assertThat(calls("revise")).isEqualTo(1);
    assertThat(calls("publish")).isZero();

    Doc done = engine(concurrency).resume("doc-1", Doc.answer(true, null), "bob");

    assertThat(done.published()).isTrue();
    assertThat(done.log())
        .containsExactly(
            "draft",
            "review r0",
            "decide false",
            "revise: shorter",
            "review r1",
            "decide true",
            "publish");
    assertThat(calls("draft")).isEqualTo(1);
    assertThat(calls("review")).isEqualTo(2);
    assertThat(calls("decide")).isEqualTo(2);
    assertThat(calls("revise")).isEqualTo(1);
    assertThat(calls("publish")).isEqualTo(1);
    assertThat(engine(concurrency).state("doc-1").status()).isEqualTo(RunStatus.COMPLETED);

    // Each answer is its own step of the history, marked as input, with its label.
    List<HistoryEntry<Doc>> history = engine(concurrency).history("doc-1");
    assertThat(history)
        .extracting(HistoryEntry::step)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(history)
        .filteredOn(HistoryEntry::isInput)
        .extracting(HistoryEntry::step, HistoryEntry::inputLabel)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, "alice"),
            org.assertj.core.groups.Tuple.tuple(7L, "bob"));
    HistoryEntry<Doc> rejection = history.get(3);
    assertThat(rejection.input()).contains(Doc.answer(false, "shorter"));
    assertThat(rejection.ran()).isEmpty();
    assertThat(rejection.state().approved()).isFalse();
    assertThat(history.get(2).status()).isEqualTo(RunStatus.PAUSED);
    assertThat(history.get(4).ran()).containsExactly("decide");
    assertThat(history.get(9).ran()).containsExactly("publish");
    assertThat(history.get(9).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(events.byType(EventType.INPUT_RECEIVED))
        .extracting(e -> e.step(), e -> e.attribute("label"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, "alice"),
            org.assertj.core.groups.Tuple.tuple(7L, "bob"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anInputToACompletedRunIsRefusedAndNothingIsSaved(int concurrency) {
    Engine<Doc> engine = engine(concurrency);
    engine.runForResult("doc-2", Doc.empty());
    engine.resume("doc-2", Doc.answer(true, null));
    List<Checkpoint<Doc>> before = store.history("doc-2");

    assertThatThrownBy(() -> engine.resume("doc-2", Doc.answer(false, "too late")))
        .isInstanceOf(RunNotResumableException.class)
        .hasMessageContaining("run 'doc-2' is completed")
        .hasMessageContaining("engine.fork(");
    assertThat(store.history("doc-2")).isEqualTo(before);
    assertThat(engine.resume("doc-2").published()).isTrue(); // a plain resume still returns it
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anInputTheReducerRejectsLeavesThePausedRunAsItWas(int concurrency) {
    Graph<Doc> strict =
        Graph.<Doc>builder(
                (s, d) -> {
                  if (d.comment() != null && d.comment().isBlank()) {
                    throw new IllegalArgumentException("a comment must not be blank");
                  }
                  return s.merge(d);
                })
            .node("ask", (s, ctx) -> NodeResult.interrupt(Doc.note("ask"), "comment?"))
            .node("use", (s, ctx) -> NodeResult.stop(Doc.note("use " + s.comment())))
            .edge("ask", "use")
            .start("ask")
            .build();
    Engine<Doc> engine =
        Engine.builder(strict)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .build();
    engine.runForResult("doc-3", Doc.empty());
    Checkpoint<Doc> paused = store.load("doc-3").orElseThrow();

    assertThatThrownBy(() -> engine.resume("doc-3", Doc.answer(true, " ")))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("run 'doc-3'")
        .hasMessageContaining("nothing was saved")
        .hasRootCauseMessage("a comment must not be blank");
    assertThatThrownBy(() -> engine.resume("doc-3", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the input is null")
        .hasMessageContaining("resume(runId)");
    assertThat(store.load("doc-3")).contains(paused);

    assertThat(engine.resume("doc-3", Doc.answer(true, "fine")).log())
        .containsExactly("ask", "use fine");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aFailedRunTakesAnInputThatFixesItsState(int concurrency) {
    Graph<Doc> g =
        Graph.builder(Doc::merge)
            .node("start", (s, ctx) -> NodeResult.next(Doc.note("start")))
            .node(
                "check",
                (s, ctx) -> {
                  if (s.comment() == null) {
                    throw new IllegalStateException("no comment to check");
                  }
                  return NodeResult.stop(Doc.note("checked " + s.comment()));
                })
            .edge("start", "check")
            .start("start")
            .build();
    Engine<Doc> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .build();
    assertThatThrownBy(() -> engine.run("doc-4", Doc.empty()))
        .isInstanceOf(NodeFailedException.class);
    assertThat(engine.state("doc-4").status()).isEqualTo(RunStatus.FAILED);
    assertThat(engine.state("doc-4").failure().orElseThrow()).contains("no comment to check");

    Doc fixed = engine.resume("doc-4", Doc.answer(true, "ok"), "operator");

    assertThat(fixed.log()).containsExactly("start", "checked ok");
    assertThat(engine.history("doc-4"))
        .extracting(HistoryEntry::isInput)
        .containsExactly(false, false, true, false);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anInputToARunThisEngineIsRunningIsRefused(int concurrency) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Graph<Doc> g =
        Graph.builder(Doc::merge)
            .node(
                "slow",
                (s, ctx) -> {
                  started.countDown();
                  Thread.sleep(Duration.ofSeconds(30));
                  return NodeResult.stop(Doc.note("slow"));
                })
            .start("slow")
            .build();
    Engine<Doc> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .build();
    CompletableFuture<Doc> running = engine.runAsync("doc-5", Doc.empty());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> engine.resume("doc-5", Doc.note("hurry")))
        .isInstanceOf(RunNotResumableException.class)
        .hasMessageContaining("is being run by this engine right now")
        .satisfies(
            e -> assertThat(((RunNotResumableException) e).status()).isEqualTo(RunStatus.RUNNING));
    running.cancel(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.load("doc-5").orElseThrow().status() != RunStatus.FAILED) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
