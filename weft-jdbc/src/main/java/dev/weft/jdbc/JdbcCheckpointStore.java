package dev.weft.jdbc;

import dev.weft.RunAlreadyExistsException;
import dev.weft.RunStatus;
import dev.weft.StepAlreadyCommittedException;
import dev.weft.StoreException;
import dev.weft.jdbc.internal.Database;
import dev.weft.jdbc.internal.Dialect;
import dev.weft.jdbc.internal.Migrations;
import dev.weft.jdbc.internal.Rows;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.spi.StateCodec;
import dev.weft.store.RunCatalog;
import dev.weft.store.RunQuery;
import dev.weft.store.RunSummary;
import dev.weft.store.StepSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A durable {@link CheckpointStore} and {@link RunCatalog} over JDBC, on SQLite or PostgreSQL. Each
 * write is one transaction: a step commit inserts the step row, guarded by the run's latest step,
 * and changes the run's row only where something it lists changes (on PostgreSQL it always advances
 * the row, in the same statement), so a repeated or lower step is refused with {@link
 * StepAlreadyCommittedException} and run creation is create-if-absent. States go through the {@link
 * StateCodec}; rows are checksummed, and a row that cannot be read is a {@link StoreException}
 * naming run and step. Opening the store runs its Flyway migrations. Thread-safe; close it to
 * release its connection or pool.
 *
 * <pre>{@code
 * try (JdbcCheckpointStore<Doc> store = JdbcStores.sqlite(Path.of("weft.db"), Doc.class)) {
 *   Engine<Doc> engine = Engine.builder(graph).store(store).build();
 *   engine.run("run-1", doc);
 * }
 * }</pre>
 *
 * @param <S> the state type
 */
public final class JdbcCheckpointStore<S> implements CheckpointStore<S>, RunCatalog, AutoCloseable {
  /**
   * The head of run {@code r}, the step of its latest checkpoint: its highest step row. On SQLite a
   * step commit that changes nothing else about the run only adds that row, so {@code
   * weft_run.step} and {@code updated_at} are as of the run row's last change; reads take the head
   * from the step rows on either database.
   */
  private static final String HEAD_STEP = headStep("r");

  /** The head of the run whose row an UPDATE of {@code weft_run} is changing. */
  private static final String ROW_HEAD_STEP = headStep("weft_run");

  /** When the head of run {@code r} was committed. */
  private static final String HEAD_COMMITTED_AT =
      "(SELECT s.committed_at FROM weft_step s WHERE s.run_id = r.run_id ORDER BY s.step DESC"
          + " LIMIT 1)";

  private static final String PAYLOAD = "codec_id, codec_version, format, state, body, checksum";

  /** The start of every insert of a step row; {@link #bindStep} binds all but the run id. */
  private static final String INTO_STEP =
      "INSERT INTO weft_step (run_id, step, status, detail, committed_at, input_label, "
          + PAYLOAD
          + ")";

  /** The values {@link #bindStep} binds, after the run id. */
  private static final String STEP_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

  private static final String INSERT_STEP = INTO_STEP + " VALUES (?, " + STEP_VALUES + ")";
  private static final String INSERT_RUN =
      "INSERT INTO weft_run (run_id, status, step, detail, created_at, updated_at, origin_run_id,"
          + " origin_step) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING";
  private static final String CLEAR_PROGRESS =
      " progress_codec_id = NULL, progress_codec_version = NULL, progress_format = NULL,"
          + " progress_state = NULL, progress_body = NULL, progress_checksum = NULL";

  /**
   * PostgreSQL, a step commit that keeps the run's status, as every step but a run's first and last
   * does: it writes no indexed column, so no index of {@code weft_run} changes.
   */
  private static final String ADVANCE_RUN =
      "UPDATE weft_run SET step = ?, detail = ?, updated_at = ?,"
          + CLEAR_PROGRESS
          + " WHERE run_id = ? AND step < ? AND status = ?";

