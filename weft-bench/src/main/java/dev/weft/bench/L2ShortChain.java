package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Graph;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** L2: the 3-node chain start → process → finish, sequential: the fixed cost of a run. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class L2ShortChain {
  private final RunIds ids = new RunIds("l2");
  private Engine<LState> engine;

  @Setup
  public void setup() {
    Graph<LState> graph =
        Graph.builder(LState::merge)
            .node("start", Nodes.chainStep(0))
            .node("process", Nodes.chainStep(1))
            .node("finish", Nodes.chainStep(2))
            .edge("start", "process")
            .edge("process", "finish")
            .start("start")
            .build();
    engine = Engine.builder(graph).options(Graphs.SEQUENTIAL).emitter(Emitter.none()).build();
  }

  @Benchmark
  public LState run() {
    return engine.run(ids.next(), LState.EMPTY);
  }
}
