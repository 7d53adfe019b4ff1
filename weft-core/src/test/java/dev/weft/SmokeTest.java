package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.emit.BufferedEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  record Trail(List<String> items) {
    static Trail of(String... s) { return new Trail(List.of(s)); }
    Trail merge(Trail d) { List<String> l = new ArrayList<>(items); l.addAll(d.items); return new Trail(l); }
  }

  @Test
  void fanOutJoinRetry() {
    int[] calls = {0};
    Graph<Trail> g = Graph.builder(Trail::merge)
        .node("a", (s, c) -> NodeResult.next(Trail.of("a")))
        .node("b", (s, c) -> NodeResult.next(Trail.of("b")))
        .node("c", (s, c) -> { if (calls[0]++ < 2) throw new TransientException("flaky"); return NodeResult.next(Trail.of("c")); },
            NodePolicy.builder().retry(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build()).build())
        .node("d", (s, c) -> NodeResult.stop(Trail.of("d" + s.items().size())))
        .edge("a", "b").edge("a", "c").join(List.of("b", "c"), "d").start("a").build();
    for (int conc : new int[] {0, 4}) {
      calls[0] = 0;
      BufferedEmitter buf = new BufferedEmitter(1000);
      var store = new InMemoryCheckpointStore<Trail>();
      Engine<Trail> e = Engine.builder(g).options(Options.builder().maxConcurrentNodes(conc).build()).store(store).emitter(buf).build();
      RunResult<Trail> r = e.runForResult("r1", Trail.of());
      System.out.println(conc + " " + r);
      buf.all().forEach(ev -> System.out.println(dev.weft.emit.LoggingEmitter.toText(ev)));
      assertThat(r.state().items()).hasSize(4);
      assertThat(store.history("r1")).hasSize(4);
    }
  }

  @Test
  void timeoutFires() {
    Graph<Trail> g = Graph.builder(Trail::merge)
        .node("slow", (s, c) -> { Thread.sleep(5000); return NodeResult.stop(Trail.of("x")); }, NodePolicy.builder().timeout(Duration.ofMillis(50)).build())
        .start("slow").build();
    long t0 = System.nanoTime();
    try {
      Engine.builder(g).options(Options.builder().maxConcurrentNodes(0).build()).build().run("t", Trail.of());
    } catch (NodeTimeoutException e) {
      System.out.println(e.getMessage() + " after " + (System.nanoTime() - t0) / 1e6);
      return;
    }
    throw new AssertionError("no timeout");
  }
}
