package dev.weft.jdbc.internal;

import dev.weft.StoreException;
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
 */
public final class Migrations {
  /** The history table of the store's migrations. */
  public static final String HISTORY_TABLE = "weft_schema_history";

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
    try {
      refuseNewerSchema(flyway, where);
      flyway.migrate();
    } catch (FlywayException e) {
      throw new StoreException(
          "migrating the Weft tables of " + where + " failed: " + reason(e), e);
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
