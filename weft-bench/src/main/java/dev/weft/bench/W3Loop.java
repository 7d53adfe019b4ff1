package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Options;
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
 * W3: one node routing to itself through a conditional edge while counter < 10,000, sequential:
 * 10,000 steps per run. Compare with {@link B0Loop}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class W3Loop {
  /** Times the node runs. */
  @Param("10000")
  public int steps;

  private final RunIds ids = new RunIds("w3");
  private Engine<LState> engine;

  @Setup
  public void setup() {
    // maxSteps defaults to 10,000: leave headroom so the limit is never what ends the run.
    Options options = Options.builder().maxConcurrentNodes(0).maxSteps(steps + 100).build();
    engine = Engine.builder(Graphs.loop(steps)).options(options).emitter(Emitter.none()).build();
  }

  @Benchmark
  public LState run() {
    return engine.run(ids.next(), LState.EMPTY);
  }
}
