package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.RunStatus;
import dev.weft.jdbc.internal.Dialect;
import dev.weft.jdbc.internal.Migrations;
import dev.weft.store.RunQuery;
import dev.weft.store.RunSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database at an older schema version is brought up to date when a store opens it, and the runs
 * it holds stay readable, listable and resumable.
 */
class SchemaUpgradeTest {
  @TempDir Path dir;

  private final Graph<Trail> graph =
      Graph.builder(Trail::merge)
          .node("a", (s, ctx) -> NodeResult.next(Trail.of("a")))
          .node("b", (s, ctx) -> NodeResult.interrupt(Trail.of("b"), "check"))
          .node("c", (s, ctx) -> NodeResult.stop(Trail.of("c")))
          .edge("a", "b")
          .edge("b", "c")
          .start("a")
          .build();

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void aVersion1DatabaseIsUpgradedAndItsRunsStayUsable(StoreKind kind) throws Exception {
    String scratch = newDatabase(kind, "scratch");
    String old = newDatabase(kind, "old");
    // Rows as the store writes them (the tables' columns are the same at versions 1 and 2) ...
    try (JdbcCheckpointStore<Trail> store = open(kind, scratch)) {
      Engine<Trail> engine = Engine.builder(graph).store(store).build();
      assertThat(engine.runForResult("paused", Trail.of()).status()).isEqualTo(RunStatus.PAUSED);
    }
    // ... copied into a database that Flyway brought to version 1 only.
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(old, user(kind), "")
        .locations("classpath:" + dialect(kind).migrations())
        .table(Migrations.HISTORY_TABLE)
        .target("1")
        .load()
        .migrate();
    try (Connection from = connect(kind, scratch);
        Connection to = connect(kind, old)) {
      copy(from, to, "weft_run");
      copy(from, to, "weft_step");
      assertThat(indexes(to, kind)).contains("weft_run_status_updated");
    }

    try (JdbcCheckpointStore<Trail> store = open(kind, old)) {
      try (Connection c = connect(kind, old)) {
        assertThat(indexes(c, kind))
            .contains("weft_run_status")
            .doesNotContain("weft_run_status_updated");
      }
      assertThat(store.runs(RunQuery.builder().status(RunStatus.PAUSED).build()))
          .extracting(RunSummary::runId)
          .containsExactly("paused");
      Engine<Trail> engine = Engine.builder(graph).store(store).build();
      assertThat(engine.resume("paused")).isEqualTo(Trail.of("a", "b", "c"));
      assertThat(store.runs(RunQuery.builder().status(RunStatus.COMPLETED).build()))
          .extracting(RunSummary::runId, RunSummary::step)
          .containsExactly(tuple("paused", 3L));
    }
  }

  private String newDatabase(StoreKind kind, String name) {
    return kind == StoreKind.SQLITE
        ? "jdbc:sqlite:" + dir.resolve(name + ".db")
        : PostgresServer.shared().newDatabase();
  }

  private static JdbcCheckpointStore<Trail> open(StoreKind kind, String url) {
    return kind == StoreKind.SQLITE
        ? JdbcStores.sqlite(Path.of(url.substring("jdbc:sqlite:".length())), Trail.class)
        : JdbcStores.postgres(url, "weft", "", Trail.class);
  }

  private static Dialect dialect(StoreKind kind) {
    return kind == StoreKind.SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL;
  }

  private static String user(StoreKind kind) {
    return kind == StoreKind.SQLITE ? null : "weft";
  }

  private static Connection connect(StoreKind kind, String url) throws SQLException {
    return DriverManager.getConnection(url, user(kind), "");
  }

  /** Copies every row of {@code table}, column by column. */
  private static void copy(Connection from, Connection to, String table) throws SQLException {
    try (Statement s = from.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      int columns = rs.getMetaData().getColumnCount();
      String insert = "INSERT INTO " + table + " VALUES (" + "?, ".repeat(columns - 1) + "?)";
      try (PreparedStatement ps = to.prepareStatement(insert)) {
        int rows = 0;
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            ps.setObject(i, rs.getObject(i), rs.getMetaData().getColumnType(i));
          }
          ps.executeUpdate();
          rows++;
        }
        assertThat(rows).as("rows of " + table).isPositive();
      }
    }
  }

  private static List<String> indexes(Connection c, StoreKind kind) throws SQLException {
    String sql =
        kind == StoreKind.SQLITE
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'weft_run'"
            : "SELECT indexname FROM pg_indexes WHERE tablename = 'weft_run'";
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
