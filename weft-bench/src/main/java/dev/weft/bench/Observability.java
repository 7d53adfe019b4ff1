package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.micrometer.MicrometerMetrics;
import dev.weft.opentelemetry.TracingEmitter;
import dev.weft.spi.EngineMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of Weft's production observability: W1 (a 1,000-step chain, sequential) and W2 (a
 * 100-way fan-out and join, concurrent) with nothing attached ({@code none}), with {@code
 * weft-micrometer} on a Prometheus registry ({@code metrics}), and with {@code weft-opentelemetry}
 * on the OpenTelemetry SDK ({@code tracing}: a run span and one span per attempt, batched to an
 * exporter that discards them, so the figure is the engine's and the SDK's cost, not a network's).
 * Nodes either do nothing ({@code workMicros = 0}) or keep the CPU busy for 10 µs, reading the
 * clock in a tight loop. The loop has no pause instruction ({@link Thread#onSpinWait}): on a
 * virtual machine a pause loop makes the hypervisor take the CPU away, which adds its own cost and
 * noise to every variant. A loop of fixed work instead ({@code Blackhole.consumeCPU}) ran up to 20%
 * slower or faster from one compilation to the next, more than the overhead measured here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class Observability {
  /** {@code chain} (W1, sequential) or {@code fanout} (W2, concurrent). */
  @Param({"chain", "fanout"})
  public String workload;

  /** What each node does: 0 (nothing) or 10 µs of busy work. */
  @Param({"0", "10"})
  public int workMicros;

  /** {@code none}, {@code metrics} or {@code tracing}. */
  @Param({"none", "metrics", "tracing"})
  public String observability;

  private final RunIds ids = new RunIds("ob");
  private Engine<LState> chain;
  private Engine<W2FanOut.Items> fanOut;
  private SdkTracerProvider tracerProvider;
  private final LongAdder exported = new LongAdder();

  @Setup
  public void setup() {
    EngineMetrics metrics = EngineMetrics.none();
    Emitter emitter = Emitter.none();
    switch (observability) {
      case "none" -> {}
      case "metrics" ->
          metrics =
              MicrometerMetrics.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "bench");
      case "tracing" -> {
        tracerProvider =
            SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build())
                .build();
        OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
        emitter = TracingEmitter.builder(otel, "bench").build();
      }
      default ->
          throw new IllegalArgumentException(
              "observability must be none, metrics or tracing, was " + observability);
    }
    long work = workMicros * 1_000L;
    switch (workload) {
      case "chain" -> {
        Graph<LState> graph = Graphs.chain(1000, i -> working(work, Nodes.chainStep(i)));
        chain =
            Engine.builder(graph)
                .options(Graphs.SEQUENTIAL)
                .metrics(metrics)
                .emitter(emitter)
                .build();
      }
      case "fanout" -> {
        Graph<W2FanOut.Items> graph =
            Graphs.fanOut(
                W2FanOut.Items::merge,
                (state, ctx) -> NodeResult.next(null),
                W2FanOut.WIDTH,
                i -> {
                  String item = "b" + i;
                  return (state, ctx) -> {
                    work(work);
                    return NodeResult.next(new W2FanOut.Items(List.of(item), 0));
                  };
                },
                (state, ctx) -> NodeResult.stop(new W2FanOut.Items(List.of(), 1)));
        fanOut =
            Engine.builder(graph)
                .options(Options.defaults())
                .metrics(metrics)
                .emitter(emitter)
                .build();
      }
      default ->
          throw new IllegalArgumentException("workload must be chain or fanout, was " + workload);
    }
  }

  private static Node<LState> working(long nanos, Node<LState> step) {
    return nanos == 0
        ? step
        : (state, ctx) -> {
          work(nanos);
          return step.apply(state, ctx);
        };
  }

  /** Busy for {@code nanos}: reads the clock in a tight loop, with no pause instruction. */
  private static void work(long nanos) {
    if (nanos == 0) {
      return;
    }
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      // busy: a pause here would let the hypervisor take the CPU away
    }
  }

  @Benchmark
  public Object run() {
    return chain != null
        ? chain.run(ids.next(), LState.EMPTY)
        : fanOut.run(ids.next(), W2FanOut.Items.EMPTY);
  }

  @TearDown
  public void tearDown() {
    if (tracerProvider != null) {
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
      if (exported.sum() == 0) {
        throw new IllegalStateException("tracing was on but no span reached the exporter");
      }
    }
  }

  /** Counts and drops spans: the SDK does all its work, nothing leaves the process. */
  private final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exported.add(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