  /**
   * SQLite, a step commit that changes nothing about the run but its head (status, detail and no
   * progress save to clear): it only adds the step row, so it writes the pages of one table. SQLite
   * has one writer at a time, so the head read here cannot change before the insert.
   */
  private static final String APPEND_STEP =
      INTO_STEP
          + " SELECT r.run_id, "
          + STEP_VALUES
          + " FROM weft_run r WHERE r.run_id = ? AND r.status = ? AND r.detail = ?"
          + " AND r.progress_state IS NULL AND ? > "
          + HEAD_STEP;

  /** A step commit that changes the run's row; the step guard completes it. */
  private static final String COMMIT_RUN =
      "UPDATE weft_run SET status = ?, step = ?, detail = ?, updated_at = ?,"
          + CLEAR_PROGRESS
          + " WHERE run_id = ? AND ";

  /**
   * PostgreSQL: {@link #ADVANCE_RUN} and the step row's insert as one statement, so a plain step
   * commit is one round trip and its own transaction; it inserts nothing when the run's status
   * changes or the step is taken, and the commit then takes the general path.
   */
  private static final String ADVANCE_AND_INSERT_STEP =
      "WITH run AS ("
          + ADVANCE_RUN
          + " RETURNING run_id) "
          + INTO_STEP
          + " SELECT run_id, "
          + STEP_VALUES
          + " FROM run";

  /** A progress save, for the run's head step only; the step guard completes it. */
  private static final String SAVE_RUN =
      "UPDATE weft_run SET status = ?, detail = ?, updated_at = ?, progress_codec_id = ?,"
          + " progress_codec_version = ?, progress_format = ?, progress_state = ?,"
          + " progress_body = ?, progress_checksum = ? WHERE run_id = ? AND ";

  private static final String RUN_STEP =
      "SELECT r.status, " + HEAD_STEP + " FROM weft_run r WHERE r.run_id = ?";
  private static final String LOAD =
      "SELECT r.status, s.step, r.detail, r.origin_run_id, r.origin_step, r.progress_codec_id,"
          + " r.progress_codec_version, r.progress_format, r.progress_state, r.progress_body,"
          + " r.progress_checksum, s.codec_id, s.codec_version, s.format, s.state, s.body,"
          + " s.checksum FROM weft_run r LEFT JOIN weft_step s ON s.run_id = r.run_id AND"
          + " s.step = "
          + HEAD_STEP
          + " WHERE r.run_id = ?";
  private static final String HISTORY =
      "SELECT s.step, s.status, s.detail, r.origin_run_id, r.origin_step, s."
          + PAYLOAD.replace(", ", ", s.")
          + " FROM weft_step s JOIN weft_run r ON r.run_id = s.run_id WHERE s.run_id = ?"
          + " ORDER BY s.step";
  private static final String STEPS =
      "SELECT step, status, committed_at, detail, input_label FROM weft_step WHERE run_id = ?"
          + " ORDER BY step";
  private static final String PRUNE =
      "DELETE FROM weft_step WHERE run_id = ? AND step < (SELECT MIN(step) FROM (SELECT step"
          + " FROM weft_step WHERE run_id = ? ORDER BY step DESC LIMIT ?) AS kept)";

  private final Database db;
  private final Rows<S> rows;
  private final Clock clock;
  private final boolean postgres;

  /**
   * {@link #COMMIT_RUN} and {@link #SAVE_RUN} completed by the guard that compares the step given
   * with the run's head: only a higher step may be committed, and a progress save is for the head.
   * PostgreSQL keeps {@code weft_run.step} at the head and compares with it, so that a concurrent
   * writer's check waits on the row lock and sees its new value; SQLite's single writer may read
   * the head from the step rows.
   */
  private final String commitRun;

  private final String saveRun;

  /** The run columns the catalogue lists, with the head's step and time. */
  private final String runColumns;

  /** When run {@code r} last changed: its row or its head, whichever is later. */
  private final String updatedAt;

