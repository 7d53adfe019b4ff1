package dev.weft.internal;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Route;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.TimeSource;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Emits the events the emitter wants ({@link Emitter#accepts}, asked once per type); a throwing
 * emitter never fails a run. Immutable, shared by every run of an engine.
 */
final class Events {
  private final Emitter emitter;
  private final TimeSource time;
  private final EngineMetrics metrics;

  /** The event types the emitter wants. */
  private final Set<EventType> wanted;

  Events(Emitter emitter, TimeSource time, EngineMetrics metrics) {
    this.emitter = emitter;
    this.time = time;
    this.metrics = metrics;
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (EventType t : EventType.values()) {
      if (emitter.accepts(t)) {
        types.add(t);
      }
    }
    this.wanted = types;
  }

  /** Whether events of {@code type} are wanted; callers skip building unwanted ones. */
  boolean wants(EventType type) {
    return wanted.contains(type);
  }

  void emit(
      String runId,
      long step,
      String nodeId,
      EventType type,
      int attempt,
      Map<String, Object> attributes) {
    if (!wanted.contains(type)) {
      return;
    }
    try {
      emitter.emit(new Event(time.now(), runId, step, nodeId, type, attempt, attributes));
    } catch (Throwable ignored) {
      // Observability must never fail a run, not even through an Error (an emitter's assertion or
      // stack overflow); the emitter owns its own error reporting, the loss is counted.
      metrics.eventsDropped(1);
    }
  }

  // The end events of an attempt: every NODE_STARTED gets exactly one of these four.

  void nodeSucceeded(
      RunLoop<?> run, String nodeId, int attempt, long durationNanos, Route<?> route) {
    if (wants(EventType.NODE_SUCCEEDED)) {
      emit(
          run.runId,
          run.step,
          nodeId,
          EventType.NODE_SUCCEEDED,
          attempt,
          Map.of("durationNanos", durationNanos, "route", Router.routeName(route)));
    }
  }

  void nodeFailed(
      RunLoop<?> run,
      String nodeId,
      int attempt,
      Throwable failure,
      boolean willRetry,
      long durationNanos) {
    if (wants(EventType.NODE_FAILED)) {
      emit(
          run.runId,
          run.step,
          nodeId,
          EventType.NODE_FAILED,
          attempt,
          Map.of(
              "error",
              failure.getClass().getName(),
              "message",
              String.valueOf(failure.getMessage()),
              "willRetry",
              willRetry,
              "durationNanos",
              durationNanos));
    }
  }

  /** A timed-out attempt: NODE_TIMED_OUT, followed by NODE_FAILED from the retry decision. */
  void nodeTimedOut(RunLoop<?> run, Task<?> task, long elapsedNanos) {
    if (wants(EventType.NODE_TIMED_OUT)) {
      emit(
          run.runId,
          run.step,
          task.activation.nodeId(),
          EventType.NODE_TIMED_OUT,
          task.attempt,
          Map.of(
              "limitNanos",
              task.limitNanos,
              "source",
              task.source.name(),
              "elapsedNanos",
              elapsedNanos));
    }
  }

  /** A started attempt the run's stop cut short. */
  void nodeCancelled(RunLoop<?> run, Task<?> task, String reason, boolean completed) {
    if (wants(EventType.NODE_CANCELLED)) {
      emit(
          run.runId,
          run.step,
          task.activation.nodeId(),
          EventType.NODE_CANCELLED,
          task.attempt,
          Map.of("reason", reason, "completed", completed));
    }
  }
}
