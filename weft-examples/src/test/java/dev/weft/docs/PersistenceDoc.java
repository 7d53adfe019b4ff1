package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.RunStatus;
import dev.weft.jdbc.JacksonStateCodec;
import dev.weft.jdbc.JdbcCheckpointStore;
import dev.weft.jdbc.JdbcStores;
import dev.weft.jdbc.SqliteSync;
import dev.weft.spi.StateCodec;
import dev.weft.store.RunQuery;
import dev.weft.store.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/persistence.md, compiled and run. */
class PersistenceDoc {
  @TempDir Path dir;

  /** An order with the steps done so far. */
  record Order(String id, List<String> done, Instant placedAt) {
    Order merge(Order delta) {
      List<String> all = new ArrayList<>(done);
      all.addAll(delta.done);
      return new Order(id, all, placedAt);
    }
  }

  private static Graph<Order> graph() {
    return Graph.builder(Order::merge)
        .node("charge", (o, ctx) -> NodeResult.next(new Order(o.id(), List.of("charged"), null)))
        .node("ship", (o, ctx) -> NodeResult.stop(new Order(o.id(), List.of("shipped"), null)))
        .edge("charge", "ship")
        .start("charge")
        .build();
  }

  @Test
  void sqlite() {
    Path file = dir.resolve("runs.db");
    Graph<Order> graph = graph();
    Order order = new Order("o-1", List.of(), Instant.parse("2026-01-01T00:00:00Z"));
    // region sqlite
    try (JdbcCheckpointStore<Order> store = JdbcStores.sqlite(file, Order.class)) {
      Engine<Order> engine = Engine.builder(graph).store(store).build();
      Order done = engine.run("order-1", order);
      System.out.println(done.done()); // [charged, shipped]
      // after a crash, in a new process: engine.resume("order-1") continues from the last commit
    }
    // endregion
    try (JdbcCheckpointStore<Order> store = JdbcStores.sqlite(file, Order.class)) {
      assertThat(store.load("order-1").orElseThrow().state().done())
          .containsExactly("charged", "shipped");
    }
  }

  @SuppressWarnings("unused")
  void postgres(String password) {
    // region postgres
    JdbcCheckpointStore<Order> store =
        JdbcStores.postgres("jdbc:postgresql://127.0.0.1:5432/app", "weft", password, Order.class);
    // endregion
  }

  @Test
  void configure() {
    Path file = dir.resolve("configured.db");
    // region configure
    JdbcCheckpointStore<Order> store =
        JdbcCheckpointStore.builder(JacksonStateCodec.of(Order.class).withMaxBytes(64 << 20))
            .sqlite(file)
            .sqliteSync(SqliteSync.FULL) // survive power loss, not only a process crash
            .busyTimeout(Duration.ofSeconds(30))
            .build();
    // endregion
    store.close();
  }

  @Test
  void codecs() {
    // region codecs
    StateCodec<Order> plain = JacksonStateCodec.of(Order.class);
    StateCodec<Map<String, List<Order>>> generic =
        JacksonStateCodec.of(new TypeReference<Map<String, List<Order>>>() {});
    // endregion
    Order o = new Order("o", List.of("a"), Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(plain.decode(plain.encode(o))).isEqualTo(o);
    assertThat(generic.decode(generic.encode(Map.of("k", List.of(o)))))
        .containsEntry("k", List.of(o));
  }

  @Test
  void catalogue() {
    try (JdbcCheckpointStore<Order> store = JdbcStores.sqlite(dir.resolve("c.db"), Order.class)) {
      Engine.builder(graph()).store(store).build().run("order-1", new Order("o", List.of(), null));
      // region catalogue
      List<RunSummary> failed =
          store.runs(RunQuery.builder().status(RunStatus.FAILED).limit(50).build());
      failed.forEach(
          r -> System.out.println(r.runId() + " at step " + r.step() + ": " + r.detail()));
      store.steps("order-1").forEach(s -> System.out.println(s.step() + " " + s.committedAt()));
      // endregion
      // region retention
      long deleted =
          store.deleteRuns(
              RunQuery.builder()
                  .status(RunStatus.COMPLETED, RunStatus.FAILED)
                  .updatedBefore(Instant.now().minus(Duration.ofDays(30)))
                  .build());
      long pruned = store.pruneHistory("order-1", 1); // keep only the latest step entry
      // endregion
      assertThat(deleted).isZero();
      assertThat(pruned).isEqualTo(2);
      assertThat(store.load("order-1").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }
  }
}
