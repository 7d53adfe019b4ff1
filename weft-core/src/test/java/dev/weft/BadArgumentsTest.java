package dev.weft;

import static dev.weft.support.Nodes.mark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Null builder arguments and bad run ids are clear, listed errors, never a bare NPE. */
class BadArgumentsTest {
  @Test
  void nullExceptionTypesAndPredicatesAreListedByTheRetryPolicyBuilder() {
    Class<? extends Throwable> none = null;
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .maxAttempts(0)
                    .retryOn(IOException.class, none)
                    .abortOn(none)
                    .retryIf(null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid RetryPolicy: ")
        .hasMessageContaining("retryOn(...) was given a null type")
        .hasMessageContaining("abortOn(...) was given a null type")
        .hasMessageContaining("retryIf(null)")
        .hasMessageContaining("maxAttempts must be at least 1");
    Class<? extends Throwable>[] nullArray = null;
    assertThatThrownBy(() -> RetryPolicy.builder().retryOn(nullArray).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryOn(...) was given null");
  }

  @Test
  void nullJoinSourcesAndRouteTargetsAreListedGraphProblems() {
    Graph.Builder<Trail> b =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("b", mark())
            .edge("a", "b")
            .join(null, "b")
            .join(Arrays.asList("a", null), "b")
            .routes("a", (String) null)
            .routes(null, "b")
            .start("a");

    GraphValidationException e = catchThrowableOfType(GraphValidationException.class, b::build);

    assertThat(e).isNotNull();
    assertThat(e.problems())
        .contains(
            "join(..., 'b') was given null; pass the node ids to wait for",
            "join(..., 'b') was given a null or blank source; pass the node ids to wait for",
            "routes('a', ...) was given a null or blank node id",
            "routes(...) was given a null or blank source node id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t", "line\nbreak"})
  void blankOrControlCharacterRunIdsAreRefusedAndNothingIsStored(String id) {
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Graph<Trail> g = Graph.builder(Trail::merge).node("a", mark()).start("a").build();
    Engine<Trail> engine = Engine.builder(g).store(store).build();

    assertThatThrownBy(() -> engine.run(id, Trail.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a run id is 1 to 256 characters, not blank");
    assertThatThrownBy(() -> engine.runAsync(id, Trail.of()))
        .isInstanceOf(IllegalArgumentException.class);
    engine.run("ok", Trail.of());
    assertThatThrownBy(() -> engine.fork("ok", 0, id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("newRunId ");
    assertThat(store.runs(dev.weft.store.RunQuery.builder().build()))
        .extracting(r -> r.runId())
        .containsExactly("ok");
  }

  @Test
  void aTooLongRunIdIsRefused() {
    Graph<Trail> g = Graph.builder(Trail::merge).node("a", mark()).start("a").build();
    Engine<Trail> engine = Engine.builder(g).build();
    assertThat(engine.run("x".repeat(256), Trail.of())).isNotNull();
    assertThatThrownBy(() -> engine.run("x".repeat(257), Trail.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 256 characters");
  }
}
