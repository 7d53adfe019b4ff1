package dev.weft.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RetryPolicy;
import dev.weft.Route.Branch;
import dev.weft.TransientException;
import dev.weft.WeftException;
import dev.weft.emit.AsyncEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingEmitterTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder().setTracerProvider(provider).build();
  private final TracingEmitter tracing = TracingEmitter.builder(otel, "orders").build();

  @AfterEach
  void close() {
    provider.close();
  }

  /** {@code fan} sends {@code width} branches to {@code work}, then {@code done}. */
  private static Graph<Bag> fanOut(int width, Work body, NodePolicy policy) {
    return Graph.<Bag>builder(Bag::merge)
        .node(
            "fan",
            (s, ctx) -> {
              List<Branch<Bag>> branches = new ArrayList<>();
              for (int i = 0; i < width; i++) {
                branches.add(Branch.of("work", Bag.of(i)));
              }
              return NodeResult.send(null, branches);
            })
        .node(
            "work",
            (in, ctx) -> {
              body.run(in.first(), ctx.attempt());
              return NodeResult.next(Bag.of(in.first()));
            },
            policy)
        .node("done", (s, ctx) -> NodeResult.stop(Bag.of(-1)))
        .routes("fan", "work")
        .edge("work", "done")
        .start("fan")
        .build();
  }

  @FunctionalInterface
  interface Work {
    void run(int input, int attempt) throws Exception;
  }

  private List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  private SpanData runSpan() {
    List<SpanData> runs = spans().stream().filter(s -> s.getName().startsWith("weft.run")).toList();
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

  private List<SpanData> attempts(String node) {
    return spans().stream().filter(s -> s.getName().equals("weft.node " + node)).toList();
  }

  private static <T> T attr(SpanData s, AttributeKey<T> key) {
    return s.getAttributes().get(key);
  }

  @Test
  void aRunSpanParentsOneSpanPerAttemptAcrossThreadsWithRealTimes() {
    Engine<Bag> engine =
        Engine.builder(fanOut(6, (i, a) -> Thread.sleep(20), NodePolicy.defaults()))
            .options(Options.builder().maxConcurrentNodes(3).build())
            .emitter(tracing)
            .build();

    engine.run("r-1", Bag.of());

    SpanData run = runSpan();
    assertThat(run.getName()).isEqualTo("weft.run orders");
    assertThat(run.getParentSpanContext().isValid()).isFalse();
    assertThat(attr(run, RunTrace.GRAPH)).isEqualTo("orders");
    assertThat(attr(run, RunTrace.RUN_ID)).isEqualTo("r-1");
    assertThat(attr(run, RunTrace.OUTCOME)).isEqualTo("completed");
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    List<SpanData> work = attempts("work");
    assertThat(work).hasSize(6);
    assertThat(attempts("fan")).hasSize(1);
    assertThat(attempts("done")).hasSize(1);
    for (SpanData s : spans()) {
      if (s.getSpanId().equals(run.getSpanId())) {
        continue;
      }
      assertThat(s.getParentSpanId()).isEqualTo(run.getSpanId());
      assertThat(s.getTraceId()).isEqualTo(run.getTraceId());
      assertThat(s.getStartEpochNanos()).isGreaterThanOrEqualTo(run.getStartEpochNanos());
      assertThat(s.getEndEpochNanos()).isLessThanOrEqualTo(run.getEndEpochNanos());
      assertThat(attr(s, RunTrace.RUN_ID)).isEqualTo("r-1");
      assertThat(attr(s, RunTrace.ATTEMPT)).isEqualTo(1L);
    }
    for (SpanData s : work) {
      assertThat(attr(s, RunTrace.STEP)).isEqualTo(1L);
      assertThat(attr(s, RunTrace.NODE)).isEqualTo("work");
      assertThat(s.getEndEpochNanos() - s.getStartEpochNanos())
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(19));
    }
    // Attempts ran at once on several workers: their spans overlap in time.
    assertThat(work)
        .anySatisfy(
            a ->
                assertThat(work)
                    .anyMatch(
                        b ->
                            !b.getSpanId().equals(a.getSpanId())
                                && b.getStartEpochNanos() < a.getEndEpochNanos()
                                && a.getStartEpochNanos() < b.getEndEpochNanos()));
    assertThat(tracing.openRuns()).isZero();
  }

  @Test
  void aFailureSetsErrorStatusErrorTypeAndAnExceptionEvent() {
    Engine<Bag> engine =
        Engine.builder(
                fanOut(
                    2,
                    (i, a) -> {
                      if (i == 1) {
                        throw new PermanentException("bad input");
                      }
                    },
                    NodePolicy.defaults()))
            .emitter(tracing)
            .build();

    assertThatThrownBy(() -> engine.run("r-fail", Bag.of())).isInstanceOf(WeftException.class);

    SpanData failed =
        attempts("work").stream()
            .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
            .findFirst()
            .orElseThrow();
    assertThat(attr(failed, RunTrace.ERROR_TYPE)).isEqualTo(PermanentException.class.getName());
    EventData exception = event(failed, "exception");
    assertThat(exception.getAttributes().get(RunTrace.EXCEPTION_MESSAGE)).isEqualTo("bad input");
    SpanData run = runSpan();
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(run, RunTrace.ERROR_TYPE)).isNotBlank();
    assertThat(event(run, "exception")).isNotNull();
    assertThat(attr(run, RunTrace.OUTCOME)).isEqualTo("failed");
  }

  @Test
  void retriesAndTimeoutsBecomeSpanEvents() {
    Engine<Bag> engine =
        Engine.builder(
                fanOut(
                    2,
                    (i, attempt) -> {
                      if (i == 0 && attempt == 1) {
                        throw new TransientException("flaky");
                      }
                      if (i == 1 && attempt == 1) {
                        Thread.sleep(10_000);
                      }
                    },
                    NodePolicy.builder()
                        .timeout(Duration.ofMillis(100))
                        .retry(
                            RetryPolicy.builder()
                                .maxAttempts(2)
                                .backoff(Duration.ofMillis(30), Duration.ofMillis(30))
                                .withoutJitter()
                                .build())
                        .build()))
            .options(Options.builder().maxConcurrentNodes(2).build())
            .emitter(tracing)
            .build();

    engine.run("r-retry", Bag.of());

    List<SpanData> work = attempts("work");
    assertThat(work).hasSize(4);
    assertThat(work)
        .extracting(s -> attr(s, RunTrace.ATTEMPT))
        .containsExactlyInAnyOrder(1L, 1L, 2L, 2L);
    SpanData timedOut =
        work.stream().filter(s -> hasEvent(s, "weft.timeout")).findFirst().orElseThrow();
    assertThat(
            event(timedOut, "weft.timeout")
                .getAttributes()
                .get(AttributeKey.doubleKey("weft.timeout.limit")))
        .isEqualTo(0.1);
    assertThat(timedOut.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(timedOut, RunTrace.ERROR_TYPE)).isEqualTo("dev.weft.NodeTimeoutException");
    long timeoutNanos = timedOut.getEndEpochNanos() - timedOut.getStartEpochNanos();
    assertThat(timeoutNanos)
        .isBetween(TimeUnit.MILLISECONDS.toNanos(95), TimeUnit.SECONDS.toNanos(5));
    SpanData run = runSpan();
    List<EventData> retries =
        run.getEvents().stream().filter(e -> e.getName().equals("weft.retry_scheduled")).toList();
    assertThat(retries).hasSize(2);
    assertThat(retries)
        .allSatisfy(
            e -> {
              assertThat(e.getAttributes().get(AttributeKey.doubleKey("weft.retry.delay")))
                  .isEqualTo(0.03);
              assertThat(e.getAttributes().get(RunTrace.NODE)).isEqualTo("work");
              assertThat(e.getAttributes().get(AttributeKey.longKey("weft.retry.next_attempt")))
                  .isEqualTo(2L);
            });
  }

  @Test
  void backpressureIsAnEventOfTheRunSpan() {
    Engine<Bag> engine =
        Engine.builder(fanOut(6, (i, a) -> Thread.sleep(20), NodePolicy.defaults()))
            .options(Options.builder().maxConcurrentNodes(1).queueDepth(1).build())
            .emitter(tracing)
            .build();

    engine.run("r-bp", Bag.of());

    SpanData run = runSpan();
    EventData bp = event(run, "weft.backpressure");
    assertThat(bp.getAttributes().get(AttributeKey.longKey("weft.queue.capacity"))).isEqualTo(1L);
    assertThat(bp.getAttributes().get(AttributeKey.longKey("weft.queue.depth"))).isEqualTo(1L);
    assertThat(event(run, "weft.backpressure_resolved")).isNotNull();
    assertThat(bp.getEpochNanos()).isBetween(run.getStartEpochNanos(), run.getEndEpochNanos());
  }

  @Test
  void aResumedRunGetsANewRunSpanLinkedToThePreviousOne() {
    AtomicBoolean broken = new AtomicBoolean(true);
    Engine<Bag> engine =
        Engine.builder(
                fanOut(
                    2,
                    (i, a) -> {
                      if (broken.get() && i == 1) {
                        throw new PermanentException("down");
                      }
                    },
                    NodePolicy.defaults()))
            .store(new InMemoryCheckpointStore<>())
            .emitter(tracing)
            .build();
    assertThatThrownBy(() -> engine.run("r-resume", Bag.of())).isInstanceOf(WeftException.class);
    broken.set(false);

    engine.resume("r-resume");

    List<SpanData> runs = spans().stream().filter(s -> s.getName().startsWith("weft.run")).toList();
    assertThat(runs).hasSize(2);
    SpanData first = runs.get(0);
    SpanData second = runs.get(1);
    assertThat(attr(second, RunTrace.RESUMED)).isTrue();
    assertThat(attr(second, RunTrace.STEP)).isEqualTo(1L);
    assertThat(second.getLinks()).hasSize(1);
    assertThat(second.getLinks().get(0).getSpanContext()).isEqualTo(first.getSpanContext());
    assertThat(second.getSpanId()).isNotEqualTo(first.getSpanId());
    assertThat(attr(second, RunTrace.OUTCOME)).isEqualTo("completed");
  }

  @Test
  void aRunCanBeNestedInTheCallersTrace() {
    Span request = otel.getTracer("test").spanBuilder("request").startSpan();
    Engine<Bag> engine =
        Engine.builder(fanOut(2, (i, a) -> {}, NodePolicy.defaults()))
            .options(Options.builder().maxConcurrentNodes(2).build())
            .emitter(tracing)
            .build();

    tracing.parent("r-nested", Context.root().with(request));
    engine.run("r-nested", Bag.of());
    request.end();

    SpanData run = runSpan();
    assertThat(run.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
  }

  @Test
  void anAbandonedAttemptIsReported() {
    Engine<Bag> engine =
        Engine.builder(
                fanOut(
                    1,
                    (i, attempt) -> {
                      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
                      while (System.nanoTime() < end) {
                        Thread.onSpinWait(); // ignores the interrupt
                      }
                    },
                    NodePolicy.builder().timeout(Duration.ofMillis(50)).build()))
            .options(Options.builder().maxConcurrentNodes(1).build())
            .emitter(tracing)
            .build();

    assertThatThrownBy(() -> engine.run("r-abandon", Bag.of())).isInstanceOf(WeftException.class);

    // The watchdog reports after a grace period, possibly after the run ended.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until
        && spans().stream().noneMatch(s -> hasEvent(s, "weft.abandoned"))) {
      Thread.onSpinWait();
    }
    SpanData withEvent =
        spans().stream().filter(s -> hasEvent(s, "weft.abandoned")).findFirst().orElseThrow();
    assertThat(withEvent.getTraceId()).isEqualTo(runSpan().getTraceId());
  }

  @Test
  void spansKeepTheirTimesBehindAnAsyncEmitter() {
    AsyncEmitter async = new AsyncEmitter(tracing, 1_000);
    Engine<Bag> engine =
        Engine.builder(fanOut(3, (i, a) -> Thread.sleep(30), NodePolicy.defaults()))
            .options(Options.builder().maxConcurrentNodes(3).build())
            .emitter(async)
            .build();

    engine.run("r-async", Bag.of());
    async.close(Duration.ofSeconds(10));

    assertThat(attempts("work"))
        .hasSize(3)
        .allSatisfy(
            s ->
                assertThat(s.getEndEpochNanos() - s.getStartEpochNanos())
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(29)));
    assertThat(attempts("work"))
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(runSpan().getSpanId()));
  }

  @Test
  void theEngineBuildsNoEventTheSpansDoNotUse() {
    assertThat(EnumSet.allOf(EventType.class).stream().filter(tracing::accepts))
        .contains(
            EventType.RUN_STARTED,
            EventType.RUN_RESUMED,
            EventType.RUN_COMPLETED,
            EventType.RUN_FAILED,
            EventType.RUN_PAUSED,
            EventType.NODE_STARTED,
            EventType.NODE_SUCCEEDED,
            EventType.NODE_FAILED,
            EventType.NODE_TIMED_OUT,
            EventType.NODE_CANCELLED,
            EventType.NODE_ABANDONED,
            EventType.RETRY_SCHEDULED,
            EventType.BACKPRESSURE,
            EventType.BACKPRESSURE_RESOLVED,
            EventType.BACKPRESSURE_TIMEOUT)
        .doesNotContain(
            EventType.ROUTED,
            EventType.STEP_COMMITTED,
            EventType.CHECKPOINT_SAVED,
            EventType.INPUT_RECEIVED,
            EventType.LLM_CALL);
  }

  @Test
  void refusesABlankGraphName() {
    assertThatThrownBy(() -> TracingEmitter.builder(otel, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean hasEvent(SpanData s, String name) {
    return s.getEvents().stream().anyMatch(e -> e.getName().equals(name));
  }

  private static EventData event(SpanData s, String name) {
    return s.getEvents().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no event " + name + " on " + s.getName() + ": " + s.getEvents()));
  }
}
