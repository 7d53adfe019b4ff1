package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.RunStatus;
import dev.weft.cli.demo.Research;
import dev.weft.jdbc.JdbcCheckpointStore;
import dev.weft.jdbc.JdbcStores;
import dev.weft.spi.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs stored by the real command in its SQLite file: inspected, deleted, pruned, killed with
 * SIGKILL or interrupted with SIGINT and resumed, paused for approval and resumed with input.
 */
class RunLifecycleTest {
  /** Slow enough to be stopped mid-run; no failures or hangs, so every run ends the same way. */
  private static final String[] STEADY = {
    "--seed",
    "11",
    "--sources",
    "40",
    "--concurrency",
    "2",
    "--latency",
    "50",
    "--fail-rate",
    "0",
    "--hang-rate",
    "0"
  };

  @TempDir Path dir;

  private Weft weft() {
    return new Weft(dir);
  }

  @Test
  void theDemoRunIsInTheSqliteFileAndShowListDeleteAndPruneWork() throws Exception {
    Weft.Result demo = weft().run("demo", "--seed", "4", "--run-id", "first");
    assertThat(demo.exit()).as(demo.toString()).isZero();
    assertThat(demo.out()).contains("stored: sqlite weft-data/weft.db");

    try (JdbcCheckpointStore<Research> db = sqlite(dir)) {
      Checkpoint<Research> stored = db.load("first").orElseThrow();
      assertThat(stored.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(stored.state().outcome()).isEqualTo("published");
      assertThat(db.history("first")).hasSize((int) stored.step() + 1);
    }

    Weft.Result show = weft().run("runs", "show", "first");
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.out()).contains("status: completed after 7 steps", "timeline");
    assertThat(show.out()).containsPattern("step 2 +committed fetch ×8");
    assertThat(show.out()).containsPattern("fetch +#1 ok +\\d");

    JsonNode shown =
        Json.mapper().readTree(weft().run("runs", "show", "first", "-o", "json").out());
    assertThat(shown.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(shown.get("timeline")).hasSize(7); // the steps that ran: 0…6

    assertThat(weft().run("demo", "--seed", "5", "--run-id", "second").exit()).isZero();
    JsonNode listed = Json.mapper().readTree(weft().run("runs", "list", "-o", "json").out());
    assertThat(listed.get("runs").findValuesAsText("runId"))
        .containsExactlyInAnyOrder("first", "second");
    Weft.Result lines =
        weft().run("runs", "list", "--status", "completed", "-o", "jsonl", "--limit", "1");
    assertThat(lines.out().lines()).hasSize(1);

    Weft.Result deleted = weft().run("runs", "delete", "first");
    assertThat(deleted.out()).contains("deleted run first");
    Weft.Result gone = weft().run("runs", "show", "first");
    assertThat(gone.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(gone.err()).startsWith("weft: no run 'first'");

    assertThat(weft().run("runs", "prune", "--older-than", "1d").out()).contains("pruned 0 runs");
    Thread.sleep(1100); // prune compares whole seconds of the update time with the cut-off
    assertThat(weft().run("runs", "prune", "--older-than", "1s").out()).contains("pruned 1 run");
    assertThat(weft().run("runs", "list").out()).contains("no runs in");
  }

  @Test
  void aRunKilledWithSigkillResumesToTheSameFinalStateAsAnUninterruptedOne() throws Exception {
    Path other = Files.createDirectory(dir.resolve("uninterrupted"));
    Weft.Result whole = new Weft(other).run(concat("demo", "--run-id", "k", STEADY));
    assertThat(whole.exit()).as(whole.toString()).isZero();

    Weft.Running killed = weft().start(concat("demo", "--run-id", "k", STEADY));
    long step = awaitCommittedStep(dir, "k", killed.process());
    killed.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(killed.process().exitValue()).isEqualTo(137);

    Checkpoint<Research> atKill;
    try (JdbcCheckpointStore<Research> db = sqlite(dir)) {
      atKill = db.load("k").orElseThrow();
    }
    assertThat(atKill.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(atKill.step()).isGreaterThanOrEqualTo(step).isLessThan(7);

    Weft.Result resumed = weft().run("resume", "k");
    assertThat(resumed.exit()).as(resumed.toString()).isZero();
    try (JdbcCheckpointStore<Research> db = sqlite(dir);
        JdbcCheckpointStore<Research> reference = sqlite(other)) {
      Checkpoint<Research> end = db.load("k").orElseThrow();
      assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(end.state()).isEqualTo(reference.load("k").orElseThrow().state());
      // every step committed once: the resume continued after the kill, it did not start over
      assertThat(db.history("k")).extracting(Checkpoint::step).doesNotHaveDuplicates();
      assertThat(db.history("k").get((int) atKill.step()).state()).isEqualTo(atKill.state());
    }
  }

  @Test
  void ctrlCLeavesAResumableRunAndExits130() throws Exception {
    Weft.Running running = weft().start(concat("demo", "--run-id", "c", STEADY));
    awaitCommittedStep(dir, "c", running.process());
    Process kill =
        new ProcessBuilder("kill", "-INT", Long.toString(running.process().pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Weft.Result interrupted = Weft.finish(running, Weft.DEFAULT_TIMEOUT);

    assertThat(interrupted.exit()).as(interrupted.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(interrupted.err()).contains("continue it with: weft resume c");
    try (JdbcCheckpointStore<Research> db = sqlite(dir)) {
      assertThat(db.load("c").orElseThrow().status()).isNotEqualTo(RunStatus.COMPLETED);
    }
    Weft.Result resumed = weft().run("resume", "c");
    assertThat(resumed.exit()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).containsPattern("c +completed");
  }

  @Test
  void anApprovalPausesWithExit3AndResumeWithInputPublishes() throws Exception {
    Weft.Result paused = weft().run("demo", "--approve", "--seed", "2", "--run-id", "a");
    assertThat(paused.exit()).as(paused.toString()).isEqualTo(ExitCodes.PAUSED);
    Weft.Result show = weft().run("runs", "show", "a");
    assertThat(show.out())
        .contains("status: paused", "reason: a reviewer must approve", "next:   publish");

    Weft.Result bad = weft().run("resume", "a", "--input", "{approved:");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).startsWith("weft: --input is not a state delta");

    Weft.Result approved = weft().run("resume", "a", "--input", "{\"approved\":true}");
    assertThat(approved.exit()).as(approved.toString()).isZero();
    try (JdbcCheckpointStore<Research> db = sqlite(dir)) {
      Checkpoint<Research> end = db.load("a").orElseThrow();
      assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(end.state().approved()).isTrue();
      assertThat(end.state().outcome()).isEqualTo("published");
      assertThat(db.history("a")).anySatisfy(c -> assertThat(c.input()).isPresent());
    }
    Weft.Result again = weft().run("resume", "a");
    assertThat(again.exit()).isZero(); // a completed run is reported as it is
  }

  @Test
  void aCorruptDatabaseFileIsOneClearLineAndIsLeftAsItWas() throws Exception {
    Path db = Files.createDirectories(dir.resolve("weft-data")).resolve("weft.db");
    byte[] garbage =
        "this is not a database, it is a shopping list\n"
            .repeat(200)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(db, garbage);

    Weft.Result r = weft().run("runs", "list");

    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines().toList()).hasSize(2);
    assertThat(r.err()).startsWith("weft: cannot open the SQLite database");
    assertThat(r.err()).contains("hint: ");
    assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
  }

  @Test
  void aDatabaseLockedByAnotherWriterFailsTheRunWithOneClearLine() throws Exception {
    assertThat(weft().run("demo", "--seed", "1", "--run-id", "before").exit()).isZero();
    Path file = dir.resolve("weft-data/weft.db");
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = holder.createStatement()) {
      s.execute("BEGIN EXCLUSIVE"); // another process's long write transaction

      Weft.Result r = weft().run("demo", "--seed", "1", "--run-id", "blocked");

      assertThat(r.exit()).as(r.toString()).isIn(ExitCodes.RUN_FAILED, ExitCodes.USAGE);
      assertThat(r.toString()).containsIgnoringCase("locked");
      assertThat(r.toString()).doesNotContain("\tat ");
      s.execute("ROLLBACK");
    }
    Weft.Result list = weft().run("runs", "list", "-o", "jsonl");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains("\"before\"");
  }

  private static JdbcCheckpointStore<Research> sqlite(Path workDir) {
    return JdbcStores.sqlite(workDir.resolve("weft-data/weft.db"), Research.class);
  }

  /**
   * Waits until run {@code runId} has committed step 1 or later; its step. It only reads the step
   * rows: opening a store would run the migrations while the command may be running them too.
   */
  private static long awaitCommittedStep(Path workDir, String runId, Process p) throws Exception {
    Path file = workDir.resolve("weft-data/weft.db");
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end && p.isAlive()) {
      if (Files.exists(file)) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            PreparedStatement ps =
                c.prepareStatement("SELECT MAX(step) FROM weft_step WHERE run_id = ?")) {
          ps.setString(1, runId);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getLong(1) >= 1) {
              return rs.getLong(1);
            }
          }
        } catch (SQLException e) {
          // the command is still creating the file or its tables
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("run " + runId + " committed no step while the command ran");
  }

  private static String[] concat(String a, String b, String c, String[] rest) {
    List<String> all = new java.util.ArrayList<>(List.of(a, b, c));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }
}
