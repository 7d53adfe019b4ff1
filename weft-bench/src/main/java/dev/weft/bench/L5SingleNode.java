package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import java.util.HashMap;
import java.util.Map;
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

/** L5: one node that builds a 2-entry map and stops: the allocation of a minimal run. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class L5SingleNode {
  private final RunIds ids = new RunIds("l5");
  private Engine<LState> engine;

  @Setup
  public void setup() {
    Graph<LState> graph =
        Graph.builder(LState::merge)
            .node(
                "only",
                (state, ctx) -> {
                  Map<String, Object> data = new HashMap<>(4);
                  data.put("greeting", "hello");
                  data.put("count", 2);
                  return NodeResult.stop(new LState(1, data));
                })
            .start("only")
            .build();
    engine = Engine.builder(graph).options(Graphs.SEQUENTIAL).emitter(Emitter.none()).build();
  }

  @Benchmark
  public LState run() {
    return engine.run(ids.next(), LState.EMPTY);
  }
}
