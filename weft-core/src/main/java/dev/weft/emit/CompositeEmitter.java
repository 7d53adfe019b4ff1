package dev.weft.emit;

import dev.weft.Emitter;
import dev.weft.Event;
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

  @Override
  public void emit(Event event) {
    Throwable first = null;
    for (Emitter e : emitters) {
      try {
        e.emit(event);
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
