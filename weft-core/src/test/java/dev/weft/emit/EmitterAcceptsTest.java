package dev.weft.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.spi.TimeSource;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine builds only the events its emitter {@link Emitter#accepts}. */
class EmitterAcceptsTest {
  record Count(int n) {}

  /** a → (b, c) → d: four attempts, a fan-out and a join. */
  private static Graph<Count> graph() {
    return Graph.<Count>builder((s, d) -> new Count(s.n() + d.n()))
        .node("a", (s, ctx) -> NodeResult.next(new Count(1)))
        .node("b", (s, ctx) -> NodeResult.next(new Count(1)))
        .node("c", (s, ctx) -> NodeResult.next(new Count(1)))
        .node("d", (s, ctx) -> NodeResult.stop(new Count(1)))
        .edge("a", "b")
        .edge("a", "c")
        .join(List.of("b", "c"), "d")
        .start("a")
        .build();
  }

  /** Keeps the events of the types it accepts and fails on any other. */
  private static final class Picky implements Emitter {
    final Set<EventType> types;
    final BufferedEmitter seen = new BufferedEmitter(1000);

    Picky(Set<EventType> types) {
      this.types = types;
    }

    @Override
    public boolean accepts(EventType type) {
      return types.contains(type);
    }

    @Override
    public void emit(Event event) {
      assertThat(types).contains(event.type());
      seen.emit(event);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void onlyAcceptedTypesReachTheEmitter(int concurrency) {
    Picky picky = new Picky(EnumSet.of(EventType.NODE_SUCCEEDED, EventType.RUN_COMPLETED));
    Engine.builder(graph())
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .emitter(picky)
        .build()
        .run("r", new Count(0));

    assertThat(picky.seen.all()).extracting(Event::type).doesNotContain(EventType.NODE_STARTED);
    assertThat(picky.seen.byType(EventType.NODE_SUCCEEDED))
        .extracting(Event::nodeId)
        .containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(picky.seen.byType(EventType.NODE_SUCCEEDED))
        .allSatisfy(e -> assertThat(e.attribute("durationNanos")).isNotNull());
    assertThat(picky.seen.byType(EventType.RUN_COMPLETED)).hasSize(1);
  }

  @Test
  void anEmitterThatAcceptsNothingCostsNoEventAtAll() {
    CountingClock clock = new CountingClock();
    Picky none = new Picky(EnumSet.noneOf(EventType.class));
    Count result =
        Engine.builder(graph()).emitter(none).timeSource(clock).build().run("r", new Count(0));

    assertThat(result).isEqualTo(new Count(4));
    assertThat(none.seen.all()).isEmpty();
    assertThat(clock.wallReads).as("event timestamps read").hasValue(0);
  }

  @Test
  void aCompositeWantsATypeWhenAnyPartDoesAndGivesEachPartItsOwn() {
    Picky runs = new Picky(EnumSet.of(EventType.RUN_STARTED, EventType.RUN_COMPLETED));
    Picky nodes = new Picky(EnumSet.of(EventType.NODE_STARTED));
    CompositeEmitter both = CompositeEmitter.of(runs, nodes);

    assertThat(both.accepts(EventType.RUN_STARTED)).isTrue();
    assertThat(both.accepts(EventType.NODE_STARTED)).isTrue();
    assertThat(both.accepts(EventType.ROUTED)).isFalse();

    Engine.builder(graph()).emitter(both).build().run("r", new Count(0));

    assertThat(runs.seen.all())
        .extracting(Event::type)
        .containsExactly(EventType.RUN_STARTED, EventType.RUN_COMPLETED);
    assertThat(nodes.seen.byType(EventType.NODE_STARTED)).hasSize(4);
    assertThat(nodes.seen.all()).hasSize(4);
  }

  @Test
  void anAsyncEmitterWantsWhatItsDelegateWants() throws Exception {
    Picky picky = new Picky(EnumSet.of(EventType.RUN_COMPLETED));
    try (AsyncEmitter async = new AsyncEmitter(picky, 100)) {
      assertThat(async.accepts(EventType.RUN_COMPLETED)).isTrue();
      assertThat(async.accepts(EventType.NODE_STARTED)).isFalse();
      Engine.builder(graph()).emitter(async).build().run("r", new Count(0));
    }
    assertThat(picky.seen.all()).extracting(Event::type).containsExactly(EventType.RUN_COMPLETED);
  }

  @Test
  void everyTypeIsAcceptedByDefault() {
    Emitter plain = e -> {};
    assertThat(EnumSet.allOf(EventType.class)).allMatch(plain::accepts);
    assertThat(EnumSet.allOf(EventType.class)).noneMatch(Emitter.none()::accepts);
  }

  /** Real time that counts how often the wall clock (event timestamps) is read. */
  private static final class CountingClock implements TimeSource {
    final AtomicInteger wallReads = new AtomicInteger();

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      wallReads.incrementAndGet();
      return Instant.now();
    }

    @Override
    public <T> T awaitNext(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException {
      return TimeSource.system().awaitNext(queue, timeoutNanos);
    }
  }

  @Test
  void eventsStillCarryTheirAttributes() {
    Picky picky = new Picky(EnumSet.of(EventType.STEP_COMMITTED));
    Engine.builder(graph()).emitter(picky).build().run("r", new Count(0));
    assertThat(picky.seen.byType(EventType.STEP_COMMITTED))
        .first()
        .extracting(Event::attributes)
        .isEqualTo(Map.of("activations", 1, "next", 2));
  }
}
