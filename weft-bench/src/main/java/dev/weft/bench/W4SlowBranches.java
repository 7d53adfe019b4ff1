package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.NodeResult;
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
 * W4: {@code width} parallel branches each sleeping 20 ms (a simulated LLM call) → join, with
 * maxConcurrentNodes = queueDepth = width so every branch sleeps at once: the wall time of one run.
 * The floor is 20 ms; everything above it is scheduling. One warm-up iteration only: each run is
 * slow.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class W4SlowBranches {
  static final long SLEEP_MILLIS = 20;

  /** Branches, all running at once. */
  @Param({"50", "10000"})
  public int width;

  private final RunIds ids = new RunIds("w4");
  private Engine<Tally> engine;

  @Setup
  public void setup() {
    var graph =
        Graphs.<Tally>fanOut(
            Tally::merge,
            (state, ctx) -> NodeResult.next(null),
            width,
            i ->
                (state, ctx) -> {
                  Thread.sleep(SLEEP_MILLIS);
                  return NodeResult.next(Tally.BRANCH);
                },
            (state, ctx) -> NodeResult.stop(Tally.JOIN));
    Options options = Options.builder().maxConcurrentNodes(width).queueDepth(width).build();
    engine = Engine.builder(graph).options(options).emitter(Emitter.none()).build();
  }

  @Benchmark
  public Tally run() {
    return engine.run(ids.next(), Tally.ZERO);
  }
}
