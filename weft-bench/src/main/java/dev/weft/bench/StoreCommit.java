package dev.weft.bench;

import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.store.InMemoryCheckpointStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-step commit cost of a checkpoint store: one operation commits {@code steps} consecutive
 * steps of one run (a small state and a one-activation frontier, as a chain commits them), then
 * deletes the run; per step = one commit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class StoreCommit {
  private static final List<Activation<LState>> FRONTIER = List.of(new Activation<>("n1", 42L, null, 1));

  /** Which store; see {@link #open(String)}. */
  @Param("memory")
  public String store;

  /** Step commits per operation. */
  @Param("100")
  public int steps;

  private final RunIds ids = new RunIds("sc");
  private CheckpointStore<LState> target;
  private LState[] states;

  @Setup
  public void setup() {
    target = open(store);
    states = new LState[steps];
    for (int i = 0; i < steps; i++) {
      states[i] = new LState(i + 1, Map.of("step", i + 1));
    }
  }

  /**
   * The stores measured. The SQLite and PostgreSQL stores of weft-jdbc belong here once that module
   * exists: add {@code "sqlite"} and {@code "postgres"} cases (PostgreSQL only when a database is
   * configured) and list them in {@link #store}'s {@code @Param}.
   */
  static CheckpointStore<LState> open(String name) {
    return switch (name) {
      case "memory" -> new InMemoryCheckpointStore<>();
      default -> throw new IllegalArgumentException("unknown store '" + name + "'; known: memory");
    };
  }

  @Benchmark
  public LState commit() {
    String runId = ids.next();
    for (int i = 0; i < steps; i++) {
      target.save(new Checkpoint<>(runId, i + 1, states[i], FRONTIER, List.of(), Map.of(), RunStatus.RUNNING, ""));
    }
    LState last = target.load(runId).orElseThrow().state();
    target.delete(runId);
    return last;
  }
}
