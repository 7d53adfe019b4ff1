package dev.weft;

import static dev.weft.support.Nodes.mark;
import static dev.weft.support.Nodes.markAndStop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.emit.BufferedEmitter;
import dev.weft.emit.CompositeEmitter;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Nodes.Calls;
import dev.weft.support.Trail;
import dev.weft.testing.VirtualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever a node, reducer, condition or emitter does, the run fails cleanly (or not at all), the
 * store keeps the last good step, and resume finishes the run without redoing finished work.
 */
class FailureContainmentTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
  private final BufferedEmitter events = new BufferedEmitter(10_000);
  private final Calls calls = new Calls();

  /** Ways a node can break. */
  enum Breakage {
    THROWS(IllegalStateException.class, "disk full"),
    RETURNS_NULL(PermanentException.class, "returned null"),
    ASSERTION_ERROR(AssertionError.class, "invariant violated"),
    STACK_OVERFLOW(StackOverflowError.class, null);

    final Class<? extends Throwable> cause;
    final String causeMessage;

    Breakage(Class<? extends Throwable> cause, String causeMessage) {
      this.cause = cause;
      this.causeMessage = causeMessage;
    }

    NodeResult<Trail> act() {
      return switch (this) {
        case THROWS -> throw new IllegalStateException("disk full");
        case RETURNS_NULL -> null;
        case ASSERTION_ERROR -> throw new AssertionError("invariant violated");
        case STACK_OVERFLOW -> NodeResult.next(Trail.of("depth " + recurse(0)));
      };
    }

    @SuppressWarnings("InfiniteRecursion") // on purpose: the node must overflow its stack
    private static int recurse(int n) {
      return recurse(n + 1) + 1;
    }
  }

  static Stream<Arguments> breakages() {
    return Stream.of(0, 1, 4)
        .flatMap(c -> Stream.of(Breakage.values()).map(b -> Arguments.of(c, b)));
  }

  private Engine<Trail> engine(Graph<Trail> g, int concurrency) {
    return Engine.builder(g)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .emitter(events)
        .build();
  }

  /** s fans out to a, b, c, which fan in to d; b breaks while {@code broken} is set. */
  private Graph<Trail> fanOutFanIn(AtomicBoolean broken, Breakage breakage) {
    return Graph.builder(Trail::merge)
        .node("s", calls.counting(mark()))
        .node("a", calls.counting(mark()))
        .node("b", calls.counting((s, ctx) -> broken.get() ? breakage.act() : mark().apply(s, ctx)))
        .node("c", calls.counting(mark()))
        .node("d", calls.counting(markAndStop()))
        .edge("s", "a")
        .edge("s", "b")
        .edge("s", "c")
        .edge("a", "d")
        .edge("b", "d")
        .edge("c", "d")
        .start("s")
        .build();
  }

  @ParameterizedTest(name = "concurrency {0}, node {1}")
  @MethodSource("breakages")
  void aBrokenNodeFailsTheRunCleanlyAndResumeFinishesIt(int concurrency, Breakage breakage) {
    AtomicBoolean broken = new AtomicBoolean(true);
    Graph<Trail> g = fanOutFanIn(broken, breakage);
    Engine<Trail> engine = engine(g, concurrency);

    NodeFailedException e =
        catchThrowableOfType(NodeFailedException.class, () -> engine.run("r", Trail.of()));

    assertThat(e).isExactlyInstanceOf(NodeFailedException.class);
    assertThat(e.nodeId()).isEqualTo("b");
    assertThat(e.runId()).isEqualTo("r");
    assertThat(e.step()).isEqualTo(1);
    assertThat(e.attempt()).isEqualTo(1);
    assertThat(e)
        .hasMessageContaining("node 'b'")
        .hasMessageContaining("run 'r'")
        .hasMessageContaining("step 1")
        .hasMessageContaining("attempt 1")
        .hasMessageContaining("fix the node");
    assertThat(e.getCause()).isInstanceOf(breakage.cause);
    if (breakage.causeMessage != null) {
      assertThat(e.getCause()).hasMessageContaining(breakage.causeMessage);
    }

    // The store holds the last good step, marked failed, with the failed step's whole frontier.
    Checkpoint<Trail> saved = store.load("r").orElseThrow();
    assertThat(saved.status()).isEqualTo(RunStatus.FAILED);
    assertThat(saved.step()).isEqualTo(1);
    assertThat(saved.state()).isEqualTo(Trail.of("s@0"));
    assertThat(saved.state()).isEqualTo(store.history("r").get(1).state());
    assertThat(saved.frontier())
        .extracting(Activation::nodeId)
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(saved.completed())
        .extracting(ActivationResult::nodeId)
        .containsExactlyInAnyOrder("a", "c");
    assertThat(saved.detail()).isEqualTo(e.getMessage());
    assertThat(events.byType(EventType.RUN_FAILED))
        .singleElement()
        .satisfies(
            ev -> assertThat(ev.attribute("error")).isEqualTo(NodeFailedException.class.getName()));

    broken.set(false);
    RunResult<Trail> resumed = engine.resumeForResult("r");
    Trail uninterrupted =
        Engine.builder(fanOutFanIn(new AtomicBoolean(false), breakage))
            .build()
            .run("r", Trail.of());

    assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(resumed.state()).isEqualTo(uninterrupted);
    assertThat(resumed.state().items())
        .containsExactlyInAnyOrder("s@0", "a@1", "b@1", "c@1", "d@2");
    // Counts include the uninterrupted reference run: a and c ran once for the failed run.
    assertThat(calls.of("a")).isEqualTo(2);
    assertThat(calls.of("c")).isEqualTo(2);
    assertThat(calls.of("b")).isEqualTo(3);
    assertThat(calls.of("s")).isEqualTo(2);
    assertThat(calls.of("d")).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4})
  void theFailureWithTheSmallestOrderKeyIsReportedAndTheOthersSuppressed(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", (s, ctx) -> NodeResult.goTo(null, "x", "y", "z"))
            .node(
                "x",
                (s, ctx) -> {
                  throw new IllegalStateException("x broke");
                })
            .node("y", markAndStop())
            .node(
                "z",
                (s, ctx) -> {
                  throw new IllegalArgumentException("z broke");
                })
            .routes("s", "x", "y", "z")
            .start("s")
            .build();

    NodeFailedException e =
        catchThrowableOfType(
            NodeFailedException.class, () -> engine(g, concurrency).run("r", Trail.of()));

    List<String> frontierOrder =
        store.load("r").orElseThrow().frontier().stream()
            .map(Activation::nodeId)
            .filter(id -> !id.equals("y"))
            .toList();
    assertThat(e.nodeId()).isEqualTo(frontierOrder.get(0));
    assertThat(e.getSuppressed())
        .singleElement()
        .isInstanceOfSatisfying(
            NodeFailedException.class, s -> assertThat(s.nodeId()).isEqualTo(frontierOrder.get(1)));
    assertThat(store.load("r").orElseThrow().completed())
        .extracting(ActivationResult::nodeId)
        .containsExactly("y");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void exhaustedRetriesFailWithEveryAttemptAndResumeStartsAFreshSetOfAttempts(int concurrency) {
    AtomicBoolean broken = new AtomicBoolean(true);
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", mark())
            .node(
                "flaky",
                calls.counting(
                    (s, ctx) -> {
                      if (broken.get()) {
                        throw new TransientException("attempt " + ctx.attempt());
                      }
                      return NodeResult.stop(Trail.of("flaky@" + ctx.step() + "#" + ctx.attempt()));
                    }),
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
                            .build())
                    .build())
            .edge("s", "flaky")
            .start("s")
            .build();
    Engine<Trail> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .timeSource(VirtualTimeSource.instant())
            .build();

    RetriesExhaustedException e =
        catchThrowableOfType(RetriesExhaustedException.class, () -> engine.run("r", Trail.of()));

    assertThat(e.failures())
        .extracting(Throwable::getMessage)
        .containsExactly("attempt 1", "attempt 2", "attempt 3");
    assertThat(e.attempt()).isEqualTo(3);
    assertThat(e)
        .hasMessageContaining("node 'flaky' failed on all 3 attempts")
        .hasMessageContaining("run 'r', step 1");
    assertThat(store.load("r").orElseThrow().frontier())
        .singleElement()
        .satisfies(a -> assertThat(a.firstAttempt()).isEqualTo(1));

    broken.set(false);
    assertThat(engine.resume("r").items()).containsExactly("s@0", "flaky@1#1");
    assertThat(calls.of("flaky")).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aThrowingReducerFailsTheRunWithAClearErrorAndKeepsThePreviousCommit(int concurrency) {
    Graph<Trail> poisoned =
        pipeline(
            (state, delta) -> {
              if (delta.items().contains("poison")) {
                throw new IllegalStateException("cannot merge poison");
              }
              return state.merge(delta);
            });

    NodeFailedException e =
        catchThrowableOfType(
            NodeFailedException.class, () -> engine(poisoned, concurrency).run("r", Trail.of()));

    assertThat(e.nodeId()).isEqualTo("p");
    assertThat(e)
        .hasMessageContaining("the reducer threw merging the delta of node 'p'")
        .hasMessageContaining("run 'r', step 1")
        .hasMessageContaining("fix the reducer")
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot merge poison");
    Checkpoint<Trail> saved = store.load("r").orElseThrow();
    assertThat(saved.step()).isEqualTo(1);
    assertThat(saved.state()).isEqualTo(Trail.of("s@0"));
    assertThat(saved.frontier()).extracting(Activation::nodeId).containsExactly("p");

    // An engine over the same store with a fixed reducer finishes the run.
    Trail done = engine(pipeline(Trail::merge), concurrency).resume("r");
    assertThat(done.items()).containsExactly("s@0", "poison", "t@2");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aReducerReturningNullFailsTheRun(int concurrency) {
    Graph<Trail> g =
        pipeline((state, delta) -> delta.items().contains("poison") ? null : state.merge(delta));

    assertThatThrownBy(() -> engine(g, concurrency).run("r", Trail.of()))
        .isInstanceOf(NodeFailedException.class)
        .hasMessageContaining("the reducer returned null merging the delta of node 'p'");
  }

  private Graph<Trail> pipeline(Reducer<Trail> reducer) {
    return Graph.builder(reducer)
        .node("s", mark())
        .node("p", (s, ctx) -> NodeResult.next(Trail.of("poison")))
        .node("t", markAndStop())
        .edge("s", "p")
        .edge("p", "t")
        .start("s")
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aThrowingEdgeConditionFailsTheRunWithAClearError(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("b", markAndStop())
            .edge(
                "a",
                "b",
                s -> {
                  throw new IllegalArgumentException("bad predicate");
                })
            .start("a")
            .build();

    assertThatThrownBy(() -> engine(g, concurrency).run("r", Trail.of()))
        .isInstanceOf(NodeFailedException.class)
        .hasMessageContaining("the condition of edge 'a' -> 'b' threw")
        .hasMessageContaining("run 'r', step 0")
        .cause()
        .hasMessage("bad predicate");
    assertThat(events.byType(EventType.RUN_FAILED)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anEmitterThatThrowsNeverFailsARun(int concurrency) {
    Graph<Trail> g = fanOutFanIn(new AtomicBoolean(false), Breakage.THROWS);
    Emitter throwing =
        ev -> {
          throw new IllegalStateException("sink down");
        };
    Engine<Trail> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .emitter(CompositeEmitter.of(throwing, events))
            .build();

    Trail state = engine.run("r", Trail.of());

    assertThat(state).isEqualTo(Engine.builder(g).build().run("r", Trail.of()));
    assertThat(events.byType(EventType.RUN_COMPLETED)).hasSize(1);
    assertThat(events.byType(EventType.NODE_SUCCEEDED)).hasSize(5);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anEmitterThatThrowsAnErrorNeverFailsARun(int concurrency) {
    Graph<Trail> g = fanOutFanIn(new AtomicBoolean(false), Breakage.THROWS);
    Emitter throwing =
        ev -> {
          throw new AssertionError("emitter bug");
        };
    Engine<Trail> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(concurrency).build())
            .store(store)
            .emitter(throwing)
            .build();

    assertThat(engine.runForResult("r", Trail.of()).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.load("r").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void aReducerOrConditionThrowingAnErrorFailsTheRunWithAClearError(int concurrency) {
    Graph<Trail> badReducer =
        pipeline(
            (state, delta) -> {
              if (delta.items().contains("poison")) {
                throw new AssertionError("reducer invariant");
              }
              return state.merge(delta);
            });
    Graph<Trail> badCondition =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("b", markAndStop())
            .edge(
                "a",
                "b",
                s -> {
                  throw new StackOverflowError();
                })
            .start("a")
            .build();

    assertThatThrownBy(() -> engine(badReducer, concurrency).run("reducer", Trail.of()))
        .isInstanceOf(NodeFailedException.class)
        .hasMessageContaining("the reducer threw merging the delta of node 'p'")
        .cause()
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> engine(badCondition, concurrency).run("condition", Trail.of()))
        .isInstanceOf(NodeFailedException.class)
        .hasMessageContaining("the condition of edge 'a' -> 'b' threw")
        .cause()
        .isInstanceOf(StackOverflowError.class);
    assertThat(events.byType(EventType.RUN_FAILED)).hasSize(2);
  }
}
