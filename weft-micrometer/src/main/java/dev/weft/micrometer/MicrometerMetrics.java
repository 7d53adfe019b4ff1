package dev.weft.micrometer;

import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The engine's {@link EngineMetrics} on a Micrometer {@link MeterRegistry}. With the Prometheus
 * registry the meters are exposed as {@code weft_node_duration_seconds{graph,node,outcome}}, {@code
 * weft_node_retries_total{graph,node}}, {@code weft_node_timeouts_total{graph,node}}, {@code
 * weft_node_abandoned_total{graph,node}}, {@code weft_backpressure_events_total{graph}}, {@code
 * weft_backpressure_timeouts_total{graph}}, {@code weft_backpressure_wait_seconds{graph}}, {@code
 * weft_queue_depth{graph}}, {@code weft_queue_capacity{graph}}, {@code weft_inflight_nodes{graph}},
 * {@code weft_runs_total{graph,outcome}}, {@code weft_run_duration_seconds{graph}}, {@code
 * weft_checkpoint_duration_seconds{graph}} and {@code weft_events_dropped_total{graph}}.
 *
 * <p>Every meter carries the {@code graph} tag, a name the user gives the graph, so engines of
 * several graphs share one registry; node ids come from the graph, so every tag is bounded (never a
 * run id, never data). Durations are histograms with the buckets of {@link #BUCKETS}.
 *
 * <p>On a {@code PrometheusMeterRegistry} node durations, recorded on every attempt, are compact
 * per-node histograms the registry reads at each scrape (two atomic additions per attempt, no
 * {@code _max}); on any other registry they are Micrometer timers. The Prometheus registry is an
 * optional dependency.
 *
 * <p>Thread-safe: one instance may serve any number of engines and runs at once. Give each graph
 * its own instance (and graph name); two instances with the same graph name on one registry are
 * refused, since their gauges would hide each other.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * MicrometerMetrics metrics = MicrometerMetrics.builder(registry, "orders")
 *     .nodes(graph.nodeIds()) // registers every node's meters at 0 up front
 *     .build();
 * Engine<Order> engine = Engine.builder(graph).metrics(metrics).build();
 * String scrape = registry.scrape(); // the Prometheus text format
 * }</pre>
 */
