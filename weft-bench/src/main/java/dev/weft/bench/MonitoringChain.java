package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.spi.EngineMetrics;
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
 * Monitoring overhead on the W1 graph (1000-step chain): {@code mode=sequential} (the smallest
 * per-step cost, so any overhead shows most) and {@code mode=concurrent} (16 workers, queue 8: each
 * step goes through the work queue). Compare {@code monitoring=on} with {@code monitoring=off}; see
 * {@link Monitoring}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class MonitoringChain {
  /** Chain length. */
  @Param("1000")
  public int steps;

  /** {@code sequential} or {@code concurrent}. */
  @Param({"sequential", "concurrent"})
  public String mode;

  /**
   * {@code off}, {@code on} (backpressure monitoring) or {@code full} (every metric) or {@code
   * timeout} (a backpressure timeout armed); see {@link Monitoring}.
   */
  @Param({"off", "on", "full", "timeout"})
  public String monitoring;

  private final RunIds ids = new RunIds("mc");
  Engine<LState> engine;
  EngineMetrics metrics;

  @Setup
  public void setup() {
    boolean timeout = Monitoring.armsTimeout(monitoring);
    boolean sequential =
        switch (mode) {
          case "sequential" -> true;
          case "concurrent" -> false;
          default ->
              throw new IllegalArgumentException(
                  "mode must be sequential or concurrent, was " + mode);
        };
    metrics = Monitoring.metrics(monitoring);
    engine =
        Engine.builder(Graphs.chain(steps, i -> Nodes.INCREMENT))
            .options(Monitoring.options(timeout, sequential))
            .metrics(metrics)
            .emitter(Emitter.none())
            .build();
  }

  @Benchmark
  public LState run() {
    return engine.run(ids.next(), LState.EMPTY);
  }
}
