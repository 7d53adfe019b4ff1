package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.Engine;
import dev.weft.NodeFailedException;
import dev.weft.Options;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.spi.Checkpoint;
import dev.weft.store.RunQuery;
import dev.weft.store.RunSummary;
import dev.weft.support.Outcome;
import dev.weft.support.RandomGraph;
import dev.weft.support.Trail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Determinism through the SQLite store over random graphs: a run that pauses, fails on a broken
 * node and is resumed (so its commits take both the plain path, which only adds a step row, and the
 * path that changes the run's row) reaches the in-memory reference's final state and committed
 * history, at every concurrency, and the catalogue reports its latest step and status.
 */
class SqliteResumeProperties {
  private static final int MAX_STEPS = 200;

  private final Path dir;

  SqliteResumeProperties() throws IOException {
    dir = Files.createTempDirectory("weft-sqlite-properties");
  }

  @AfterProperty
  void deleteFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Provide
  Arbitrary<RandomGraph> graphs() {
    return Combinators.combine(Arbitraries.integers().between(2, 10), Arbitraries.longs())
        .as((size, seed) -> RandomGraph.generate(size, seed, 1));
  }

  @Provide
  Arbitrary<Integer> concurrency() {
    return Arbitraries.of(0, 1, 8);
  }

  @Property(tries = 40)
  void aResumedRunOnSqliteCommitsTheReferenceHistory(
      @ForAll("graphs") RandomGraph spec,
      @ForAll @IntRange(min = 0, max = 9) int victimIndex,
      @ForAll("concurrency") int concurrency)
      throws IOException {
    Outcome reference = Outcome.of(spec.build(), 0, "run", MAX_STEPS);
    Assume.that(reference.failure() == null);
    String victim = "n" + (victimIndex % spec.nodes().size());
    AtomicBoolean broken = new AtomicBoolean(true);
    Path file = Files.createTempFile(dir, "weft", ".db");
    try (JdbcCheckpointStore<Trail> store = JdbcStores.sqlite(file, Trail.class)) {
      Engine<Trail> engine =
          Engine.builder(
                  spec.build(
                      (id, node) ->
                          (s, ctx) -> {
                            if (id.equals(victim) && broken.get()) {
                              throw new IllegalStateException("broken " + id);
                            }
                            return node.apply(s, ctx);
                          }))
              .options(
                  Options.builder().maxConcurrentNodes(concurrency).maxSteps(MAX_STEPS).build())
              .store(store)
              .build();

      RunResult<Trail> result;
      try {
        result = throughPauses(engine, engine.runForResult("run", Trail.of()));
      } catch (NodeFailedException e) {
        assertThat(store.run("run").orElseThrow())
            .extracting(RunSummary::status, RunSummary::step)
            .containsExactly(RunStatus.FAILED, e.step());
        broken.set(false);
        result = throughPauses(engine, engine.resumeForResult("run"));
      }
      Statistics.label("the broken node failed the run").collect(!broken.get());

      assertThat(result.state()).isEqualTo(reference.state());
      List<Checkpoint<Trail>> history = store.history("run");
      assertThat(history).isEqualTo(reference.history());
      Checkpoint<Trail> latest = store.load("run").orElseThrow();
      assertThat(latest.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(latest.state()).isEqualTo(reference.state());
      assertThat(latest.step()).isEqualTo(history.getLast().step());
      assertThat(store.runs(RunQuery.builder().status(RunStatus.COMPLETED).build()))
          .extracting(RunSummary::runId, RunSummary::step)
          .containsExactly(tuple("run", latest.step()));
    }
  }

  private static RunResult<Trail> throughPauses(Engine<Trail> engine, RunResult<Trail> r) {
    while (r.status() == RunStatus.PAUSED) {
      r = engine.resumeForResult(r.runId());
    }
    return r;
  }
}
