package dev.weft;

import static dev.weft.support.Nodes.mark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import dev.weft.testing.VirtualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a node learns from its {@link NodeContext}. */
class NodeContextTest {
  private final InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  /** One attempt as its node saw it. */
  record Seen(
      String runId,
      long step,
      String nodeId,
      int attempt,
      long orderKey,
      String key,
      long draw,
      Optional<Duration> remaining) {}

  private Node<Trail> recording(Node<Trail> node) {
    return (s, ctx) -> {
      seen.add(
          new Seen(
              ctx.runId(),
              ctx.step(),
              ctx.nodeId(),
              ctx.attempt(),
              ctx.orderKey(),
              ctx.idempotencyKey(),
              ctx.random().nextLong(),
              ctx.remaining()));
      return node.apply(s, ctx);
    };
  }

  private List<Seen> seenBy(String nodeId) {
    synchronized (seen) {
      return seen.stream().filter(s -> s.nodeId().equals(nodeId)).toList();
    }
  }

  private static NodePolicy retries(int attempts) {
    return NodePolicy.builder()
        .retry(
            RetryPolicy.builder()
                .maxAttempts(attempts)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build())
        .build();
  }

  /** s, then work; work throws TransientException on attempts before {@code succeedAt}. */
  private Graph<Trail> flaky(int succeedAt, int attempts) {
    return Graph.builder(Trail::merge)
        .node("s", recording(mark()))
        .node(
            "work",
            recording(
                (s, ctx) -> {
                  if (ctx.attempt() < succeedAt) {
                    throw new TransientException("not yet");
                  }
                  return NodeResult.stop(Trail.of("work#" + ctx.attempt()));
                }),
            retries(attempts))
        .edge("s", "work")
        .start("s")
        .build();
  }

