package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.emit.BufferedEmitter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Events a node emits about its own work through {@link NodeContext#emit}. */
class NodeEventsTest {
  record Count(int n) {}

  @Test
  void nodeEventCarriesRunStepNodeAndAttempt() {
    BufferedEmitter events = new BufferedEmitter(100);
    Graph<Count> graph =
        Graph.<Count>builder((s, d) -> new Count(s.n() + d.n()))
            .node("first", (s, ctx) -> NodeResult.next(new Count(1)))
            .node(
                "call",
                (s, ctx) -> {
                  ctx.emit(EventType.LLM_CALL, Map.of("model", "m", "inputTokens", 3L));
                  return NodeResult.stop(new Count(1));
                })
            .edge("first", "call")
            .start("first")
            .build();
    Engine.builder(graph).emitter(events).build().run("r1", new Count(0));

    List<Event> calls = events.byType(EventType.LLM_CALL);
    assertThat(calls).hasSize(1);
    Event e = calls.get(0);
    assertThat(e.runId()).isEqualTo("r1");
    assertThat(e.step()).isEqualTo(1);
    assertThat(e.nodeId()).isEqualTo("call");
    assertThat(e.attempt()).isEqualTo(1);
    assertThat(e.attributes()).containsEntry("model", "m").containsEntry("inputTokens", 3L);
  }

  @Test
  void engineOwnedTypesAreRefused() {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    Graph<Count> graph =
        Graph.<Count>builder((s, d) -> s)
            .node(
                "n",
                (s, ctx) -> {
                  try {
                    ctx.emit(EventType.RUN_COMPLETED, Map.of());
                  } catch (IllegalArgumentException e) {
                    refused.set(e);
                  }
                  return NodeResult.stop(null);
                })
            .start("n")
            .build();
    Engine.builder(graph).emitter(new BufferedEmitter(10)).build().run("r1", new Count(0));
    assertThat(refused.get()).hasMessageContaining("may not emit RUN_COMPLETED");
  }
}
