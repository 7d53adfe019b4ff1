package dev.weft.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Event;
import dev.weft.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferedEmitterTest {
  private static Event event(String runId, String nodeId, EventType type, int n) {
    return new Event(Instant.EPOCH, runId, n, nodeId, type, 1, Map.of("n", n));
  }

  @Test
  void answersQueriesByRunNodeAndTypeInArrivalOrder() {
    BufferedEmitter buffer = new BufferedEmitter(100);
    buffer.emit(event("r1", "a", EventType.NODE_STARTED, 0));
    buffer.emit(event("r2", "a", EventType.NODE_STARTED, 1));
    buffer.emit(event("r1", "b", EventType.NODE_FAILED, 2));
    buffer.emit(event("r1", "a", EventType.NODE_SUCCEEDED, 3));
    buffer.emit(event("r1", null, EventType.RUN_COMPLETED, 4));

    assertThat(buffer.byRun("r1")).extracting(Event::step).containsExactly(0L, 2L, 3L, 4L);
    assertThat(buffer.byNode("a")).extracting(Event::step).containsExactly(0L, 1L, 3L);
    assertThat(buffer.byType(EventType.NODE_STARTED))
        .extracting(Event::runId)
        .containsExactly("r1", "r2");
    assertThat(buffer.query("r1", "a", null))
        .extracting(Event::type)
        .containsExactly(EventType.NODE_STARTED, EventType.NODE_SUCCEEDED);
    assertThat(buffer.query("r1", null, EventType.RUN_COMPLETED)).hasSize(1);
    assertThat(buffer.query(null, null, null)).hasSize(5);
    assertThat(buffer.query("r3", null, null)).isEmpty();
    assertThat(buffer.filter(e -> e.step() % 2 == 0)).hasSize(3);
    assertThat(buffer.all()).hasSize(5);
    assertThat(buffer.dropped()).isZero();
  }

  @Test
  void keepsTheNewestEventsUpToCapacityAndCountsTheDropped() {
    BufferedEmitter buffer = new BufferedEmitter(3);
    for (int i = 0; i < 10; i++) {
      buffer.emit(event("r", "a", EventType.NODE_STARTED, i));
    }

    assertThat(buffer.all()).extracting(Event::step).containsExactly(7L, 8L, 9L);
    assertThat(buffer.dropped()).isEqualTo(7);

    buffer.clear();
    assertThat(buffer.all()).isEmpty();
    assertThat(buffer.dropped()).isEqualTo(7);
    buffer.emit(event("r", "a", EventType.NODE_STARTED, 11));
    assertThat(buffer.all()).hasSize(1);
  }

  @Test
  void refusesANonPositiveCapacity() {
    assertThatThrownBy(() -> new BufferedEmitter(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity must be ≥ 1, was 0");
  }

  @Test
  void concurrentEmitsAreEachKeptOrCountedAsDropped() throws Exception {
    BufferedEmitter buffer = new BufferedEmitter(1000);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String node = "n" + t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 500; i++) {
                      buffer.emit(event("r", node, EventType.NODE_STARTED, i));
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(buffer.all()).hasSize(1000);
    assertThat(buffer.dropped()).isEqualTo(3000);
  }
}
