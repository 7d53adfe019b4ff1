package dev.weft.opentelemetry;

import dev.weft.Event;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The spans of one run segment (a start or a resume up to its end): the run span and its open
 * attempt spans. Events of one run arrive from its coordinator, its workers and its watchdogs, in
 * causal order for each attempt. The open attempts are a concurrent map, so a worker starting an
 * attempt and the coordinator ending another never wait for each other.
 */
final class RunTrace {
  static final AttributeKey<String> GRAPH = AttributeKey.stringKey("weft.graph");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("weft.run_id");
  static final AttributeKey<String> NODE = AttributeKey.stringKey("weft.node");
  static final AttributeKey<Long> STEP = AttributeKey.longKey("weft.step");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("weft.attempt");
  static final AttributeKey<Boolean> RESUMED = AttributeKey.booleanKey("weft.resumed");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("weft.outcome");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  /** Entries a default {@link ConcurrentHashMap} holds before it grows (16 at load 0.75). */
  private static final int DEFAULT_OPEN = 12;

  private final Tracer tracer;
  private final String graph;
  private final BiConsumer<Event, Span> customizer;
  private final SpanNames names;
  private final Span span;
  private final Context context;

  /**
   * Open attempts by (step, node, attempt): one, or a chain in start order for the send branches of
   * one node. Their end events carry nothing that tells the branches apart, so the first open one
   * ends first. Chains are immutable and replaced whole, inside the map's atomic {@code merge} and
   * {@code computeIfPresent}.
   */
  private final ConcurrentHashMap<AttemptKey, Open> open;

  /**
   * The most attempts open at once so far, so the next segment's map starts large enough: a map
   * that grows while workers insert into it costs more than their spans. Raised by the threads that
   * start attempts.
   */
  private final AtomicInteger widest = new AtomicInteger();

  /** An open attempt span, and the attempts opened after it under the same key. */
  private record Open(Span span, Open next) {
    Open append(Open last) {
      return new Open(span, next == null ? last : next.append(last));
    }
  }

  /** Identifies an attempt within a run segment; cheaper to build and hash than a joined string. */
  private record AttemptKey(long step, String nodeId, int attempt) {
    static AttemptKey of(Event e) {
      return new AttemptKey(e.step(), e.nodeId(), e.attempt());
    }
  }

  private RunTrace(
      Tracer tracer,
      String graph,
      BiConsumer<Event, Span> customizer,
      SpanNames names,
      Span span,
      int expectedOpen) {
    this.open =
        expectedOpen <= DEFAULT_OPEN
            ? new ConcurrentHashMap<>()
            : new ConcurrentHashMap<>(expectedOpen);
    this.tracer = tracer;
    this.graph = graph;
    this.customizer = customizer;
    this.names = names;
    this.span = span;
    this.context = Context.root().with(span);
  }

  static RunTrace start(
      Tracer tracer,
      String graph,
      BiConsumer<Event, Span> customizer,
      SpanNames names,
      Event e,
      Context parent,
      SpanContext previous,
      int expectedOpen) {
    boolean resumed = e.type() == dev.weft.EventType.RUN_RESUMED;
    var builder =
        tracer
            .spanBuilder("weft.run " + graph)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(parent)
            .setStartTimestamp(e.time())
            .setAttribute(GRAPH, graph)
            .setAttribute(RUN_ID, e.runId())
            .setAttribute(RESUMED, resumed);
    if (resumed) {
      builder.setAttribute(STEP, e.step());
      if (previous != null && previous.isValid()) {
        builder.addLink(previous, Attributes.of(OUTCOME, "resumed from"));
      }
    }
    Span span = builder.startSpan();
    customizer.accept(e, span);
    return new RunTrace(tracer, graph, customizer, names, span, expectedOpen);
  }

