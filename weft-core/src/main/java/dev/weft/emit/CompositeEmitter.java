package dev.weft.emit;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import java.util.List;

/**
 * Sends each event to several emitters in order. One that throws does not keep the event from the
 * others.
 *
 * <pre>{@code
 * Emitter both = CompositeEmitter.of(LoggingEmitter.text(System.out), new BufferedEmitter(1000));
 * }</pre>
 *
 * <p>Thread-safety: thread-safe when its emitters are (the list is fixed at creation).
 */
public final class CompositeEmitter implements Emitter {
  private final List<Emitter> emitters;

  private CompositeEmitter(List<Emitter> emitters) {
    this.emitters = List.copyOf(emitters);
  }

  /** An emitter forwarding to each of {@code emitters}. */
  public static CompositeEmitter of(Emitter... emitters) {
    return new CompositeEmitter(List.of(emitters));
  }

  /** Whether any of its emitters wants events of {@code type}. */
  @Override
  public boolean accepts(EventType type) {
    for (Emitter e : emitters) {
      if (e.accepts(type)) {
        return true;
      }
    }
    return false;
  }

  /** Sends {@code event} to each emitter that wants its type. */
  @Override
  public void emit(Event event) {
    Throwable first = null;
    for (Emitter e : emitters) {
      try {
        if (e.accepts(event.type())) {
          e.emit(event);
        }
      } catch (RuntimeException | Error ex) { // an Error in one child must not starve the others
        if (first == null) {
          first = ex;
        }
      }
    }
    if (first instanceof Error error) {
      throw error;
    }
    if (first != null) {
      throw (RuntimeException) first;
    }
  }
}
