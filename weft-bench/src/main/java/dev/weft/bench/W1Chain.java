package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.store.InMemoryCheckpointStore;
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
 * W1: a 1000-node linear chain, sequential, each node incrementing the counter. {@link
 * #noCheckpoints} runs without a store (the engine saves nothing); {@link #withCheckpoints} commits
 * every step to the in-memory store and deletes the run at the end of the operation. Compare with
 * {@link B0Chain}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class W1Chain {
  /** Chain length. */
  @Param("1000")
  public int steps;

  private final RunIds ids = new RunIds("w1");
  private Engine<LState> plain;
  private Engine<LState> checkpointed;
  final InMemoryCheckpointStore<LState> store = new InMemoryCheckpointStore<>();

  @Setup
  public void setup() {
    var graph = Graphs.chain(steps, i -> Nodes.INCREMENT);
    plain = Engine.builder(graph).options(Graphs.SEQUENTIAL).emitter(Emitter.none()).build();
    checkpointed =
        Engine.builder(graph)
            .options(Graphs.SEQUENTIAL)
            .emitter(Emitter.none())
            .store(store)
            .build();
  }

  @Benchmark
  public LState noCheckpoints() {
    return plain.run(ids.next(), LState.EMPTY);
  }

  @Benchmark
  public LState withCheckpoints() {
    String runId = ids.next();
    LState result = checkpointed.run(runId, LState.EMPTY);
    store.delete(runId);
    return result;
  }
}