  /** An abandonment reported after its run segment ended: a point span under the ended run span. */
  static void abandonedAfterRun(Tracer tracer, String graph, Event e, SpanContext run) {
    Span s =
        withAttempt(
                tracer
                    .spanBuilder("weft.node " + e.nodeId())
                    .setParent(Context.root().with(Span.wrap(run)))
                    .setStartTimestamp(e.time()),
                graph,
                e)
            .startSpan();
    s.addEvent("weft.abandoned", grace(e), e.time());
    s.setAttribute(OUTCOME, "abandoned");
    s.setStatus(StatusCode.ERROR, "the timed-out attempt ignored its interrupt");
    s.end(e.time());
  }

  Span span() {
    return span;
  }

  /** The most attempts this segment had open at once. */
  int widest() {
    return widest.get();
  }

  void on(Event e) {
    switch (e.type()) {
      case NODE_STARTED -> startAttempt(e);
      case NODE_SUCCEEDED -> endAttempt(e, null);
      case NODE_FAILED -> endAttempt(e, String.valueOf(e.attribute("error")));
      case NODE_TIMED_OUT -> timedOut(e);
      case NODE_ABANDONED ->
          span.addEvent("weft.abandoned", nodeEvent(e).putAll(grace(e)).build(), e.time());
      case RETRY_SCHEDULED ->
          span.addEvent(
              "weft.retry_scheduled",
              nodeEvent(e)
                  .put("weft.retry.delay", seconds(e.attribute("delayNanos")))
                  .put("weft.retry.next_attempt", number(e.attribute("nextAttempt")))
                  .build(),
              e.time());
      case BACKPRESSURE ->
          span.addEvent(
              "weft.backpressure",
              queueEvent(e).put("weft.inflight", number(e.attribute("inFlight"))).build(),
              e.time());
      case BACKPRESSURE_RESOLVED ->
          span.addEvent(
              "weft.backpressure_resolved",
              nodeEvent(e).put("weft.backpressure.wait", seconds(e.attribute("waitNanos"))).build(),
              e.time());
      case BACKPRESSURE_TIMEOUT ->
          span.addEvent(
              "weft.backpressure_timeout",
              queueEvent(e)
                  .put("weft.backpressure.wait", seconds(e.attribute("waitNanos")))
                  .build(),
              e.time());
      case NODE_CANCELLED -> endAttempt(e, "cancelled");
      default -> {
        // run-level and routing events: the run span's start and end carry what matters
      }
    }
  }

  private void startAttempt(Event e) {
    Span s =
        withAttempt(
                tracer
                    .spanBuilder(names.node(e.nodeId()))
                    .setSpanKind(SpanKind.INTERNAL)
                    .setParent(context)
                    .setStartTimestamp(e.time()),
                graph,
                e)
            .startSpan();
    customizer.accept(e, s);
    open.merge(AttemptKey.of(e), new Open(s, null), Open::append);
    int n = open.size();
    if (n > widest.get()) {
      widest.accumulateAndGet(n, Math::max);
    }
  }

  /** Ends the attempt's span; {@code error} is the failure's class name, or null on success. */
  private void endAttempt(Event e, String error) {
    Span s = take(e, true);
    if (s == null) {
      return;
    }
    if (error == null) {
      s.setAttribute(OUTCOME, "success");
    } else if ("cancelled".equals(error)) {
      s.setAttribute(OUTCOME, "cancelled");
    } else {
      s.setAttribute(OUTCOME, "error");
      s.setAttribute(ERROR_TYPE, error);
      if (e.attribute("willRetry") instanceof Boolean retry) {
        s.setAttribute("weft.will_retry", retry);
      }
      s.addEvent(
          "exception",
          Attributes.of(
              EXCEPTION_TYPE, error, EXCEPTION_MESSAGE, String.valueOf(e.attribute("message"))),
          e.time());
      s.setStatus(StatusCode.ERROR, String.valueOf(e.attribute("message")));
    }
    s.end(e.time());
  }

