package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.HistoryEntry;
import dev.weft.Options;
import dev.weft.RunOptions;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.examples.ApprovalExample.Post;
import dev.weft.store.InMemoryCheckpointStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApprovalExampleTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aRejectionRevisesOnceAndAnApprovalPublishes(int concurrency) {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    InMemoryCheckpointStore<Post> store = new InMemoryCheckpointStore<>();
    Engine<Post> engine =
        Engine.builder(ApprovalExample.graph(calls))
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .build();

    RunResult<Post> paused = engine.runForResult("p", new Post(null, 0, null, null, false));
    RunResult<Post> again =
        engine.resumeForResult(
            "p", Post.answer(false, "add a link"), "alice", RunOptions.defaults());
    Post done = engine.resume("p", Post.answer(true, null), "bob");

    assertThat(paused.pauseReason()).contains("approve?");
    assertThat(again.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(again.state().text()).isEqualTo("Weft 1.0 is out (add a link)");
    assertThat(done.published()).isTrue();
    assertThat(done.revision()).isEqualTo(1);
    assertThat(calls.get("draft").get()).isEqualTo(1);
    assertThat(calls.get("review").get()).isEqualTo(2);
    assertThat(calls.get("decide").get()).isEqualTo(2);
    assertThat(calls.get("revise").get()).isEqualTo(1);
    assertThat(calls.get("publish").get()).isEqualTo(1);
    assertThat(engine.history("p"))
        .filteredOn(HistoryEntry::isInput)
        .extracting(HistoryEntry::inputLabel)
        .containsExactly("alice", "bob");

    RunResult<Post> fork = engine.fork("p", 2, "p-approved", Post.answer(true, null));
    assertThat(fork.state().published()).isTrue();
    assertThat(fork.state().revision()).isZero();
    assertThat(engine.state("p").status()).isEqualTo(RunStatus.COMPLETED);
  }
}
