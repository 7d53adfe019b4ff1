package dev.weft.opentelemetry;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Turns the engine's events into OpenTelemetry spans: one span per run (or per resume of a run)
 * and, as its children, one span per node attempt, with span events for retries, timeouts,
 * backpressure and abandoned attempts. Spans get the events' own times and an explicit parent, so
 * they are correct although attempts run on other threads, and even when this emitter sits behind
 * an {@link dev.weft.emit.AsyncEmitter}.
 *
 * <p>A run span is named {@code weft.run <graph>} and carries {@code weft.graph} and {@code
 * weft.run_id}; an attempt span is named {@code weft.node <node>} and adds {@code weft.node},
 * {@code weft.step} and {@code weft.attempt}. A failure sets status ERROR, {@code error.type} (the
 * exception's class name) and an {@code exception} event. The state is never put in attributes; add
 * your own with {@link Builder#customizer}. A resumed run gets a new run span linked to the span of
 * the run's previous segment when that ran in this process (the last {@link Builder#rememberedRuns}
 * runs are remembered).
 *
 * <p>Thread-safe: one instance serves every run of an engine.
 *
 * <pre>{@code
 * TracingEmitter tracing = TracingEmitter.builder(openTelemetry, "orders").build();
 * Engine<Order> engine = Engine.builder(graph).emitter(tracing).build();
 * tracing.parent("order-42", Context.current()); // optional: nest the run in the caller's trace
 * engine.run("order-42", order);
 * }</pre>
 */
public final class TracingEmitter implements Emitter {
  private final Tracer tracer;
  private final String graph;
  private final BiConsumer<Event, Span> customizer;
  private final int remembered;
  private final SpanNames names = new SpanNames();
  private final Map<String, RunTrace> runs = new ConcurrentHashMap<>();
  private final Map<String, Context> parents = new ConcurrentHashMap<>();

  /** The most attempts any ended run segment had open at once: sizes the next one's map. */
  private final AtomicInteger widestRun = new AtomicInteger();

  private final ReentrantLock pastLock = new ReentrantLock();
  private final LinkedHashMap<String, SpanContext> past;

  private TracingEmitter(Builder b) {
    this.tracer = b.openTelemetry.getTracer("dev.weft.opentelemetry");
    this.graph = b.graph;
    this.customizer = b.customizer;
    this.remembered = b.rememberedRuns;
    this.past =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > remembered;
          }
        };
  }

  /** Starts configuring tracing for graph {@code graphName} (the {@code weft.graph} attribute). */
  public static Builder builder(OpenTelemetry openTelemetry, String graphName) {
    return new Builder(openTelemetry, graphName);
  }

  /**
   * Makes {@code parent} the parent of the next run span of {@code runId} (its start or resume),
   * once. Without it a run span is the root of a new trace. Call it on the thread that holds the
   * context, before {@code run}/{@code resume}: the engine may coordinate the run on another
   * thread.
   */
  public void parent(String runId, Context parent) {
    parents.put(Objects.requireNonNull(runId, "runId"), Objects.requireNonNull(parent, "parent"));
  }

  /** Spans still open (runs that have not ended), for tests and diagnostics. */
  public int openRuns() {
    return runs.size();
  }

  /**
   * The run, attempt, retry, timeout, backpressure and abandonment events; routing, step,
   * checkpoint, input and LLM events add nothing to the spans, so the engine does not build them
   * for tracing.
   */
  @Override
  public boolean accepts(EventType type) {
    return switch (type) {
      case ROUTED, STEP_COMMITTED, CHECKPOINT_SAVED, INPUT_RECEIVED, LLM_CALL -> false;
      default -> true;
    };
  }

  @Override
  public void emit(Event e) {
    switch (e.type()) {
      case RUN_STARTED, RUN_RESUMED -> startRun(e);
      case RUN_COMPLETED, RUN_FAILED, RUN_PAUSED -> endRun(e);
      case NODE_ABANDONED -> abandoned(e);
      default -> {
        RunTrace run = runs.get(e.runId());
        if (run != null) {
          run.on(e);
        }
      }
    }
  }

  private void startRun(Event e) {
    Context parent = parents.remove(e.runId());
    SpanContext previous = previousSegment(e.runId());
    RunTrace run =
        RunTrace.start(
            tracer,
            graph,
            customizer,
            names,
            e,
            parent == null ? Context.root() : parent,
            previous,
            widestRun.get());
    RunTrace stale = runs.put(e.runId(), run);
    if (stale != null) {
      stale.abandon(e.time()); // its end event never came (dropped): close it rather than leak it
    }
  }

  private void endRun(Event e) {
    RunTrace run = runs.remove(e.runId());
    if (run == null) {
      return;
    }
    run.end(e);
    remember(e.runId(), run.span().getSpanContext());
    if (run.widest() > widestRun.get()) {
      widestRun.accumulateAndGet(run.widest(), Math::max);
    }
  }

  private void abandoned(Event e) {
    RunTrace run = runs.get(e.runId());
    if (run != null) {
      run.on(e);
      return;
    }
    SpanContext ended = previousSegment(e.runId());
    if (ended != null) {
      RunTrace.abandonedAfterRun(tracer, graph, e, ended);
    }
  }

  private SpanContext previousSegment(String runId) {
    pastLock.lock();
    try {
      return past.get(runId);
    } finally {
      pastLock.unlock();
    }
  }

  private void remember(String runId, SpanContext context) {
    pastLock.lock();
    try {
      past.put(runId, context);
    } finally {
      pastLock.unlock();
    }
  }

  /**
   * Configures a {@link TracingEmitter}.
   *
   * <p>Not thread-safe; build on one thread, then share the result.
   */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private final String graph;
    private BiConsumer<Event, Span> customizer = (e, s) -> {};
    private int rememberedRuns = 10_000;

    private Builder(OpenTelemetry openTelemetry, String graphName) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      Objects.requireNonNull(graphName, "graphName");
      if (graphName.isBlank()) {
        throw new IllegalArgumentException(
            "graph name must not be blank; use a short fixed name such as \"orders\"");
      }
      this.graph = graphName;
    }

    /**
     * Called with each run span and attempt span as it starts (on the emitting thread), to add
     * attributes of your own; the span must not be ended there.
     */
    public Builder customizer(BiConsumer<Event, Span> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * How many ended runs keep their span context so a resume can link to it (default 10,000; a few
     * hundred bytes each).
     */
    public Builder rememberedRuns(int runs) {
      if (runs < 0) {
        throw new IllegalArgumentException("rememberedRuns must be ≥ 0, was " + runs);
      }
      this.rememberedRuns = runs;
      return this;
    }

    /** The emitter. */
    public TracingEmitter build() {
      return new TracingEmitter(this);
    }
  }
}
