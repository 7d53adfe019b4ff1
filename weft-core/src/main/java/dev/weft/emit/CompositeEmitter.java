package dev.weft.emit;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each event to several emitters in order, each emitter only the types it {@link
 * Emitter#accepts} (asked once per type, when the composite is created). One that throws does not
 * keep the event from the others.
 *
 * <pre>{@code
 * Emitter both = CompositeEmitter.of(LoggingEmitter.text(System.out), new BufferedEmitter(1000));
 * }</pre>
 *
 * <p>Thread-safety: thread-safe when its emitters are (the list is fixed at creation).
 */
public final class CompositeEmitter implements Emitter {
  /** For each event type, the emitters that want it, in order. */
  private final Map<EventType, List<Emitter>> byType = new EnumMap<>(EventType.class);

  private CompositeEmitter(List<Emitter> emitters) {
    for (EventType type : EventType.values()) {
      byType.put(type, emitters.stream().filter(e -> e.accepts(type)).toList());
    }
  }

  /** An emitter forwarding to each of {@code emitters}. */
  public static CompositeEmitter of(Emitter... emitters) {
    return new CompositeEmitter(List.of(emitters));
  }

  /** Whether any of its emitters wants events of {@code type}. */
  @Override
  public boolean accepts(EventType type) {
    return !byType.get(type).isEmpty();
  }

  /** Sends {@code event} to each emitter that wants its type. */
  @Override
  public void emit(Event event) {
    Throwable first = null;
    for (Emitter e : byType.get(event.type())) {
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
