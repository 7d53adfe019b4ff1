package dev.weft.backpressure;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event with the {@link System#nanoTime()} it was received at. */
final class TimedEmitter implements Emitter {
  record Received(Event event, long nanos) {
    Object attribute(String name) {
      return event.attribute(name);
    }
  }

  private final List<Received> received = new ArrayList<>();

  @Override
  public void emit(Event event) {
    long now = System.nanoTime();
    synchronized (this) {
      received.add(new Received(event, now));
    }
  }

  synchronized List<Received> ofType(EventType type) {
    return received.stream().filter(r -> r.event().type() == type).toList();
  }

  synchronized List<Received> all() {
    return List.copyOf(received);
  }
}
