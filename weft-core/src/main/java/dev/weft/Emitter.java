package dev.weft;

/**
 * Receives every {@link Event} of every run of an engine, live, on the thread where it happened.
 * Implementations must be thread-safe and fast; wrap a slow sink in {@link
 * dev.weft.emit.AsyncEmitter} so the engine never waits for it. An emitter that throws is ignored
 * for that event: observability never fails a run.
 *
 * <pre>{@code
 * Engine.builder(graph).emitter(CompositeEmitter.of(LoggingEmitter.jsonLines(System.out), buffer))
 * }</pre>
 */
@FunctionalInterface
public interface Emitter {
  /** Handles one event. */
  void emit(Event event);

  /**
   * Whether this emitter wants events of {@code type}. The engine asks once for each type when it
   * is built and never builds an event of a type its emitter does not want, which saves the event's
   * clock read and allocations on every attempt. Defaults to every type.
   */
  default boolean accepts(EventType type) {
    return true;
  }

  /** An emitter that drops everything; the engine then skips building events. */
  static Emitter none() {
    return NoEmitter.INSTANCE;
  }
}

/** The null emitter; a distinct type so the engine can recognise it and build no events. */
enum NoEmitter implements Emitter {
  INSTANCE;

  @Override
  public void emit(Event event) {}

  @Override
  public boolean accepts(EventType type) {
    return false;
  }
}
