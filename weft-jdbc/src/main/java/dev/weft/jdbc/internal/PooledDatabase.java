package dev.weft.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Connections borrowed from a {@link DataSource} (HikariCP by default), one per transaction, so a
 * connection broken by a server restart fails one call and the pool replaces it.
 */
public final class PooledDatabase implements Database {
  private final DataSource source;
  private final String description;
  private final AutoCloseable owned;

  /** {@code owned} is closed with the store (a pool the store made), or {@code null}. */
  public PooledDatabase(DataSource source, String description, AutoCloseable owned) {
    this.source = source;
    this.description = description;
    this.owned = owned;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public <T> T transaction(Work<T> work) throws SQLException {
    try {
      return inTransaction(work);
    } catch (SQLException e) {
      evictIfBroken(e);
      throw e;
    }
  }

  private void evictIfBroken(SQLException e) {
    if (brokenConnection(e) && owned instanceof HikariDataSource pool) {
      // The server went away: every idle connection of the pool is as dead as this one was.
      // Evict them so the next call connects afresh instead of failing on each in turn.
      var bean = pool.getHikariPoolMXBean();
      if (bean != null) {
        bean.softEvictConnections();
      }
    }
  }

  private static boolean brokenConnection(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = source.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      Local local = new Local(c);
      boolean done = false;
      try {
        T result = work.run(local);
        c.commit();
        done = true;
        return result;
      } finally {
        local.closeAll();
        if (!done) {
          try {
            c.rollback();
          } catch (SQLException e) {
            // the connection is broken; the pool evicts it
          }
        }
        if (autoCommit) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException e) {
            // as above
          }
        }
      }
    }
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    try {
      return statement(work);
    } catch (SQLException e) {
      // After a server restart the pool may hand out a connection it has not yet found dead;
      // the failure above evicted the idle ones. A read changes nothing, so one retry is safe.
      if (brokenConnection(e)) {
        return statement(work);
      }
      throw e;
    }
  }

  @Override
  public <T> T statement(Work<T> work) throws SQLException {
    try {
      return autoCommitted(work);
    } catch (SQLException e) {
      evictIfBroken(e);
      throw e;
    }
  }

  private <T> T autoCommitted(Work<T> work) throws SQLException {
    try (Connection c = source.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true); // a user's pool may hand out manual-commit connections
      }
      Local local = new Local(c);
      try {
        return work.run(local);
      } finally {
        local.closeAll();
      }
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the connection pool failed: " + e, e);
      }
    }
  }

  /** Statements of one borrowed connection, closed when the transaction ends. */
  private static final class Local implements Statements {
    private final Connection connection;
    private final List<PreparedStatement> open = new ArrayList<>(4);

    Local(Connection connection) {
      this.connection = connection;
    }

    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement ps = connection.prepareStatement(sql);
      open.add(ps);
      return ps;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    void closeAll() {
      for (PreparedStatement ps : open) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // closing
        }
      }
    }
  }
}