  JdbcCheckpointStore(Database db, DataSource migrationSource, StateCodec<S> codec, Clock clock) {
    this.db = db;
    this.rows = new Rows<>(codec);
    this.clock = clock;
    this.postgres = db.dialect() == Dialect.POSTGRESQL;
    this.commitRun = COMMIT_RUN + (postgres ? "step < ?" : "? > " + ROW_HEAD_STEP);
    this.saveRun = SAVE_RUN + (postgres ? "step = ?" : "? = " + ROW_HEAD_STEP);
    this.updatedAt =
        (postgres ? "GREATEST" : "MAX")
            + "(r.updated_at, COALESCE("
            + HEAD_COMMITTED_AT
            + ", r.updated_at))";
    this.runColumns =
        "r.run_id, r.status, r.created_at, "
            + updatedAt
            + ", "
            + HEAD_STEP
            + ", r.detail, r.origin_run_id, r.origin_step";
    try {
      Migrations.migrate(migrationSource, db.dialect(), db.describe());
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Starts configuring a store for states encoded by {@code codec}. */
  public static <S> JdbcStoreBuilder<S> builder(StateCodec<S> codec) {
    return new JdbcStoreBuilder<>(codec);
  }

  @Override
  public void create(Checkpoint<S> first) {
    Rows.Payload payload = rows.encode(first);
    long now = Rows.micros(clock.instant());
    RunStatus existing =
        write(
            "creating run '" + first.runId() + "'",
            sql -> {
              PreparedStatement run = sql.prepare(INSERT_RUN);
              run.setString(1, first.runId());
              run.setString(2, first.status().name());
              run.setLong(3, first.step());
              run.setString(4, first.detail());
              run.setLong(5, now);
              run.setLong(6, now);
              if (first.origin().isPresent()) {
                run.setString(7, first.origin().get().runId());
                run.setLong(8, first.origin().get().step());
              } else {
                run.setNull(7, java.sql.Types.VARCHAR);
                run.setNull(8, java.sql.Types.BIGINT);
              }
              if (run.executeUpdate() == 0) {
                return latest(sql, first.runId()).status();
              }
              insertStep(sql, first, now, payload);
              return null;
            });
    if (existing != null) {
      throw new RunAlreadyExistsException(first.runId(), existing);
    }
  }

  @Override
  public void commit(Checkpoint<S> cp) {
    Rows.Payload payload = rows.encode(cp);
    long now = Rows.micros(clock.instant());
    String what = "committing step " + cp.step() + " of run '" + cp.runId() + "'";
    if (postgres && advanceAndInsert(what, cp, now, payload)) {
      return;
    }
    write(
        what,
        sql -> {
          if (!postgres && appendStep(sql, cp, now, payload) == 1) {
            return null;
          }
          if (commitRun(sql, cp, now) == 0) {
            Latest latest = latest(sql, cp.runId());
            throw latest == null
                ? missing(cp)
                : new StepAlreadyCommittedException(cp.runId(), cp.step(), latest.step());
          }
          insertStep(sql, cp, now, payload);
          return null;
        });
  }

  private boolean advanceAndInsert(String what, Checkpoint<S> cp, long now, Rows.Payload p) {
    try {
      return db.statement(
          sql -> {
            PreparedStatement ps = sql.prepare(ADVANCE_AND_INSERT_STEP);
            bindAdvance(ps, cp, now);
            bindStep(ps, 7, cp, now, p);
            return ps.executeUpdate() == 1;
          });
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  /** The highest step row of the run whose row is {@code run} (a table name or alias). */
  private static String headStep(String run) {
    return "(SELECT MAX(s.step) FROM weft_step s WHERE s.run_id = " + run + ".run_id)";
  }

  private static int appendStep(Database.Statements sql, Checkpoint<?> cp, long now, Rows.Payload p)
      throws SQLException {
    PreparedStatement step = sql.prepare(APPEND_STEP);
    bindStep(step, 1, cp, now, p);
    step.setString(12, cp.runId());
    step.setString(13, cp.status().name());
    step.setString(14, cp.detail());
    step.setLong(15, cp.step());
    return step.executeUpdate();
  }

  private static void bindAdvance(PreparedStatement run, Checkpoint<?> cp, long now)
      throws SQLException {
    run.setLong(1, cp.step());
    run.setString(2, cp.detail());
    run.setLong(3, now);
    run.setString(4, cp.runId());
    run.setLong(5, cp.step());
    run.setString(6, cp.status().name());
  }

  private int commitRun(Database.Statements sql, Checkpoint<?> cp, long now) throws SQLException {
    PreparedStatement run = sql.prepare(commitRun);
    run.setString(1, cp.status().name());
    run.setLong(2, cp.step());
    run.setString(3, cp.detail());
    run.setLong(4, now);
    run.setString(5, cp.runId());
    run.setLong(6, cp.step());
    return run.executeUpdate();
  }

  @Override
  public void save(Checkpoint<S> cp) {
    Rows.Payload payload = rows.encode(cp);
    long now = Rows.micros(clock.instant());
    write(
        "saving progress of step " + cp.step() + " of run '" + cp.runId() + "'",
        sql -> {
          PreparedStatement run = sql.prepare(saveRun);
          run.setString(1, cp.status().name());
          run.setString(2, cp.detail());
          run.setLong(3, now);
          payload.bind(run, 4);
          run.setString(10, cp.runId());
          run.setLong(11, cp.step());
          if (run.executeUpdate() == 0) {
            Latest latest = latest(sql, cp.runId());
            if (latest == null) {
              throw missing(cp);
            }
            if (latest.step() > cp.step()) {
              throw new StepAlreadyCommittedException(cp.runId(), cp.step(), latest.step());
            }
            throw new StoreException(
                "run '"
                    + cp.runId()
                    + "': a progress save is for the latest step "
                    + latest.step()
                    + ", but this one is for step "
                    + cp.step()
                    + "; commit a new step with commit(), not save()");
          }
          return null;
        });
  }

  private static void insertStep(
      Database.Statements sql, Checkpoint<?> cp, long now, Rows.Payload p) throws SQLException {
    PreparedStatement step = sql.prepare(INSERT_STEP);
    step.setString(1, cp.runId());
    bindStep(step, 2, cp, now, p);
    step.executeUpdate();
  }

  /** Binds a step row's columns after its run id, from {@code index} on. */
  private static void bindStep(
      PreparedStatement step, int index, Checkpoint<?> cp, long now, Rows.Payload p)
      throws SQLException {
    step.setLong(index, cp.step());
    step.setString(index + 1, cp.status().name());
    step.setString(index + 2, cp.detail());
    step.setLong(index + 3, now);
    if (cp.input().isPresent()) {
      step.setString(index + 4, cp.input().get().label());
    } else {
      step.setNull(index + 4, java.sql.Types.VARCHAR);
    }
    p.bind(step, index + 5);
  }

  private StoreException missing(Checkpoint<S> cp) {
    return new StoreException(
        "run '"
            + cp.runId()
            + "' does not exist in "
            + db.describe()
            + ", so step "
            + cp.step()
            + " cannot be written; create the run first (Engine.run does), or check that it was"
            + " not deleted by retention while running");
  }

  private record Latest(RunStatus status, long step) {}

  private static Latest latest(Database.Statements sql, String runId) throws SQLException {
    PreparedStatement ps = sql.prepare(RUN_STEP);
    ps.setString(1, runId);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new Latest(RunStatus.valueOf(rs.getString(1)), rs.getLong(2)) : null;
    }
  }

  @Override
  public Optional<Checkpoint<S>> load(String runId) {
    return read(
        "loading run '" + runId + "'",
        sql -> {
          PreparedStatement ps = sql.prepare(LOAD);
          ps.setString(1, runId);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            long step = rs.getLong(2);
            Optional<Checkpoint.Origin> origin = origin(rs, 4);
            boolean progress = rs.getBytes(9) != null;
            return Optional.of(
                rows.decode(
                    runId,
                    step,
                    rs.getString(1),
                    rs.getString(3),
                    origin,
                    rs,
                    progress ? 6 : 12,
                    db.describe()));
          }
        });
  }

  @Override
  public List<Checkpoint<S>> history(String runId) {
    return read(
        "loading the history of run '" + runId + "'",
        sql -> {
          PreparedStatement ps = sql.prepare(HISTORY);
          ps.setString(1, runId);
          List<Checkpoint<S>> history = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              history.add(
                  rows.decode(
                      runId,
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      origin(rs, 4),
                      rs,
                      6,
                      db.describe()));
            }
          }
          return history;
        });
  }

