package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
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
 * L1: a 100-node linear chain, sequential; node {@code i} writes {@code {counter=i+1,
 * data={step:i+1}}}. One operation is one run; per step = score / steps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class L1LongChain {
  /** Chain length. */
  @Param("100")
  public int steps;

  private final RunIds ids = new RunIds("l1");
  private Engine<LState> engine;

  @Setup
  public void setup() {
    engine =
        Engine.builder(Graphs.chain(steps, Nodes::chainStep))
            .options(Graphs.SEQUENTIAL)
            .emitter(Emitter.none())
            .build();
  }

  @Benchmark
  public LState run() {
    return engine.run(ids.next(), LState.EMPTY);
  }
}
