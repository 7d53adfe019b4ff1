package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.RunStatus;
import dev.weft.docs.HumanInTheLoopDoc.Post;
import dev.weft.store.InMemoryCheckpointStore;
import org.junit.jupiter.api.Test;

/** Runs the snippets of docs/human-in-the-loop.md and checks that they do what the text says. */
class HumanInTheLoopDocTest {
  @Test
  void theSnippetsDoWhatTheDocSays() {
    HumanInTheLoopDoc.log.clear();
    InMemoryCheckpointStore<Post> store = new InMemoryCheckpointStore<>();
    Engine<Post> engine = HumanInTheLoopDoc.engine(HumanInTheLoopDoc.graph(), store);

    Post published = HumanInTheLoopDoc.answer(engine);
    assertThat(published.published()).isTrue();
    assertThat(published.text()).isEqualTo("Weft 1.0 + a link");
    HumanInTheLoopDoc.errors(engine); // completed: refused, caught

    HumanInTheLoopDoc.inspect(engine);
    assertThat(HumanInTheLoopDoc.log)
        .contains(
            "approve? PAUSED",
            "3 RUNNING input from alice: Post[text=null, approved=false,"
                + " comment=a link, published=false]",
            "9 COMPLETED ran [publish]");

    var fork = HumanInTheLoopDoc.fork(engine);
    assertThat(fork.state().published()).isTrue();
    assertThat(fork.state().text()).isEqualTo("Weft 1.0");
    assertThat(HumanInTheLoopDoc.log).contains(published + " COMPLETED"); // the replay
    // From the first pause without an answer, decide finds none: nothing is published.
    assertThat(engine.fork("post-1", 2, "post-1-again").state().published()).isFalse();

    Engine<Post> stepped =
        HumanInTheLoopDoc.engine(HumanInTheLoopDoc.breakpoints(HumanInTheLoopDoc.graph()), store);
    var paused = stepped.runForResult("stepped", new Post(null, null, null, false));
    assertThat(paused.pauseReason()).contains("breakpoint: before 'publish'");
    assertThat(stepped.resume("stepped").published()).isTrue();
    var perRun = HumanInTheLoopDoc.perRun(stepped);
    assertThat(perRun.pauseReason()).contains("breakpoint: after 'draft'");
    // A before-breakpoint is checked when a step is formed, not on resume: publish just runs.
    assertThat(stepped.resumeForResult("post-2").status()).isEqualTo(RunStatus.COMPLETED);
  }
}
