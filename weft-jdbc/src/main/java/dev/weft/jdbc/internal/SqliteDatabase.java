package dev.weft.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite connection, the only writer of this store, with its statements prepared once. A lock
 * (not {@code synchronized}: callers may be virtual threads) serializes the store's transactions;
 * {@code BEGIN IMMEDIATE} takes SQLite's write lock up front, so writers in other processes wait up
 * to {@code busy_timeout} instead of failing with "database is locked" mid-transaction. Pragmas are
 * set on this connection when it opens.
 */
public final class SqliteDatabase implements Database {
  private final Path file;
  private final SQLiteDataSource source;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  private Connection connection;

  /** Runs {@code BEGIN IMMEDIATE} and {@code COMMIT}; made with the connection, closed with it. */
  private Statement control;

  private final Statements statements =
      new Statements() {
        @Override
        public PreparedStatement prepare(String sql) throws SQLException {
          PreparedStatement ps = prepared.get(sql);
          if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
          }
          return ps;
        }

        @Override
        public Connection connection() {
          return connection;
        }
      };

  public SqliteDatabase(Path file, boolean fullSync, Duration busyTimeout) {
    this.file = file.toAbsolutePath();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.enforceForeignKeys(true);
    this.source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + this.file);
  }

  /** A data source with the same pragmas, for the migrations. */
  public SQLiteDataSource dataSource() {
    return source;
  }

  @Override
  public String describe() {
    return "SQLite file " + file;
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public <T> T transaction(Work<T> work) throws SQLException {
    lock.lock();
    try {
      Connection c = open();
      control.execute("BEGIN IMMEDIATE");
      boolean done = false;
      try {
        T result = work.run(statements);
        control.execute("COMMIT");
        done = true;
        return result;
      } finally {
        if (!done) {
          rollback(c);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    return statement(work);
  }

  @Override
  public <T> T statement(Work<T> work) throws SQLException {
    lock.lock();
    try {
      open();
      return work.run(statements);
    } finally {
      lock.unlock();
    }
  }

  private Connection open() throws SQLException {
    if (connection == null || connection.isClosed()) {
      prepared.clear();
      connection = source.getConnection();
      control = connection.createStatement();
    }
    return connection;
  }

  private void rollback(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      // no transaction was open (BEGIN or COMMIT failed): nothing to undo; a broken connection
      // is replaced on the next call
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // closing a broken connection
    }
    connection = null;
    control = null;
    prepared.clear();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      for (PreparedStatement ps : prepared.values()) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // closing
        }
      }
      closeQuietly();
    } finally {
      lock.unlock();
    }
  }
}