public final class MicrometerMetrics implements EngineMetrics {
  /**
   * Histogram bucket bounds of every duration meter, for workflow latencies from about a
   * millisecond (an in-memory node, a checkpoint) to ten minutes (a long run): 1, 2.5, 5, 10, 25,
   * 50, 100, 250, 500 ms, 1, 2.5, 5, 10, 30 s, 1, 2, 5 and 10 min, plus {@code +Inf}.
   */
  public static final List<Duration> BUCKETS =
      List.of(
          Duration.ofMillis(1),
          Duration.ofNanos(2_500_000),
          Duration.ofMillis(5),
          Duration.ofMillis(10),
          Duration.ofMillis(25),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10));

  /** The run outcomes the engine reports; their counters exist from the start, at 0. */
  static final List<String> RUN_OUTCOMES = List.of("completed", "failed", "paused", "cancelled");

  private static final String NODE_DURATION_HELP = "Duration of one attempt of a node, by outcome";

  private final MeterRegistry registry;
  private final String graph;
  private final Tags graphTags;
  private final NodeDurations durations;
  private final Map<String, NodeMeters> nodes = new ConcurrentHashMap<>();
  private final Map<String, Counter> runs;
  private final Timer runDuration;
  private final Timer checkpointDuration;
  private final Counter backpressureEvents;
  private final Timer backpressureWait;
  private final Counter backpressureTimeouts;
  private final Counter eventsDropped;
  // Depth and in-flight change on the coordinator and on every worker: adders, so the threads of a
  // concurrent run do not pass one cache line back and forth on each attempt.
  private final LongAdder queueDepth = new LongAdder();
  private final AtomicLong queueCapacity = new AtomicLong();
  private final LongAdder inFlight = new LongAdder();

  private MicrometerMetrics(Builder b) {
    this.registry = b.registry;
    this.graph = b.graph;
    this.graphTags = Tags.of("graph", graph);
    refuseSecondInstance();
    this.durations =
        isPrometheus(registry)
            ? PrometheusDurations.register(registry, NODE_DURATION_HELP)
            : new TimerDurations(registry, NODE_DURATION_HELP);
    Map<String, Counter> byOutcome = new ConcurrentHashMap<>();
    for (String outcome : RUN_OUTCOMES) {
      byOutcome.put(outcome, runCounter(outcome));
    }
    this.runs = byOutcome;
    this.runDuration =
        timer("weft.run.duration", "Duration of a run (or one resume of it)", graphTags);
    this.checkpointDuration =
        timer("weft.checkpoint.duration", "Duration of one checkpoint save", graphTags);
    this.backpressureEvents =
        counter(
            "weft.backpressure.events",
            "Times the coordinator found the work queue full",
            graphTags);
    this.backpressureWait =
        timer("weft.backpressure.wait", "Time the coordinator waited for queue space", graphTags);
    this.backpressureTimeouts =
        counter(
            "weft.backpressure.timeouts",
            "Runs failed because a backpressure wait outlived Options.backpressureTimeout",
            graphTags);
    this.eventsDropped =
        counter(
            "weft.events.dropped",
            "Events not delivered: an emitter threw, or an async emitter's queue was full",
            graphTags);
    gauge(
        "weft.queue.depth",
        "Activations waiting for a worker, summed over runs",
        queueDepth,
        LongAdder::sum);
    gauge(
        "weft.queue.capacity",
        "Configured work queue capacity (Options.queueDepth)",
        queueCapacity,
        AtomicLong::get);
    gauge(
        "weft.inflight.nodes", "Attempts running now, summed over runs", inFlight, LongAdder::sum);
    for (String node : b.nodes) {
      meters(node);
    }
  }

  /** Metrics for graph {@code graphName} on {@code registry}, node meters created on first use. */
  public static MicrometerMetrics of(MeterRegistry registry, String graphName) {
    return builder(registry, graphName).build();
  }

  /** Starts configuring metrics for graph {@code graphName} on {@code registry}. */
  public static Builder builder(MeterRegistry registry, String graphName) {
    return new Builder(registry, graphName);
  }

  /** The graph name this instance tags its meters with. */
  public String graph() {
    return graph;
  }

  /** The node's meters, created (at 0) on the first call for the node. */
  @Override
  public NodeMetrics forNode(String nodeId) {
    return meters(nodeId);
  }

  @Override
  public void nodeFinished(String nodeId, String outcome, long durationNanos) {
    meters(nodeId).finished(outcome, durationNanos);
  }

  @Override
  public void retryScheduled(String nodeId) {
    meters(nodeId).retryScheduled();
  }

  @Override
  public void nodeTimedOut(String nodeId) {
    meters(nodeId).timedOut();
  }

  @Override
  public void nodeAbandoned(String nodeId) {
    meters(nodeId).abandoned();
  }

  @Override
  public void backpressureStarted() {
    backpressureEvents.increment();
  }

  @Override
  public void backpressureResolved(long waitNanos) {
    backpressureWait.record(waitNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void backpressureTimedOut() {
    backpressureTimeouts.increment();
  }

  @Override
  public void queueDepthChanged(int delta) {
    queueDepth.add(delta);
  }

  @Override
  public void queueCapacity(int capacity) {
    queueCapacity.set(capacity);
  }

  @Override
  public void inFlightChanged(int delta) {
    inFlight.add(delta);
  }

  @Override
  public void runFinished(String outcome, long durationNanos) {
    Counter c = runs.get(outcome);
    if (c == null) {
      c = runs.computeIfAbsent(outcome, this::runCounter); // an outcome added by a newer core
    }
    c.increment();
    runDuration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void checkpointSaved(long durationNanos) {
    checkpointDuration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void eventsDropped(long count) {
    eventsDropped.increment((double) count);
  }

  private NodeMeters meters(String nodeId) {
    NodeMeters m = nodes.get(nodeId);
    return m != null ? m : nodes.computeIfAbsent(nodeId, NodeMeters::new);
  }

  private Counter runCounter(String outcome) {
    return counter("weft.runs", "Runs that ended, by outcome", graphTags.and("outcome", outcome));
  }

  private Timer timer(String name, String help, Tags tags) {
    return timer(registry, name, help, tags);
  }

  /** A timer with the buckets of {@link #BUCKETS}. */
  static Timer timer(MeterRegistry registry, String name, String help, Tags tags) {
    return Timer.builder(name)
        .description(help)
        .tags(tags)
        .serviceLevelObjectives(BUCKETS.toArray(Duration[]::new))
        .register(registry);
  }

  private Counter counter(String name, String help, Tags tags) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }

  private <T> void gauge(String name, String help, T value, ToDoubleFunction<T> read) {
    Gauge.builder(name, value, read)
        .description(help)
        .tags(graphTags)
        .strongReference(true)
        .register(registry);
  }

  /**
   * Whether {@code registry} is a {@code PrometheusMeterRegistry}, found by class name: the
   * Prometheus registry is an optional dependency, so its class may be absent.
   */
  private static boolean isPrometheus(MeterRegistry registry) {
    for (Class<?> c = registry.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals("io.micrometer.prometheusmetrics.PrometheusMeterRegistry")) {
        return true;
      }
    }
    return false;
  }

  private void refuseSecondInstance() {
    if (registry.find("weft.queue.depth").tags(graphTags).gauge() != null) {
      throw new IllegalStateException(
          "graph name '"
              + graph
              + "' is already used by another MicrometerMetrics on this registry; give each"
              + " graph its own name, or share one MicrometerMetrics between the engines of a graph");
    }
  }

  /** The meters of one node, created together so every node has all of them. */
  private final class NodeMeters implements NodeMetrics {
    final Counter retries;
    final Counter timeouts;
    final Counter abandoned;
    final NodeDurations.Recorder duration;

    NodeMeters(String nodeId) {
      Tags tags = graphTags.and("node", nodeId);
      this.retries = counter("weft.node.retries", "Retries scheduled for a node", tags);
      this.timeouts = counter("weft.node.timeouts", "Attempts cut off by a time limit", tags);
      this.abandoned =
          counter("weft.node.abandoned", "Timed-out attempts that ignored their interrupt", tags);
      this.duration = durations.forNode(tags, Tags.of(retries.getId().getTags()));
    }

    @Override
    public void finished(String outcome, long durationNanos) {
      duration.record(outcome, durationNanos);
    }

    @Override
    public void retryScheduled() {
      retries.increment();
    }

    @Override
    public void timedOut() {
      timeouts.increment();
    }

    @Override
    public void abandoned() {
      abandoned.increment();
    }
  }

  /**
   * Configures {@link MicrometerMetrics}.
   *
   * <p>Not thread-safe; build on one thread, then share the result.
   */
  public static final class Builder {
    private final MeterRegistry registry;
    private final String graph;
    private final List<String> nodes = new ArrayList<>();

    private Builder(MeterRegistry registry, String graphName) {
      this.registry = Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(graphName, "graphName");
      if (graphName.isBlank() || graphName.length() > 100) {
        throw new IllegalArgumentException(
            "graph name must be 1 to 100 characters and not blank, was '"
                + graphName
                + "'; use a short fixed name such as \"orders\" (never a run id)");
      }
      this.graph = graphName;
    }

    /**
     * Registers the meters of these nodes at 0 when building, so their counters exist before the
     * first retry or timeout (Prometheus' {@code increase()} then sees the first one too). Pass
     * {@code graph.nodeIds()}.
     */
    public Builder nodes(Collection<String> nodeIds) {
      for (String id : nodeIds) {
        nodes.add(Objects.requireNonNull(id, "node id"));
      }
      return this;
    }

    /** The metrics; registers the engine-level meters (at 0) on the registry. */
    public MicrometerMetrics build() {
      return new MicrometerMetrics(this);
    }
  }
}
