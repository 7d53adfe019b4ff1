package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of 100 concurrent 10-step runs on one engine and store: one operation is one batch of
 * 100 runs, each on its own virtual thread, and the score is the wall time per step commit (1,000
 * per batch: {@code @OperationsPerInvocation}), so steps committed per second = 10⁶ ÷ the score in
 * µs. The runs of an iteration are deleted after it, outside the measurement, so the store does not
 * grow from one iteration to the next.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class StoreConcurrentRuns {
  private static final int RUNS = 100;
  private static final int STEPS = 10;

  /** Which store. */
  @Param({"memory", "sqlite", "postgres"})
  public String store;

  // Not a ring of ids: the in-memory store commits ~50,000 runs a second, more than a ring holds.
  private long nextId;
  private BenchStores stores;
  CheckpointStore<LState> checkpoints; // read by WorkloadsTest
  private Engine<LState> engine;
  private final List<String> started = new ArrayList<>();

  @Setup
  public void setup() throws Exception {
    stores = new BenchStores(store);
    checkpoints = stores.open();
    engine =
        Engine.builder(Graphs.chain(STEPS, i -> Nodes.INCREMENT))
            .options(Graphs.SEQUENTIAL)
            .emitter(Emitter.none())
            .store(checkpoints)
            .build();
  }

  @Benchmark
  @OperationsPerInvocation(RUNS * STEPS)
  public int hundredRuns() throws Exception {
    List<Future<LState>> runs = new ArrayList<>(RUNS);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < RUNS; i++) {
        String runId = "scr-" + nextId++;
        started.add(runId);
        runs.add(pool.submit(() -> engine.run(runId, LState.EMPTY)));
      }
      int sum = 0;
      for (Future<LState> f : runs) {
        sum += f.get().counter();
      }
      return sum;
    }
  }

  /** Deletes the iteration's runs, so every iteration starts from an empty store. */
  @TearDown(Level.Iteration)
  public void deleteRuns() {
    for (String runId : started) {
      checkpoints.delete(runId);
    }
    started.clear();
  }

  @TearDown
  public void tearDown() throws Exception {
    stores.close();
  }
}
