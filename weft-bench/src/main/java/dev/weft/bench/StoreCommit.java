package dev.weft.bench;

import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-step commit cost of a checkpoint store, and of the plain JDBC insert it is compared with. One
 * {@link #commit} operation is one step commit of a state of about {@link #stateBytes} bytes (a
 * one-activation frontier, as a chain commits it) to a run that grows by one step each time; {@link
 * #plainInsert} inserts the same state bytes (encoded by the same codec) as one row in its own
 * transaction, in the same durability mode (SQLite WAL + synchronous NORMAL; PostgreSQL default
 * synchronous_commit), so {@code commit / plainInsert} is the store's overhead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class StoreCommit {
  private static final List<Activation<LState>> FRONTIER =
      List.of(new Activation<>("n1", 42L, null, 1));

  /** Which store: memory, sqlite, postgres (started by bin/lib/pg-temp.sh). */
  @Param({"memory", "sqlite", "postgres"})
  public String store;

  /** Size of the state's payload. */
  @Param({"1024", "102400"})
  public int stateBytes;

  private final RunIds ids = new RunIds("sc");
  private BenchStores stores;
  private CheckpointStore<LState> target;
  private LState state;
  private byte[] encoded;
  private String runId;
  private long step;
  private Connection plain;
  private PreparedStatement insert;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    stores = new BenchStores(store);
    target = stores.open();
    state = state(stateBytes);
    encoded = dev.weft.jdbc.JacksonStateCodec.of(LState.class).encode(state);
    if (!store.equals("memory")) {
      plain = stores.plainConnection();
      try (Statement s = plain.createStatement()) {
        s.execute("DROP TABLE IF EXISTS plain_insert");
        s.execute(
            "CREATE TABLE plain_insert (run_id TEXT, step BIGINT, state "
                + (store.equals("sqlite") ? "BLOB" : "BYTEA")
                + ", PRIMARY KEY (run_id, step))");
      }
      insert = plain.prepareStatement("INSERT INTO plain_insert VALUES (?, ?, ?)");
    }
  }

  /** The committed state: a counter and one string of {@code bytes} characters. */
  static LState state(int bytes) {
    return new LState(1, Map.of("payload", "x".repeat(bytes)));
  }

  /** A fresh run per iteration, so runs do not grow without bound. */
  @Setup(Level.Iteration)
  public void newRun() {
    runId = ids.next();
    step = 0;
    target.create(checkpoint());
  }

  private Checkpoint<LState> checkpoint() {
    return new Checkpoint<>(
        runId, step, state, FRONTIER, List.of(), Map.of(), RunStatus.RUNNING, "");
  }

  @Benchmark
  public long commit() {
    step++;
    target.commit(checkpoint());
    return step;
  }

  @Benchmark
  public long plainInsert() throws Exception {
    if (insert == null) {
      return 0; // no JDBC baseline for the in-memory store
    }
    step++;
    // autocommit: one statement, one transaction, as the store's one transaction per commit
    insert.setString(1, runId);
    insert.setLong(2, step);
    insert.setBytes(3, encoded);
    insert.executeUpdate();
    return step;
  }

  /** Drops the iteration's run (its rows) so the database does not grow across iterations. */
  @TearDown(Level.Iteration)
  public void dropRun() throws Exception {
    target.delete(runId);
    if (plain != null) {
      try (Statement s = plain.createStatement()) {
        s.execute("DELETE FROM plain_insert");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (plain != null) {
      plain.close();
    }
    stores.close();
  }
}
