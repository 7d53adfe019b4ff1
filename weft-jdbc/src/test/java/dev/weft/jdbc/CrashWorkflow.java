package dev.weft.jdbc;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import dev.weft.spi.CheckpointStore;
import dev.weft.store.InMemoryCheckpointStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workflow of the crash tests, and the child process that runs it: 200 steps with a fan-out, a
 * join and a node that fails its first attempt and is retried. Every node records a side effect
 * de-duplicated by {@code ctx.idempotencyKey()} in an effects database, and every execution
 * (duplicates included) in a log table, so the test can tell re-executions from repeated effects.
 *
 * <p>Child usage: {@code CrashWorkflow <sqlite:/path.db | postgres:jdbc-url> <runId> <effects.db>}
 * — resumes the run if the store holds it, else starts it; prints {@code ready} once the store is
 * open (with the step it starts from, -1 for none) and {@code done} at the end.
 */
public final class CrashWorkflow {
  static final int STEPS = 200;

  private CrashWorkflow() {}

  /** Where nodes record side effects. */
  interface Effects {
    void record(String idempotencyKey, String nodeId);
  }

  static Graph<Trail> graph(Effects effects) {
    Graph.Builder<Trail> b = Graph.builder(Trail::merge);
    b.node("start", node("start", effects));
    b.node("left", node("left", effects));
    b.node("right", node("right", effects));
    b.node("merge", node("merge", effects));
    b.node(
        "flaky",
        (s, ctx) -> {
          effects.record(ctx.idempotencyKey(), "flaky");
          if (ctx.attempt() == 1) {
            throw new TransientException("first attempt of 'flaky' always fails");
          }
          return NodeResult.next(Trail.of("flaky#" + ctx.attempt()));
        },
        NodePolicy.builder()
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    .build())
            .build());
    b.edge("start", "left")
        .edge("start", "right")
        .join(java.util.List.of("left", "right"), "merge");
    b.edge("merge", "flaky").edge("flaky", "c4");
    // steps: 0 start, 1 left+right, 2 merge, 3 flaky, 4..199 chain
    for (int i = 4; i < STEPS; i++) {
      String id = "c" + i;
      boolean last = i == STEPS - 1;
      Node n = new Node(id, effects, last);
      b.node(id, n::apply);
      if (!last) {
        b.edge(id, "c" + (i + 1));
      }
    }
    return b.start("start").build();
  }

  private record Node(String id, Effects effects, boolean last) {
    NodeResult<Trail> apply(Trail s, dev.weft.NodeContext ctx) {
      effects.record(ctx.idempotencyKey(), id);
      return last ? NodeResult.stop(Trail.of(id)) : NodeResult.next(Trail.of(id));
    }
  }

  private static dev.weft.Node<Trail> node(String id, Effects effects) {
    return (s, ctx) -> {
      effects.record(ctx.idempotencyKey(), id);
      return NodeResult.next(Trail.of(id));
    };
  }

  static Options options() {
    return Options.builder().maxConcurrentNodes(2).build();
  }

  /** The uninterrupted run, in memory, for comparison. */
  static InMemoryCheckpointStore<Trail> reference(Effects effects) {
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    Engine.builder(graph(effects)).options(options()).store(store).build().run("ref", Trail.of());
    return store;
  }

  /** A SQLite effects table: one row per idempotency key, and a log of every execution. */
  static final class EffectsDb implements Effects, AutoCloseable {
    private final Connection c;
    private final ReentrantLock lock = new ReentrantLock();

    EffectsDb(Path file) throws SQLException {
      c = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("CREATE TABLE IF NOT EXISTS effect (key TEXT PRIMARY KEY, node TEXT NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS execution (key TEXT NOT NULL)");
      }
    }

    @Override
    public void record(String key, String nodeId) {
      lock.lock();
      try (PreparedStatement log = c.prepareStatement("INSERT INTO execution VALUES (?)");
          PreparedStatement once =
              c.prepareStatement("INSERT INTO effect VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
        log.setString(1, key);
        log.executeUpdate();
        once.setString(1, key);
        once.setString(2, nodeId);
        once.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      } finally {
        lock.unlock();
      }
    }

    Connection connection() {
      return c;
    }

    @Override
    public void close() throws SQLException {
      c.close();
    }
  }

  static JdbcCheckpointStore<Trail> open(String target) {
    var builder = JdbcCheckpointStore.builder(JacksonStateCodec.of(Trail.class));
    if (target.startsWith("sqlite:")) {
      builder.sqlite(Path.of(target.substring("sqlite:".length())));
    } else if (target.startsWith("postgres:")) {
      builder.postgres(target.substring("postgres:".length()), "weft", "");
    } else {
      throw new IllegalArgumentException("target must start with sqlite: or postgres:");
    }
    return builder.build();
  }

  public static void main(String[] args) throws Exception {
    String target = args[0];
    String runId = args[1];
    try (EffectsDb effects = new EffectsDb(Path.of(args[2]));
        JdbcCheckpointStore<Trail> store = open(target)) {
      Engine<Trail> engine = Engine.builder(graph(effects)).options(options()).store(store).build();
      System.out.println("ready " + store.load(runId).map(c -> c.step()).orElse(-1L));
      System.out.flush();
      resumeOrRun(engine, store, runId);
      System.out.println("done");
    }
  }

  static Trail resumeOrRun(Engine<Trail> engine, CheckpointStore<Trail> store, String runId) {
    if (store.load(runId).isPresent()) {
      return engine.resume(runId);
    }
    return engine.run(runId, Trail.of()); // killed before its first checkpoint: start it
  }
}
