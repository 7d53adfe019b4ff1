package dev.weft.jdbc;

/**
 * How hard SQLite syncs commits to disk (its {@code synchronous} pragma, in WAL mode).
 *
 * <pre>{@code
 * JdbcCheckpointStore.builder(codec).sqlite(path).sqliteSync(SqliteSync.FULL).build();
 * }</pre>
 */
public enum SqliteSync {
  /**
   * The default: a commit is durable against a crash of the process (kill -9 included) once {@code
   * commit} returns; an operating-system crash or power loss may lose the last commits, never
   * corrupt the file. Commits cost tens of microseconds.
   */
  NORMAL,
  /** Every commit is synced to disk before it returns: durable against power loss, slower. */
  FULL
}