  private void timedOut(Event e) {
    Span s = take(e, false);
    if (s != null) {
      s.addEvent(
          "weft.timeout",
          Attributes.builder()
              .put("weft.timeout.limit", seconds(e.attribute("limitNanos")))
              .put("weft.timeout.source", String.valueOf(e.attribute("source")))
              .build(),
          e.time());
    }
  }

  /** The first open span of the event's attempt, taken out of the open ones when {@code remove}. */
  private Span take(Event e, boolean remove) {
    AttemptKey key = AttemptKey.of(e);
    if (!remove) {
      Open chain = open.get(key);
      return chain == null ? null : chain.span();
    }
    Span[] taken = new Span[1];
    open.computeIfPresent(
        key,
        (k, chain) -> {
          taken[0] = chain.span();
          return chain.next();
        });
    return taken[0];
  }

  /** Ends the run span at its end event; attempts left open end with it, marked cancelled. */
  void end(Event e) {
    closeOpenAttempts(e.time());
    switch (e.type()) {
      case RUN_COMPLETED -> {
        span.setAttribute(OUTCOME, "completed");
        span.setAttribute("weft.steps", number(e.attribute("steps")));
      }
      case RUN_PAUSED -> {
        span.setAttribute(OUTCOME, "paused");
        span.setAttribute("weft.pause_reason", String.valueOf(e.attribute("reason")));
      }
      default -> {
        String error = String.valueOf(e.attribute("error"));
        span.setAttribute(OUTCOME, "failed");
        span.setAttribute(ERROR_TYPE, error);
        span.addEvent(
            "exception",
            Attributes.of(
                EXCEPTION_TYPE, error, EXCEPTION_MESSAGE, String.valueOf(e.attribute("message"))),
            e.time());
        span.setStatus(StatusCode.ERROR, String.valueOf(e.attribute("message")));
      }
    }
    span.end(e.time());
  }

  /** Closes a segment whose end event never arrived. */
  void abandon(Instant at) {
    closeOpenAttempts(at);
    span.setAttribute(OUTCOME, "unknown");
    span.end(at);
  }

  private void closeOpenAttempts(Instant at) {
    for (AttemptKey key : open.keySet()) {
      Open chain = open.remove(key);
      for (Open o = chain; o != null; o = o.next()) {
        o.span().setAttribute(OUTCOME, "cancelled");
        o.span().end(at);
      }
    }
  }

  /**
   * The five attributes of an attempt span, set on the builder: an intermediate {@code Attributes}
   * would be sorted and then copied into the span's own map.
   */
  private static SpanBuilder withAttempt(SpanBuilder b, String graph, Event e) {
    return b.setAttribute(GRAPH, graph)
        .setAttribute(RUN_ID, e.runId())
        .setAttribute(NODE, e.nodeId())
        .setAttribute(STEP, e.step())
        .setAttribute(ATTEMPT, (long) e.attempt());
  }

  private static AttributesBuilder nodeEvent(Event e) {
    AttributesBuilder b = Attributes.builder().put(STEP, e.step());
    if (e.nodeId() != null) {
      b.put(NODE, e.nodeId());
    }
    if (e.attempt() > 0) {
      b.put(ATTEMPT, (long) e.attempt());
    }
    return b;
  }

  /** A backpressure event's attributes: its node's, and the queue's depth and capacity. */
  private static AttributesBuilder queueEvent(Event e) {
    return nodeEvent(e)
        .put("weft.queue.depth", number(e.attribute("depth")))
        .put("weft.queue.capacity", number(e.attribute("capacity")));
  }

  private static Attributes grace(Event e) {
    return Attributes.builder()
        .put("weft.abandon.grace", seconds(e.attribute("graceNanos")))
        .build();
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static double seconds(Object nanos) {
    return nanos instanceof Number n ? n.doubleValue() / TimeUnit.SECONDS.toNanos(1) : 0;
  }
}
