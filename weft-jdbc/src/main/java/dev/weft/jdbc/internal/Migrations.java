package dev.weft.jdbc.internal;

import dev.weft.StoreException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings the store's tables to the schema this library knows, with Flyway: versioned SQL per
 * dialect under {@code db/weft-migrations/<dialect>} (a path that is no package name, so Flyway
 * finds it when this jar is a named module), history in {@code weft_schema_history} (so it never
 * mixes with an application's own Flyway history). A database already at a newer version than the
 * library's migrations is refused before anything is read or written.
 *
 * <p>Flyway locks PostgreSQL while it migrates (an advisory lock) but takes no lock on SQLite, so
 * stores opening one fresh SQLite file at once (two commands started together) race to create the
 * tables. SQLite rolls the loser's migration back whole (its DDL is transactional), and the loser
 * tries again after a short pause, finding the work done.
 */
public final class Migrations {
  /** The history table of the store's migrations. */
  public static final String HISTORY_TABLE = "weft_schema_history";

  /** Migration attempts on SQLite when another connection got there first. */
  private static final int SQLITE_ATTEMPTS = 20;

  private Migrations() {}

  /** Migrates, or throws {@link StoreException} saying what to do. */
  public static void migrate(DataSource source, Dialect dialect, String where) {
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(source)
            .locations("classpath:" + dialect.migrations())
            .table(HISTORY_TABLE)
            .failOnMissingLocations(true)
            // a shared PostgreSQL schema holds other tables: start the store's history at 0
            .baselineOnMigrate(true)
            .baselineVersion(MigrationVersion.fromVersion("0"))
            .cleanDisabled(true)
            .load();
    for (int attempt = 1; ; attempt++) {
      try {
        refuseNewerSchema(flyway, where);
        flyway.migrate();
        return;
      } catch (FlywayException e) {
        if (dialect != Dialect.SQLITE || attempt >= SQLITE_ATTEMPTS || !raced(e)) {
          throw new StoreException(
              "migrating the Weft tables of " + where + " failed: " + reason(e), e);
        }
      }
      pause(attempt);
    }
  }

  /**
   * Whether another connection migrating the same SQLite file at once caused the failure: the file
   * was busy, a table appeared meanwhile, or Flyway found tables but no history, chose to baseline,
   * and by then the other connection had created the history table (empty, or with its migrations).
   */
  private static boolean raced(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof java.sql.SQLException
          && (m.contains("SQLITE_BUSY")
              || m.contains("SQLITE_LOCKED")
              || m.contains("already exists"))) {
        return true;
      }
      if (t instanceof FlywayException && m.contains("Unable to baseline schema history table")) {
        return true;
      }
    }
    return false;
  }

  /** Waits a little longer each attempt, with jitter so racing stores do not retry in step. */
  private static void pause(int attempt) {
    long millis = 10L * attempt + ThreadLocalRandom.current().nextLong(10L * attempt);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to migrate the Weft tables", e);
    }
  }

  private static void refuseNewerSchema(Flyway flyway, String where) {
    MigrationInfo newest = null;
    MigrationVersion known = MigrationVersion.EMPTY;
    for (MigrationInfo m : flyway.info().all()) {
      if (m.getState().name().startsWith("FUTURE")) {
        newest = m;
      } else if (m.getVersion() != null && m.getVersion().compareTo(known) > 0) {
        known = m.getVersion();
      }
    }
    if (newest != null) {
      throw new StoreException(
          "the Weft tables of "
              + where
              + " are at schema version "
              + newest.getVersion()
              + ", newer than this weft-jdbc knows (up to "
              + known
              + "); a newer Weft wrote them: upgrade weft-jdbc, or restore a backup taken before the"
              + " upgrade");
    }
  }

  /** The database's own words when there are some; Flyway's message spans a table of lines. */
  private static String reason(FlywayException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
