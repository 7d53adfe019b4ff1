package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.RunStatus;
import dev.weft.spi.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 at random points: a child JVM runs the 200-step {@link CrashWorkflow} against SQLite or
 * PostgreSQL and is killed with SIGKILL, again and again while it resumes, until a fresh process
 * finishes it. Then the final state equals the uninterrupted run's, every step is committed exactly
 * once with the reference's state, and each activation's de-duplicated side effect exists once. At
 * least 20 kill points per store; {@code -Dweft.crash.kills=1000} for a soak.
 */
class CrashTest {
  private static final int KILLS = Integer.getInteger("weft.crash.kills", 20);
  private static final int KILLS_PER_RUN = 4;

  @TempDir static Path dir;
  private static List<Checkpoint<Trail>> referenceHistory;
  private static Set<String> referenceKeys;
  private static PostgresServer postgres;

  @BeforeAll
  static void reference() {
    Set<String> keys = ConcurrentHashMap.newKeySet();
    referenceHistory = CrashWorkflow.reference((key, node) -> keys.add(key)).history("ref");
    referenceKeys = keys;
    assertThat(referenceHistory).hasSize(CrashWorkflow.STEPS + 1);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String target(StoreKind kind, String name) {
    return switch (kind) {
      case SQLITE -> "sqlite:" + dir.resolve(name + ".db");
      case POSTGRES -> {
        if (postgres == null) {
          postgres = PostgresServer.start();
        }
        yield "postgres:" + postgres.newDatabase();
      }
      case MEMORY -> throw new IllegalArgumentException("a child process cannot share memory");
    };
  }

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void killedAtRandomPointsTheRunFinishesAsIfUninterrupted(StoreKind kind) throws Exception {
    String target = target(kind, "crash");
    Path effects = dir.resolve(kind + "-effects.db");
    // calibrate: how long an uninterrupted child takes from "ready" to its end
    long fullNanos = child(target, "calibrate", effects, Long.MAX_VALUE).nanos();
    verify(target, "calibrate", effects);

    SplittableRandom random = new SplittableRandom(Long.getLong("weft.crash.seed", 42L));
    int kills = 0;
    int runs = 0;
    Set<Long> killSteps = new TreeSet<>();
    while (kills < KILLS) {
      String runId = "crash-" + runs++;
      for (int k = 0; k < KILLS_PER_RUN && kills < KILLS; k++) {
        // each process continues where the last died: aim inside what is left of the run
        long delay = random.nextLong(Math.max(1, fullNanos / 2));
        long startedFrom = child(target, runId, effects, delay).fromStep();
        if (k > 0) {
          killSteps.add(startedFrom);
        }
        kills++;
      }
      killSteps.add(
          child(target, runId, effects, Long.MAX_VALUE).fromStep()); // a fresh process finishes it
      verify(target, runId, effects);
    }
    System.out.printf(
        "%s: %d kills over %d runs; the processes after them started from %d distinct steps: %s%n",
        kind, kills, runs, killSteps.size(), killSteps);
    assertThat(kills).isGreaterThanOrEqualTo(20);
    assertThat(killSteps).as("kill points landed inside the run").anyMatch(s -> s > 0 && s < 200);
  }

  /** How a child went: the step it started from (-1: none) and how long it ran after ready. */
  private record Child(long fromStep, long nanos) {}

  private static void verify(String target, String runId, Path effects) throws Exception {
    try (JdbcCheckpointStore<Trail> store = CrashWorkflow.open(target)) {
      Checkpoint<Trail> last = store.load(runId).orElseThrow();
      assertThat(last.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(last.state()).isEqualTo(referenceHistory.getLast().state());
      List<Checkpoint<Trail>> history = store.history(runId);
      assertThat(history).extracting(Checkpoint::step).doesNotHaveDuplicates();
      assertThat(history)
          .extracting(Checkpoint::step)
          .containsExactlyElementsOf(referenceHistory.stream().map(Checkpoint::step).toList());
      for (int i = 0; i < history.size(); i++) {
        assertThat(history.get(i).state())
            .as("step %d", i)
            .isEqualTo(referenceHistory.get(i).state());
      }
    }
    Set<String> expected = new HashSet<>();
    for (String key : referenceKeys) {
      expected.add(runId + key.substring("ref".length()));
    }
    try (CrashWorkflow.EffectsDb db = new CrashWorkflow.EffectsDb(effects);
        Statement s = db.connection().createStatement()) {
      Set<String> keys = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT key FROM effect")) {
        while (rs.next()) {
          if (rs.getString(1).startsWith(runId + "/")) {
            keys.add(rs.getString(1));
          }
        }
      }
      assertThat(keys).as("one effect per activation").isEqualTo(expected);
    }
  }

  /**
   * Runs the child until it ends, or kills it with SIGKILL {@code killAfterNanos} after it said
   * ready.
   */
  private static Child child(String target, String runId, Path effects, long killAfterNanos)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(CrashWorkflow.class.getName());
    command.addAll(List.of(target, runId, effects.toString()));
    Path log = Files.createTempFile(dir, "child-", ".log");
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line)
          .as("child said ready; its log: %s", Files.readString(log))
          .startsWith("ready ");
      long from = Long.parseLong(line.substring("ready ".length()));
      long ready = System.nanoTime();
      if (killAfterNanos != Long.MAX_VALUE) {
        if (!p.waitFor(killAfterNanos, TimeUnit.NANOSECONDS)) {
          p.destroyForcibly(); // SIGKILL
          p.waitFor(30, TimeUnit.SECONDS);
          return new Child(from, System.nanoTime() - ready);
        }
      }
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
      long took = System.nanoTime() - ready;
      assertThat(p.exitValue()).as("child exit; its log: %s", Files.readString(log)).isZero();
      return new Child(from, took);
    } finally {
      p.destroyForcibly();
    }
  }
}
