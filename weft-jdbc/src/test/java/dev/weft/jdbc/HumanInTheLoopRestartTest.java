package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.HistoryEntry;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RunResult;
import dev.weft.RunState;
import dev.weft.RunStatus;
import dev.weft.spi.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Human in the loop on a SQLite file across restarts: every answer is given by a new engine over a
 * newly opened store (what a restarted process has), the inputs come back from the file with their
 * labels, and a fork leaves the origin's stored history unchanged.
 */
class HumanInTheLoopRestartTest {
  @TempDir Path dir;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  private dev.weft.Node<Trail> counted(dev.weft.Node<Trail> node) {
    return (s, ctx) -> {
      calls.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
      return node.apply(s, ctx);
    };
  }

  private int calls(String node) {
    AtomicInteger n = calls.get(node);
    return n == null ? 0 : n.get();
  }

  private static boolean answered(Trail s, String answer) {
    return !s.items().isEmpty() && s.items().getLast().equals(answer);
  }

  private Graph<Trail> approvalFlow() {
    return Graph.builder(Trail::merge)
        .node("draft", counted((s, ctx) -> NodeResult.next(Trail.of("draft"))))
        .node("review", counted((s, ctx) -> NodeResult.interrupt(Trail.of("review"), "approve?")))
        .node("decide", counted((s, ctx) -> NodeResult.next(null)))
        .node("revise", counted((s, ctx) -> NodeResult.next(Trail.of("revise"))))
        .node("publish", counted((s, ctx) -> NodeResult.stop(Trail.of("publish"))))
        .edge("draft", "review")
        .edge("review", "decide")
        .edge("decide", "publish", s -> answered(s, "yes"))
        .edge("decide", "revise", s -> answered(s, "no"))
        .edge("revise", "review")
        .start("draft")
        .build();
  }

  private JdbcCheckpointStore<Trail> open() {
    return JdbcCheckpointStore.builder(JacksonStateCodec.of(Trail.class))
        .sqlite(dir.resolve("weft.db"))
        .build();
  }

  private Engine<Trail> engine(JdbcCheckpointStore<Trail> store, int concurrency) {
    return Engine.builder(approvalFlow())
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void answersGivenAfterRestartsAreStoredAsInputStepsAndForksLeaveTheOriginAlone(int concurrency)
      throws Exception {
    try (JdbcCheckpointStore<Trail> store = open()) {
      RunResult<Trail> paused = engine(store, concurrency).runForResult("doc", Trail.of());
      assertThat(paused.pauseReason()).contains("approve?");
    }
    try (JdbcCheckpointStore<Trail> store = open()) {
      RunState<Trail> waiting = engine(store, concurrency).state("doc");
      assertThat(waiting.status()).isEqualTo(RunStatus.PAUSED);
      assertThat(waiting.next()).containsExactly("decide");
      RunResult<Trail> again =
          engine(store, concurrency)
              .resumeForResult("doc", Trail.of("no"), "alice", dev.weft.RunOptions.defaults());
      assertThat(again.status()).isEqualTo(RunStatus.PAUSED);
    }
    Trail done;
    try (JdbcCheckpointStore<Trail> store = open()) {
      done = engine(store, concurrency).resume("doc", Trail.of("yes"), "bob");
    }
    assertThat(done.items())
        .containsExactly("draft", "review", "no", "revise", "review", "yes", "publish");
    assertThat(calls("draft")).isEqualTo(1);
    assertThat(calls("review")).isEqualTo(2);
    assertThat(calls("decide")).isEqualTo(2);
    assertThat(calls("revise")).isEqualTo(1);
    assertThat(calls("publish")).isEqualTo(1);

    try (JdbcCheckpointStore<Trail> store = open()) {
      Engine<Trail> engine = engine(store, concurrency);
      List<HistoryEntry<Trail>> history = engine.history("doc");
      assertThat(history)
          .filteredOn(HistoryEntry::isInput)
          .extracting(HistoryEntry::step, HistoryEntry::inputLabel, e -> e.input().orElseThrow())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(3L, "alice", Trail.of("no")),
              org.assertj.core.groups.Tuple.tuple(7L, "bob", Trail.of("yes")));
      List<Checkpoint<Trail>> before = store.history("doc");

      RunResult<Trail> replay = engine.fork("doc", 7, "doc-replay");
      RunResult<Trail> other =
          engine.fork(
              "doc", 2, "doc-yes", Trail.of("yes"), "carol", dev.weft.RunOptions.defaults());

      assertThat(replay.state()).isEqualTo(done);
      assertThat(other.state().items()).containsExactly("draft", "review", "yes", "publish");
      assertThat(engine.state("doc-yes").forkedFrom()).contains(new RunState.StepRef("doc", 2));
      assertThat(store.history("doc")).isEqualTo(before);
      assertThat(store.history("doc").toString()).isEqualTo(before.toString());
    }
    try (JdbcCheckpointStore<Trail> store = open()) {
      Checkpoint<Trail> fork = store.history("doc-yes").getFirst();
      assertThat(fork.step()).isEqualTo(2);
      assertThat(fork.origin()).contains(new Checkpoint.Origin("doc", 2));
      assertThat(fork.seedRunId()).isEqualTo("doc");
    }
  }
}
