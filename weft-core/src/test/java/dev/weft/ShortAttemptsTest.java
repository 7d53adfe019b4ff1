package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.EngineMetrics;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.support.Trail;
import dev.weft.testing.VirtualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A concurrent engine runs the next attempt of a node whose latest attempt was short on the run's
 * coordinator instead of handing it to a worker. Attempt lengths come from a virtual clock that
 * only a node moves, so which attempt counts as short is decided by the test, not the machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShortAttemptsTest {
  static final int WIDTH = 12;

  /** fan sends WIDTH branches to work or slow (as the targets say); done follows both. */
  static final class FanOut {
    final VirtualTimeSource clock = VirtualTimeSource.instant();
    final ConcurrentLinkedQueue<String> attempts = new ConcurrentLinkedQueue<>(); // node@thread
    volatile Duration workTakes = Duration.ZERO;
    volatile CountDownLatch blockWork; // when set, work waits on it (interruptibly)
    volatile CountDownLatch workStarted = new CountDownLatch(1); // replaced by a test as needed
    volatile String evenTarget = "work";
    volatile String oddTarget = "work";

    Graph<Trail> graph(NodePolicy workPolicy) {
      return Graph.builder(Trail::merge)
          .node(
              "fan",
              (s, ctx) -> {
                note("fan");
                List<Route.Branch<Trail>> branches = new ArrayList<>();
                for (int i = 0; i < WIDTH; i++) {
                  String target = i % 2 == 0 ? evenTarget : oddTarget;
                  branches.add(Route.Branch.of(target, Trail.of("b" + i)));
                }
                return NodeResult.send(null, branches);
              })
          .node(
              "work",
              (s, ctx) -> {
                note("work");
                workStarted.countDown();
                CountDownLatch block = blockWork;
                if (block != null) {
                  block.await();
                }
                clock.advance(workTakes);
                return NodeResult.next(Trail.of("w" + s.items().getLast()));
              },
              workPolicy)
          .node(
              "slow",
              (s, ctx) -> {
                note("slow");
                Thread.sleep(20);
                clock.advance(Duration.ofMillis(1));
                return NodeResult.next(Trail.of("s" + s.items().getLast()));
              })
          .node(
              "done",
              (s, ctx) -> {
                note("done");
                return NodeResult.stop(Trail.of("done"));
              })
          .routes("fan", "work", "slow")
          .edge("work", "done")
          .edge("slow", "done")
          .start("fan")
          .build();
    }

    Graph<Trail> graph() {
      return graph(NodePolicy.defaults());
    }

    private void note(String node) {
      attempts.add(node + "@" + Thread.currentThread().getName());
    }

    /** The attempts noted since the last call, as node@thread. */
    List<String> drain() {
      List<String> out = new ArrayList<>();
      for (String a; (a = attempts.poll()) != null; ) {
        out.add(a);
      }
      return out;
    }
  }

  private static Engine<Trail> engine(FanOut fan, Graph<Trail> graph, int concurrency) {
    return Engine.builder(graph)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .timeSource(fan.clock)
        .build();
  }

  @Test
  void aWarmEngineRunsEveryShortAttemptOnTheCallingThread() {
    FanOut fan = new FanOut();
    Engine<Trail> engine = engine(fan, fan.graph(), 4);

    Trail cold = engine.run("cold", Trail.of());
    List<String> coldAttempts = fan.drain();
    Trail warm = engine.run("warm", Trail.of());
    List<String> warmAttempts = fan.drain();

    assertThat(warm).isEqualTo(cold);
    assertThat(warm.count("done")).isEqualTo(1);
    // Cold, nothing is known: every attempt goes to a worker.
    assertThat(coldAttempts).hasSize(WIDTH + 2).allMatch(a -> a.contains("@weft-worker-"));
    // Warm, every node ran short: the run stays on the caller, which runs every attempt.
    String caller = "@" + Thread.currentThread().getName();
    assertThat(warmAttempts).hasSize(WIDTH + 2).allMatch(a -> a.endsWith(caller));
  }

  @Test
  void aShortNodeThatRunsLongRunsInlineOnceThenItsStepGoesToWorkers() {
    FanOut fan = new FanOut();
    Engine<Trail> engine = engine(fan, fan.graph(), 4);
    engine.run("learn", Trail.of());
    fan.drain();

    fan.workTakes = Duration.ofMillis(1);
    Trail longer = engine.run("longer", Trail.of());
    List<String> attempts = fan.drain();
    Trail after = engine.run("after", Trail.of());
    List<String> afterAttempts = fan.drain();

    assertThat(longer.count("done")).isEqualTo(1);
    assertThat(after).isEqualTo(longer);
    // The first work attempt ran inline and long; the rest of the step went to workers.
    assertThat(work(attempts)).hasSize(WIDTH);
    assertThat(work(attempts).stream().filter(a -> !a.contains("@weft-worker-"))).hasSize(1);
    // Next run, work counts as long: none of its attempts runs inline; fan and done still do.
    assertThat(work(afterAttempts)).hasSize(WIDTH).allMatch(a -> a.contains("@weft-worker-"));
    assertThat(afterAttempts)
        .filteredOn(a -> !a.startsWith("work@"))
        .hasSize(2)
        .allMatch(a -> a.contains("@weft-coordinator-after"));
  }

  @Test
  void attemptsInFlightNeverExceedTheLimitWhenTheCoordinatorRunsOne() {
    FanOut fan = new FanOut();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    EngineMetrics metrics =
        new EngineMetrics() {
          @Override
          public void inFlightChanged(int delta) {
            peak.accumulateAndGet(inFlight.addAndGet(delta), Math::max);
          }
        };
    Engine<Trail> engine =
        Engine.builder(fan.graph())
            .options(Options.builder().maxConcurrentNodes(2).build())
            .timeSource(fan.clock)
            .metrics(metrics)
            .build();
    engine.run("learn-work", Trail.of()); // work runs short
    fan.evenTarget = "slow";
    fan.oddTarget = "slow";
    engine.run("learn-slow", Trail.of()); // slow runs long
    fan.drain();
    fan.evenTarget = "work";
    peak.set(0);

    RunResult<Trail> mixed = engine.runForResult("mixed", Trail.of());

    assertThat(mixed.state().count("done")).isPositive();
    assertThat(mixed.state().size()).isGreaterThan(WIDTH);
    List<String> attempts = fan.drain();
    // Slow attempts go to workers; short work attempts run on the coordinator beside them.
    assertThat(attempts).filteredOn(a -> a.startsWith("slow@")).allMatch(a -> a.contains("worker"));
    assertThat(work(attempts)).anyMatch(a -> a.contains("@weft-coordinator-mixed"));
    assertThat(peak.get()).isEqualTo(2);
    assertThat(mixed.stats().peakInFlight()).isEqualTo(2);
    assertThat(inFlight.get()).isZero();
  }

  @Test
  void aGraphWithATimeLimitRunsEveryAttemptOnAWorker() {
    FanOut fan = new FanOut();
    Graph<Trail> graph = fan.graph(NodePolicy.builder().timeout(Duration.ofSeconds(30)).build());
    // The real clock: the virtual one would jump to the limit whenever the coordinator waits.
    Engine<Trail> engine =
        Engine.builder(graph).options(Options.builder().maxConcurrentNodes(4).build()).build();
    engine.run("learn", Trail.of());
    fan.drain();

    engine.run("again", Trail.of());

    // A node with a limit needs a worker the coordinator can stop waiting for, and while one
    // runs, the coordinator must be free to watch its deadline: no attempt of the graph inlines.
    assertThat(fan.drain()).hasSize(WIDTH + 2).allMatch(a -> a.contains("@weft-worker-"));
  }

  @Test
  void cancellingWhileTheCoordinatorRunsAnAttemptCancelsTheRun() throws Exception {
    FanOut fan = new FanOut();
    BufferedEmitter events = new BufferedEmitter(10_000);
    Engine<Trail> engine =
        Engine.builder(fan.graph())
            .options(Options.builder().maxConcurrentNodes(4).build())
            .timeSource(fan.clock)
            .store(new InMemoryCheckpointStore<>())
            .emitter(events)
            .build();
    Trail expected = engine.run("learn", Trail.of());
    fan.drain();
    fan.blockWork = new CountDownLatch(1);
    fan.workStarted = new CountDownLatch(1);

    CompletableFuture<Trail> run = engine.runAsync("cancelled", Trail.of());
    assertThat(fan.workStarted.await(10, TimeUnit.SECONDS)).isTrue();
    run.cancel(true);

    assertThatThrownBy(run::join).isInstanceOf(java.util.concurrent.CancellationException.class);
    awaitEvent(events, "cancelled", EventType.RUN_FAILED);
    assertThat(work(fan.drain())).singleElement().asString().contains("@weft-coordinator-");
    assertThat(events.byRun("cancelled"))
        .filteredOn(e -> e.type() == EventType.NODE_CANCELLED)
        .singleElement()
        .satisfies(e -> assertThat(e.nodeId()).isEqualTo("work"));

    fan.blockWork = null;
    assertThat(engine.resume("cancelled")).isEqualTo(expected);
  }

  private static List<String> work(List<String> attempts) {
    return attempts.stream().filter(a -> a.startsWith("work@")).toList();
  }

  private static void awaitEvent(BufferedEmitter events, String runId, EventType type)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (events.byRun(runId).stream().noneMatch(e -> e.type() == type)) {
      assertThat(System.nanoTime() - end).as("waiting for %s", type).isNegative();
      Thread.sleep(5);
    }
  }
}
