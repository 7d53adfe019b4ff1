package dev.weft.bench;

import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * L3: save and load of a small checkpoint on the in-memory store. One operation builds the
 * checkpoint (as the engine does at a commit), saves it, loads it back and deletes the run (a map
 * removal, so memory stays flat across millions of operations).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class L3Checkpoint {
  private static final LState SMALL = new LState(1, Map.of("step", 1));
  private static final List<Activation<LState>> FRONTIER =
      List.of(new Activation<>("n1", 42L, null, 1));

  private final RunIds ids = new RunIds("l3");
  final InMemoryCheckpointStore<LState> store = new InMemoryCheckpointStore<>();

  @Benchmark
  public LState saveAndLoad() {
    String runId = ids.next();
    store.create(
        new Checkpoint<>(runId, 1, SMALL, FRONTIER, List.of(), Map.of(), RunStatus.RUNNING, ""));
    LState loaded = store.load(runId).orElseThrow().state();
    store.delete(runId);
    return loaded;
  }
}