  private Engine<Trail> engine(Graph<Trail> g, int concurrency) {
    return Engine.builder(g)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .store(store)
        .timeSource(VirtualTimeSource.instant())
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void attemptCountsUpAcrossRetriesWhileIdentityAndIdempotencyKeyStay(int concurrency) {
    Trail out = engine(flaky(3, 3), concurrency).run("run-7", Trail.of());

    assertThat(out.items()).containsExactly("s@0", "work#3");
    List<Seen> work = seenBy("work");
    assertThat(work).extracting(Seen::attempt).containsExactly(1, 2, 3);
    assertThat(work).extracting(Seen::runId).containsOnly("run-7");
    assertThat(work).extracting(Seen::step).containsOnly(1L);
    assertThat(work).extracting(Seen::orderKey).containsOnly(work.getFirst().orderKey());
    assertThat(work).extracting(Seen::key).containsOnly(work.getFirst().key());
    // A new random source per attempt: the draws differ between attempts of one activation.
    assertThat(work).extracting(Seen::draw).doesNotHaveDuplicates();
    assertThat(seenBy("s").getFirst().key()).isNotEqualTo(work.getFirst().key());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void idempotencyKeyAndRandomAreStableAcrossResume(int concurrency) {
    AtomicBoolean broken = new AtomicBoolean(true);
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("s", recording(mark()))
            .node(
                "charge",
                recording(
                    (s, ctx) -> {
                      if (broken.get()) {
                        throw new PermanentException("card service down");
                      }
                      return NodeResult.stop(Trail.of("charged"));
                    }))
            .edge("s", "charge")
            .start("s")
            .build();
    Engine<Trail> engine = engine(g, concurrency);

    assertThatThrownBy(() -> engine.run("order-1", Trail.of()))
        .isInstanceOf(NodeFailedException.class);
    broken.set(false);
    engine.resume("order-1");

    List<Seen> charge = seenBy("charge");
    assertThat(charge).hasSize(2);
    assertThat(charge.get(1).key()).isEqualTo(charge.get(0).key());
    assertThat(charge.get(1).attempt()).isEqualTo(1);
    assertThat(charge.get(1).draw()).isEqualTo(charge.get(0).draw());
  }

  @Test
  void randomDependsOnRunIdOrderKeyAndAttemptOnly() {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node(
                "s",
                (s, ctx) ->
                    NodeResult.send(
                        null,
                        Route.Branch.of("b", Trail.of("1")),
                        Route.Branch.of("b", Trail.of("2"))))
            .node("b", recording((s, ctx) -> NodeResult.stop(null)))
            .routes("s", "b")
            .start("s")
            .build();

    for (int concurrency : new int[] {0, 1, 8}) {
      Engine<Trail> e =
          Engine.builder(g)
              .options(Options.builder().maxConcurrentNodes(concurrency).build())
              .build();
      e.run("same", Trail.of());
      e.run("other", Trail.of());
    }

    List<Seen> b = seenBy("b");
    assertThat(b).hasSize(12);
    for (Seen x : b) {
      for (Seen y : b) {
        boolean sameInputs =
            x.runId().equals(y.runId())
                && x.orderKey() == y.orderKey()
                && x.attempt() == y.attempt();
        assertThat(x.draw() == y.draw()).as("%s vs %s", x, y).isEqualTo(sameInputs);
        assertThat(x.key().equals(y.key()))
            .isEqualTo(x.runId().equals(y.runId()) && x.orderKey() == y.orderKey());
      }
    }
  }

  @Test
  void remainingIsEmptyWithoutALimitAndBoundedByTheNodeTimeoutOrTheRunBudget() {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("free", recording(mark()))
            .node(
                "limited",
                recording(mark()),
                NodePolicy.builder().timeout(Duration.ofSeconds(20)).build())
            .node("end", recording((s, ctx) -> NodeResult.stop(null)))
            .edge("free", "limited")
            .edge("limited", "end")
            .start("free")
            .build();

    Engine.builder(g)
        .options(Options.builder().maxConcurrentNodes(0).build())
        .build()
        .run("a", Trail.of());
    Engine.builder(g)
        .options(
            Options.builder()
                .maxConcurrentNodes(2)
                .runWallClockBudget(Duration.ofSeconds(60))
                .build())
        .build()
        .run("b", Trail.of());

    List<Seen> a = seen.stream().filter(s -> s.runId().equals("a")).toList();
    assertThat(a.get(0).remaining()).isEmpty();
    assertThat(a.get(1).remaining())
        .hasValueSatisfying(
            r -> assertThat(r).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
    assertThat(a.get(2).remaining()).isEmpty();
    List<Seen> b = seen.stream().filter(s -> s.runId().equals("b")).toList();
    assertThat(b.get(0).remaining())
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .isGreaterThan(Duration.ofSeconds(20))
                    .isLessThanOrEqualTo(Duration.ofSeconds(60)));
    assertThat(b.get(1).remaining())
        .hasValueSatisfying(
            r -> assertThat(r).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4})
  void anAttemptPastItsTimeoutIsCutOff(int concurrency) {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node(
                "slow",
                (s, ctx) -> {
                  Thread.sleep(Duration.ofSeconds(30));
                  return NodeResult.stop(Trail.of("late"));
                },
                NodePolicy.builder().timeout(Duration.ofMillis(50)).build())
            .start("slow")
            .build();

    NodeTimeoutException e =
        catchThrowableOfType(
            NodeTimeoutException.class,
            () ->
                Engine.builder(g)
                    .options(Options.builder().maxConcurrentNodes(concurrency).build())
                    .store(store)
                    .build()
                    .run("t", Trail.of()));

    assertThat(e.nodeId()).isEqualTo("slow");
    assertThat(e.source()).isEqualTo(TimeoutSource.NODE_POLICY);
    assertThat(e.limit()).isEqualTo(Duration.ofMillis(50));
    assertThat(e)
        .hasMessageContaining(
            "node 'slow' timed out after 50ms (attempt 1 of 1, limit from NodePolicy.timeout");
    assertThat(store.load("t").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
  }
}
