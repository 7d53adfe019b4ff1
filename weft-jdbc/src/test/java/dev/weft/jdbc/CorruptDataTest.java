package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad stored data is reported with one clear error naming run and step, never half-loaded. */
class CorruptDataTest {
  @TempDir Path dir;

  /** Another state type, as after a refactoring of the state class. */
  record Renamed(List<String> entries) {}

  private String url;

  private JdbcCheckpointStore<Trail> open(StoreKind kind) {
    if (url == null) {
      url =
          kind == StoreKind.SQLITE
              ? "jdbc:sqlite:" + dir.resolve("weft.db")
              : PostgresServer.shared().newDatabase();
    }
    return kind == StoreKind.SQLITE
        ? JdbcStores.sqlite(dir.resolve("weft.db"), Trail.class)
        : JdbcStores.postgres(url, "weft", "", Trail.class);
  }

  private Connection raw(StoreKind kind) throws Exception {
    return kind == StoreKind.SQLITE
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, "weft", "");
  }

  private void seed(JdbcCheckpointStore<Trail> store) {
    store.create(cp(0));
    store.commit(cp(1));
  }

  private static Checkpoint<Trail> cp(long step) {
    return new Checkpoint<>(
        "run-7", step, Trail.of("a", "b"), List.of(), List.of(), Map.of(), RunStatus.RUNNING, "");
  }

  private void update(StoreKind kind, String sql, Object... params) throws Exception {
    try (Connection c = raw(kind);
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      assertThat(ps.executeUpdate()).isPositive();
    }
  }

  private static void refusedNamingRunAndStep(JdbcCheckpointStore<Trail> store, String why) {
    assertThatThrownBy(() -> store.load("run-7"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("run 'run-7' step 1")
        .hasMessageContaining(why)
        .hasMessageContaining("nothing was loaded");
    assertThatThrownBy(() -> store.history("run-7"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("run 'run-7' step 1");
  }

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void aTruncatedRow(StoreKind kind) throws Exception {
    try (JdbcCheckpointStore<Trail> store = open(kind)) {
      seed(store);
      update(
          kind,
          "UPDATE weft_step SET state = ? WHERE step = 1",
          "{\"items\":[\"a\"".getBytes(StandardCharsets.UTF_8));
      refusedNamingRunAndStep(store, "checksum does not match");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void badJsonWithAMatchingChecksum(StoreKind kind) throws Exception {
    try (JdbcCheckpointStore<Trail> store = open(kind)) {
      seed(store);
      byte[] bad = "{not json".getBytes(StandardCharsets.UTF_8);
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      CRC32C crc = new CRC32C();
      crc.update(bad);
      crc.update(body);
      update(
          kind,
          "UPDATE weft_step SET state = ?, body = ?, checksum = ? WHERE step = 1",
          bad,
          body,
          crc.getValue());
      refusedNamingRunAndStep(store, "stored JSON does not match");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void anUnknownCodecIdOrVersion(StoreKind kind) throws Exception {
    try (JdbcCheckpointStore<Trail> store = open(kind)) {
      seed(store);
      update(kind, "UPDATE weft_step SET codec_id = 'java-serialization' WHERE step = 1");
      refusedNamingRunAndStep(store, "written by codec 'java-serialization' version 1");
      update(
          kind, "UPDATE weft_step SET codec_id = 'jackson-json', codec_version = 9 WHERE step = 1");
      refusedNamingRunAndStep(store, "written by codec 'jackson-json' version 9");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void aRowThatNoLongerMatchesTheStateClass(StoreKind kind) throws Exception {
    try (JdbcCheckpointStore<Trail> store = open(kind)) {
      seed(store);
    }
    var builder = JdbcCheckpointStore.builder(JacksonStateCodec.of(Renamed.class));
    try (JdbcCheckpointStore<Renamed> renamed =
        kind == StoreKind.SQLITE
            ? builder.sqlite(dir.resolve("weft.db")).build()
            : builder.postgres(url, "weft", "").build()) {
      assertThatThrownBy(() -> renamed.load("run-7"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("run 'run-7' step 1")
          .hasMessageContaining("does not match")
          .hasMessageContaining("items");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void anUnknownRunIsNotFound(StoreKind kind) {
    try (JdbcCheckpointStore<Trail> store = open(kind)) {
      Graph<Trail> g =
          Graph.builder(Trail::merge).node("a", (s, c) -> NodeResult.stop(s)).start("a").build();
      assertThatThrownBy(() -> Engine.builder(g).store(store).build().resume("nobody"))
          .isInstanceOf(RunNotFoundException.class)
          .hasMessageContaining("no checkpoint for run 'nobody'");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StoreKind.class,
      names = {"SQLITE", "POSTGRES"})
  void aSchemaNewerThanTheLibraryIsRefused(StoreKind kind) throws Exception {
    try (JdbcCheckpointStore<Trail> store = open(kind)) {
      seed(store);
    }
    update(
        kind,
        "INSERT INTO weft_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the"
            + " future', 'SQL', 'V99__future.sql', 0, 'weft', 0, ?)",
        true);
    assertThatThrownBy(() -> open(kind))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99, newer than this weft-jdbc knows (up to 2)")
        .hasMessageContaining("upgrade weft-jdbc");
  }
}
