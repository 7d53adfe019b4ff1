package dev.weft.internal;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.TimeSource;
import java.util.Map;

/** Emits events when someone listens; a throwing emitter never fails a run. */
final class Events {
  private final Emitter emitter;
  private final TimeSource time;
  private final EngineMetrics metrics;
  final boolean enabled;

  Events(Emitter emitter, TimeSource time, EngineMetrics metrics) {
    this.emitter = emitter;
    this.time = time;
    this.metrics = metrics;
    this.enabled = !Emitter.none().equals(emitter);
  }

  void emit(
      String runId,
      long step,
      String nodeId,
      EventType type,
      int attempt,
      Map<String, Object> attributes) {
    if (!enabled) {
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
}
