package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.NodeResult;
import dev.weft.Options;
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

/**
 * L4: start → 4 parallel branches → join, with maxConcurrentNodes 4. Branch {@code i} writes {@code
 * data={b<i>: i}}; the join runs once and sets counter 1. Every node is empty, so once warm the
 * engine runs them all on the calling thread (short attempts run inline).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class L4ParallelJoin {
  static final int WIDTH = 4;

  private final RunIds ids = new RunIds("l4");
  private Engine<LState> engine;

  @Setup
  public void setup() {
    engine =
        Engine.builder(
                Graphs.<LState>fanOut(
                    LState::merge,
                    (state, ctx) -> NodeResult.next(null),
                    WIDTH,
                    i -> {
                      Map<String, Object> entry = Map.of("b" + i, i);
                      return (state, ctx) -> NodeResult.next(new LState(0, entry));
                    },
                    (state, ctx) -> NodeResult.stop(new LState(state.counter() + 1, Map.of()))))
            .options(Options.builder().maxConcurrentNodes(WIDTH).build())
            .emitter(Emitter.none())
            .build();
  }

  @Benchmark
  public LState run() {
    return engine.run(ids.next(), LState.EMPTY);
  }
}
