package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.Route;
import dev.weft.RunAlreadyExistsException;
import dev.weft.RunStatus;
import dev.weft.StepAlreadyCommittedException;
import dev.weft.StoreException;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.store.RunCatalog;
import dev.weft.store.RunQuery;
import dev.weft.store.RunSummary;
import dev.weft.store.StepSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checkpoint store contract and the run catalogue, on every store Weft ships. */
class StoreContractTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private StoreKind.Opened opened;
  private CheckpointStore<Trail> store;
  private RunCatalog catalog;

  private void open(StoreKind kind) {
    opened = kind.open(dir, clock);
    store = opened.store();
    catalog = opened.catalog();
  }

  @AfterEach
  void close() throws Exception {
    if (opened != null) {
      opened.close();
    }
  }

  private static Checkpoint<Trail> cp(String run, long step, RunStatus status) {
    return new Checkpoint<>(
        run,
        step,
        Trail.of("s" + step),
        List.of(new Activation<>("n", step, null, 1)),
        List.of(),
        Map.of(),
        status,
        "");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void createIsCreateIfAbsent(StoreKind kind) {
    open(kind);
    store.create(cp("r", 0, RunStatus.RUNNING));
    assertThatThrownBy(() -> store.create(cp("r", 0, RunStatus.RUNNING)))
        .isInstanceOf(RunAlreadyExistsException.class)
        .hasMessageContaining("run 'r' already exists")
        .hasMessageContaining("RUNNING");
    assertThat(store.history("r")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aRepeatedOrLowerStepIsRefusedWithATypedException(StoreKind kind) {
    open(kind);
    store.create(cp("r", 0, RunStatus.RUNNING));
    store.commit(cp("r", 1, RunStatus.RUNNING));
    store.commit(cp("r", 2, RunStatus.RUNNING));
    for (long step : new long[] {2, 1, 0}) {
      assertThatThrownBy(() -> store.commit(cp("r", step, RunStatus.RUNNING)))
          .isInstanceOfSatisfying(
              StepAlreadyCommittedException.class,
              e -> {
                assertThat(e.runId()).isEqualTo("r");
                assertThat(e.step()).isEqualTo(step);
                assertThat(e.latestStep()).isEqualTo(2);
              });
    }
    assertThatThrownBy(() -> store.save(cp("r", 1, RunStatus.FAILED)))
        .isInstanceOf(StepAlreadyCommittedException.class);
    assertThatThrownBy(() -> store.save(cp("r", 3, RunStatus.FAILED)))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessageContaining("commit()");
    assertThatThrownBy(() -> store.commit(cp("ghost", 1, RunStatus.RUNNING)))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessageContaining("run 'ghost' does not exist");
    assertThatThrownBy(() -> store.save(cp("ghost", 0, RunStatus.FAILED)))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessageContaining("run 'ghost' does not exist");
    // refused writes changed nothing
    assertThat(store.history("r")).extracting(Checkpoint::step).containsExactly(0L, 1L, 2L);
    assertThat(store.load("r").orElseThrow()).isEqualTo(cp("r", 2, RunStatus.RUNNING));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aProgressSaveReplacesTheLatestButNotTheHistory(StoreKind kind) {
    open(kind);
    store.create(cp("r", 0, RunStatus.RUNNING));
    store.commit(cp("r", 1, RunStatus.RUNNING));
    Checkpoint<Trail> all = everything("r", 1); // origin is the run's, set at create
    Checkpoint<Trail> failed =
        new Checkpoint<>(
            "r",
            1,
            all.state(),
            all.frontier(),
            all.completed(),
            all.joinArrivals(),
            RunStatus.FAILED,
            "boom",
            "r",
            Optional.empty(),
            Optional.empty());
    store.save(failed);
    assertThat(store.load("r")).contains(failed);
    assertThat(store.history("r"))
        .containsExactly(cp("r", 0, RunStatus.RUNNING), cp("r", 1, RunStatus.RUNNING));
    store.commit(cp("r", 2, RunStatus.COMPLETED));
    assertThat(store.load("r")).contains(cp("r", 2, RunStatus.COMPLETED));
    assertThat(store.load("nope")).isEmpty();
    assertThat(store.history("nope")).isEmpty();
  }

  /** A checkpoint with every part filled: each route kind, branch inputs, joins, fork, input. */
  private static Checkpoint<Trail> everything(String run, long step) {
    return new Checkpoint<>(
        run,
        step,
        Trail.of("state", "ünïcødé ✓", "\"quoted\"", "back\\slash"),
        List.of(
            new Activation<>("plain", -7L, null, 1),
            new Activation<>("branch", Long.MIN_VALUE, Trail.of("input"), 3)),
        List.of(
            new ActivationResult<>("n0", 1L, null, new Route.Next<>()),
            new ActivationResult<>("n1", 2L, Trail.of("d1"), new Route.Stop<>()),
            new ActivationResult<>("n2", 3L, Trail.of("d2"), new Route.GoTo<>(List.of("a", "b"))),
            new ActivationResult<>(
                "n3",
                4L,
                Trail.of("d3"),
                new Route.Send<>(
                    List.of(
                        Route.Branch.of("x", Trail.of("bx")), Route.Branch.of("y", Trail.of())))),
            new ActivationResult<>(
                "n4", Long.MAX_VALUE, null, new Route.Interrupt<>("ask a human"))),
        Map.of("join", Set.of("a", "b"), "other", Set.of()),
        RunStatus.PAUSED,
        "waiting for 'approval'",
        "seed-run",
        Optional.of(new Checkpoint.Origin("origin-run", 4)),
        Optional.of(new Checkpoint.Input<>(Trail.of("answer"), "alice")));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void everyPartOfACheckpointRoundTrips(StoreKind kind) {
    open(kind);
    Checkpoint<Trail> first = everything("r", 0);
    store.create(first);
    Checkpoint<Trail> second = everything("r", 1);
    store.commit(second);
    assertThat(store.load("r")).contains(second);
    assertThat(store.history("r")).containsExactly(first, second);
    assertThat(catalog.steps("r"))
        .extracting(StepSummary::inputLabel)
        .containsExactly(Optional.of("alice"), Optional.of("alice"));
    assertThat(catalog.run("r").orElseThrow().origin())
        .contains(new Checkpoint.Origin("origin-run", 4));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void strangeRunAndNodeIdsAreStoredVerbatim(StoreKind kind) {
    open(kind);
    List<String> ids =
        List.of(
            "it's \"quoted\"",
            "semi;colon; DROP TABLE weft_run;--",
            "back\\slash\\\\",
            "ünïcødé ✓ 日本語 🚀",
            "percent%_underscore",
            "x".repeat(992) + "ünïcødé✓",
            " leading and trailing ");
    for (String id : ids) {
      Checkpoint<Trail> c =
          new Checkpoint<>(
              id,
              0,
              Trail.of(id),
              List.of(new Activation<>(id, 1L, Trail.of(id), 1)),
              List.of(new ActivationResult<>(id, 2L, Trail.of(id), new Route.GoTo<>(List.of(id)))),
              Map.of(id, Set.of(id)),
              RunStatus.RUNNING,
              id);
      store.create(c);
      assertThat(store.load(id)).as(id).contains(c);
      assertThat(catalog.run(id).orElseThrow().runId()).isEqualTo(id);
    }
    assertThat(id1000()).hasSize(1000);
    assertThat(catalog.runs(RunQuery.all()))
        .extracting(RunSummary::runId)
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  private static String id1000() {
    return "x".repeat(992) + "ünïcødé✓";
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theCatalogueListsFiltersAndPages(StoreKind kind) {
    open(kind);
    for (int i = 0; i < 7; i++) {
      clock.set(T0.plus(Duration.ofMinutes(i)));
      String run = "run-" + i;
      store.create(cp(run, 0, RunStatus.RUNNING));
      clock.advance(Duration.ofSeconds(10));
      RunStatus end =
          i % 3 == 0 ? RunStatus.COMPLETED : i % 3 == 1 ? RunStatus.FAILED : RunStatus.PAUSED;
      store.commit(cp(run, 1, RunStatus.RUNNING));
      store.save(cp(run, 1, end).withStatus(end, end == RunStatus.FAILED ? "node 'x' failed" : ""));
    }
    List<RunSummary> all = catalog.runs(RunQuery.all());
    assertThat(all)
        .extracting(RunSummary::runId)
        .containsExactly("run-6", "run-5", "run-4", "run-3", "run-2", "run-1", "run-0");
    RunSummary r1 = catalog.run("run-1").orElseThrow();
    assertThat(r1.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r1.step()).isEqualTo(1);
    assertThat(r1.detail()).isEqualTo("node 'x' failed");
    assertThat(r1.createdAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(r1.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)).plusSeconds(10));
    assertThat(r1.origin()).isEmpty();
    assertThat(catalog.run("nope")).isEmpty();

    RunQuery page = RunQuery.builder().limit(3).build();
    assertThat(catalog.runs(page))
        .extracting(RunSummary::runId)
        .containsExactly("run-6", "run-5", "run-4");
    assertThat(catalog.runs(page.nextPage()))
        .extracting(RunSummary::runId)
        .containsExactly("run-3", "run-2", "run-1");
    assertThat(catalog.runs(page.nextPage().nextPage()))
        .extracting(RunSummary::runId)
        .containsExactly("run-0");

    assertThat(catalog.runs(RunQuery.builder().status(RunStatus.FAILED, RunStatus.PAUSED).build()))
        .extracting(RunSummary::runId)
        .containsExactly("run-5", "run-4", "run-2", "run-1");
    assertThat(
            catalog.runs(
                RunQuery.builder()
                    .createdFrom(T0.plus(Duration.ofMinutes(2)))
                    .createdBefore(T0.plus(Duration.ofMinutes(5)))
                    .build()))
        .extracting(RunSummary::runId)
        .containsExactly("run-4", "run-3", "run-2");
    assertThat(
            catalog.runs(
                RunQuery.builder()
                    .status(RunStatus.COMPLETED)
                    .updatedFrom(T0.plus(Duration.ofMinutes(3)))
                    .build()))
        .extracting(RunSummary::runId)
        .containsExactly("run-6", "run-3");
    assertThat(catalog.steps("run-2"))
        .extracting(StepSummary::step, StepSummary::status, StepSummary::inputLabel)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, RunStatus.RUNNING, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(1L, RunStatus.RUNNING, Optional.empty()));
    assertThat(catalog.steps("run-2").get(1).committedAt())
        .isEqualTo(T0.plus(Duration.ofMinutes(2)).plusSeconds(10));
    assertThat(catalog.steps("nope")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void retentionDeletesExactlyWhatItShould(StoreKind kind) {
    open(kind);
    // 12 runs: 4 per status among COMPLETED, FAILED, RUNNING, last written at minute i
    List<String> expectedGone = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      clock.set(T0.plus(Duration.ofMinutes(i)));
      String run = "run-" + i;
      RunStatus status =
          List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.RUNNING).get(i % 3);
      store.create(cp(run, 0, RunStatus.RUNNING));
      store.commit(cp(run, 1, status));
      store.commit(cp(run, 2, status));
      if (status != RunStatus.RUNNING && i < 6) {
        expectedGone.add(run);
      }
    }
    Instant cutoff = T0.plus(Duration.ofMinutes(6)); // runs 0..5 are older
    long deleted =
        catalog.deleteRuns(
            RunQuery.builder()
                .status(RunStatus.COMPLETED, RunStatus.FAILED)
                .updatedBefore(cutoff)
                .limit(1) // paging is ignored by deleteRuns
                .build());
    assertThat(deleted).isEqualTo(expectedGone.size()).isEqualTo(4);
    for (int i = 0; i < 12; i++) {
      String run = "run-" + i;
      boolean gone = expectedGone.contains(run);
      assertThat(store.load(run).isPresent()).as(run).isEqualTo(!gone);
      assertThat(store.history(run)).as(run).hasSize(gone ? 0 : 3);
      assertThat(catalog.steps(run)).as(run).hasSize(gone ? 0 : 3);
    }
    // a deleted id can be used again
    store.create(cp("run-0", 0, RunStatus.RUNNING));
    assertThat(store.history("run-0")).hasSize(1);

    // pruning keeps the newest entries and the latest checkpoint, and touches no other run
    assertThat(catalog.pruneHistory("run-7", 1)).isEqualTo(2);
    assertThat(store.history("run-7")).extracting(Checkpoint::step).containsExactly(2L);
    assertThat(store.load("run-7")).contains(cp("run-7", 2, RunStatus.FAILED));
    assertThat(catalog.pruneHistory("run-7", 1)).isZero();
    assertThat(catalog.pruneHistory("run-8", 2)).isEqualTo(1);
    assertThat(store.history("run-8")).extracting(Checkpoint::step).containsExactly(1L, 2L);
    assertThat(store.history("run-9")).hasSize(3);
    assertThatThrownBy(() -> catalog.pruneHistory("run-9", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep must be ≥ 1");
    assertThat(catalog.deleteRun("run-9")).isTrue();
    assertThat(catalog.deleteRun("run-9")).isFalse();
    assertThat(store.load("run-9")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aPrunedRunStillResumes(StoreKind kind) {
    open(kind);
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", (s, ctx) -> NodeResult.next(Trail.of("a")))
            .node("b", (s, ctx) -> NodeResult.interrupt(Trail.of("b"), "check"))
            .node("c", (s, ctx) -> NodeResult.stop(Trail.of("c")))
            .edge("a", "b")
            .edge("b", "c")
            .start("a")
            .build();
    Engine<Trail> engine = Engine.builder(g).store(store).build();
    assertThat(engine.runForResult("p", Trail.of()).status()).isEqualTo(RunStatus.PAUSED);
    catalog.pruneHistory("p", 1);
    assertThat(engine.resume("p")).isEqualTo(Trail.of("a", "b", "c"));
    assertThat(store.history("p")).extracting(Checkpoint::step).containsExactly(2L, 3L);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void twoSimultaneousRunsOfOneIdRunOnce(StoreKind kind) throws Exception {
    open(kind);
    AtomicInteger executions = new AtomicInteger();
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node(
                "a",
                (s, ctx) -> {
                  executions.incrementAndGet();
                  return NodeResult.stop(Trail.of("a"));
                })
            .start("a")
            .build();
    Engine<Trail> engine = Engine.builder(g).store(store).build();
    int repetitions = kind == StoreKind.MEMORY ? 300 : 60;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int i = 0; i < repetitions; i++) {
        String runId = "race-" + i;
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<Object>> both = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
          both.add(
              pool.submit(
                  () -> {
                    barrier.await();
                    try {
                      return engine.run(runId, Trail.of());
                    } catch (RunAlreadyExistsException e) {
                      return e;
                    }
                  }));
        }
        List<Object> outcomes = List.of(both.get(0).get(), both.get(1).get());
        assertThat(outcomes)
            .as("repetition %d", i)
            .satisfiesOnlyOnce(o -> assertThat(o).isEqualTo(Trail.of("a")))
            .satisfiesOnlyOnce(o -> assertThat(o).isInstanceOf(RunAlreadyExistsException.class));
        assertThat(store.history(runId)).extracting(Checkpoint::step).containsExactly(0L, 1L);
      }
    }
    assertThat(executions).hasValue(repetitions);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void fiftyConcurrentRunsCommitCorrectly(StoreKind kind) throws Exception {
    open(kind);
    Graph<Trail> g = FanOutChain.graph(10);
    Engine<Trail> engine =
        Engine.builder(g)
            .options(Options.builder().maxConcurrentNodes(4).build())
            .store(store)
            .build();
    Trail expected = Engine.builder(g).build().run("reference", Trail.of());
    List<Future<Trail>> runs = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        String runId = "c-" + i;
        runs.add(pool.submit(() -> engine.run(runId, Trail.of())));
      }
      for (Future<Trail> f : runs) {
        assertThat(f.get()).isEqualTo(expected);
      }
    }
    for (int i = 0; i < 50; i++) {
      List<Checkpoint<Trail>> history = store.history("c-" + i);
      assertThat(history)
          .extracting(Checkpoint::step)
          .containsExactlyElementsOf(steps(history.size()));
      assertThat(store.load("c-" + i).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(store.load("c-" + i).orElseThrow().state()).isEqualTo(expected);
    }
    assertThat(catalog.runs(RunQuery.builder().status(RunStatus.COMPLETED).limit(1000).build()))
        .hasSize(50);
  }

  private static List<Long> steps(int n) {
    List<Long> s = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      s.add(i);
    }
    return s;
  }
}