  private static Optional<Checkpoint.Origin> origin(ResultSet rs, int index) throws SQLException {
    String originRun = rs.getString(index);
    long originStep = rs.getLong(index + 1);
    return originRun == null
        ? Optional.empty()
        : Optional.of(new Checkpoint.Origin(originRun, originStep));
  }

  @Override
  public void delete(String runId) {
    deleteRun(runId);
  }

  @Override
  public boolean deleteRun(String runId) {
    return write(
        "deleting run '" + runId + "'",
        sql -> {
          PreparedStatement ps = sql.prepare("DELETE FROM weft_run WHERE run_id = ?");
          ps.setString(1, runId);
          return ps.executeUpdate() > 0; // its steps go by ON DELETE CASCADE
        });
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    Filter filter = Filter.of(query, updatedAt);
    return read(
        "listing runs",
        sql -> {
          PreparedStatement ps =
              sql.prepare(
                  "SELECT "
                      + runColumns
                      + " FROM weft_run r"
                      + filter.where()
                      + " ORDER BY r.created_at DESC, r.run_id LIMIT ? OFFSET ?");
          int next = filter.bind(ps);
          ps.setInt(next, query.limit());
          ps.setLong(next + 1, query.offset());
          List<RunSummary> runs = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              runs.add(summary(rs));
            }
          }
          return runs;
        });
  }

  @Override
  public Optional<RunSummary> run(String runId) {
    return read(
        "reading run '" + runId + "'",
        sql -> {
          PreparedStatement ps =
              sql.prepare("SELECT " + runColumns + " FROM weft_run r WHERE r.run_id = ?");
          ps.setString(1, runId);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
          }
        });
  }

  private static RunSummary summary(ResultSet rs) throws SQLException {
    return new RunSummary(
        rs.getString(1),
        RunStatus.valueOf(rs.getString(2)),
        Rows.instant(rs.getLong(3)),
        Rows.instant(rs.getLong(4)),
        rs.getLong(5),
        rs.getString(6),
        origin(rs, 7));
  }

  @Override
  public List<StepSummary> steps(String runId) {
    return read(
        "listing the steps of run '" + runId + "'",
        sql -> {
          PreparedStatement ps = sql.prepare(STEPS);
          ps.setString(1, runId);
          List<StepSummary> steps = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              steps.add(
                  new StepSummary(
                      runId,
                      rs.getLong(1),
                      RunStatus.valueOf(rs.getString(2)),
                      Rows.instant(rs.getLong(3)),
                      rs.getString(4),
                      Optional.ofNullable(rs.getString(5))));
            }
          }
          return steps;
        });
  }

  @Override
  public long deleteRuns(RunQuery query) {
    Filter filter = Filter.of(query, updatedAt);
    return write(
        "deleting runs",
        sql -> {
          PreparedStatement ps =
              sql.prepare(
                  "DELETE FROM weft_run WHERE run_id IN (SELECT r.run_id FROM weft_run r"
                      + filter.where()
                      + ")");
          filter.bind(ps);
          return (long) ps.executeUpdate();
        });
  }

  @Override
  public long pruneHistory(String runId, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException(
          "keep must be ≥ 1 (the latest step entry is the run's latest checkpoint), was " + keep);
    }
    return write(
        "pruning the history of run '" + runId + "'",
        sql -> {
          PreparedStatement ps = sql.prepare(PRUNE);
          ps.setString(1, runId);
          ps.setString(2, runId);
          ps.setInt(3, keep);
          return (long) ps.executeUpdate();
        });
  }

  /** Closes the store's connection or the pool it made (a pool passed in stays open). */
  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "JdbcCheckpointStore[" + db.describe() + "]";
  }

  private <T> T write(String what, Database.Work<T> work) {
    try {
      return db.transaction(work);
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private <T> T read(String what, Database.Work<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private StoreException failed(String what, SQLException e) {
    return new StoreException(
        what
            + " failed on "
            + db.describe()
            + ": "
            + e.getMessage()
            + " (SQLState "
            + e.getSQLState()
            + "); nothing was changed, so the previous checkpoint stands: retry or resume once"
            + " the database is reachable",
        e);
  }
}
