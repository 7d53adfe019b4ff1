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
 * Monitoring overhead on the W2 graph (100-way fan-out + join), concurrent with 16 workers and a
 * queue of 8, so the coordinator waits for queue space during every run. Compare {@code
 * monitoring=on} with {@code monitoring=off}; see {@link Monitoring}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class MonitoringFanOut {
  /**
   * {@code off}, {@code on} (backpressure monitoring) or {@code full} (every metric) or {@code
   * timeout} (a backpressure timeout armed); see {@link Monitoring}.
   */
  @Param({"off", "on", "full", "timeout"})
  public String monitoring;

  private final RunIds ids = new RunIds("mf");
  Engine<W2FanOut.Items> engine;
  EngineMetrics metrics;

  @Setup
  public void setup() {
    boolean timeout = Monitoring.armsTimeout(monitoring);
    metrics = Monitoring.metrics(monitoring);
    engine =
        Engine.builder(W2FanOut.graph(W2FanOut.WIDTH))
            .options(Monitoring.options(timeout, false))
            .metrics(metrics)
            .emitter(Emitter.none())
            .build();
  }

  @Benchmark
  public W2FanOut.Items run() {
    return engine.run(ids.next(), W2FanOut.Items.EMPTY);
  }
}
