package dev.weft.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeEmitterTest {
  private static final Event EVENT =
      new Event(Instant.EPOCH, "r", 0, "a", EventType.NODE_STARTED, 1, Map.of());

  @Test
  void forwardsEachEventToEveryChildInOrder() {
    BufferedEmitter first = new BufferedEmitter(10);
    BufferedEmitter second = new BufferedEmitter(10);

    CompositeEmitter.of(first, second).emit(EVENT);

    assertThat(first.all()).containsExactly(EVENT);
    assertThat(second.all()).containsExactly(EVENT);
  }

  @Test
  void aThrowingChildDoesNotKeepTheEventFromTheOthers() {
    BufferedEmitter before = new BufferedEmitter(10);
    BufferedEmitter after = new BufferedEmitter(10);
    Emitter broken =
        e -> {
          throw new IllegalStateException("sink down");
        };
    Emitter alsoBroken =
        e -> {
          throw new IllegalArgumentException("second");
        };

    // The first failure is rethrown after every child had the event; the engine ignores it.
    assertThatThrownBy(() -> CompositeEmitter.of(before, broken, alsoBroken, after).emit(EVENT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sink down");

    assertThat(before.all()).containsExactly(EVENT);
    assertThat(after.all()).containsExactly(EVENT);
  }

  @Test
  void aChildThrowingAnErrorDoesNotKeepTheEventFromTheOthers() {
    BufferedEmitter after = new BufferedEmitter(10);
    Emitter broken =
        e -> {
          throw new AssertionError("emitter bug");
        };

    assertThatThrownBy(() -> CompositeEmitter.of(broken, after).emit(EVENT))
        .isInstanceOf(AssertionError.class)
        .hasMessage("emitter bug");

    assertThat(after.all()).containsExactly(EVENT);
  }
}
