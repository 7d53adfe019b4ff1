package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * 100 runs, each on its own virtual thread; the score is step commits per second (1,000 per batch:
 * {@code @OperationsPerInvocation}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
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

  private final RunIds ids = new RunIds("scr");
  private BenchStores stores;
  private Engine<LState> engine;

  @Setup
  public void setup() throws Exception {
    stores = new BenchStores(store);
    engine =
        Engine.builder(Graphs.chain(STEPS, i -> Nodes.INCREMENT))
            .options(Graphs.SEQUENTIAL)
            .emitter(Emitter.none())
            .store(stores.open())
            .build();
  }

  @Benchmark
  @OperationsPerInvocation(RUNS * STEPS)
  public int hundredRuns() throws Exception {
    List<Future<LState>> runs = new ArrayList<>(RUNS);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < RUNS; i++) {
        String runId = ids.next();
        runs.add(pool.submit(() -> engine.run(runId, LState.EMPTY)));
      }
      int sum = 0;
      for (Future<LState> f : runs) {
        sum += f.get().counter();
      }
      return sum;
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    stores.close();
  }
}
