package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.spi.CheckpointStore;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1 (a 1000-node chain, sequential) end to end on a durable store: every step committed to the
 * store; one operation is one whole run and the deletion of its rows, so the store stays the same
 * size however long the benchmark runs (divide by {@link #steps} for per step). Compare with {@link
 * W1Chain#withCheckpoints} (in memory, likewise deleting its run).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class StoreW1Chain {
  /** Which store. */
  @Param({"memory", "sqlite", "postgres"})
  public String store;

  /** Chain length. */
  @Param("1000")
  public int steps;

  private final RunIds ids = new RunIds("sw1");
  private BenchStores stores;
  CheckpointStore<LState> checkpoints; // read by WorkloadsTest
  private Engine<LState> engine;

  @Setup
  public void setup() throws Exception {
    stores = new BenchStores(store);
    checkpoints = stores.open();
    engine =
        Engine.builder(Graphs.chain(steps, i -> Nodes.INCREMENT))
            .options(Graphs.SEQUENTIAL)
            .emitter(Emitter.none())
            .store(checkpoints)
            .build();
  }

  @Benchmark
  public LState run() {
    String runId = ids.next();
    LState result = engine.run(runId, LState.EMPTY);
    checkpoints.delete(runId);
    return result;
  }

  @TearDown
  public void tearDown() throws Exception {
    stores.close();
  }
}
