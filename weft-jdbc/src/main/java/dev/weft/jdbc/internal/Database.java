package dev.weft.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Where the store's SQL runs: one SQLite connection guarded by a lock, or connections borrowed from
 * a pool. Every unit of work is one transaction: committed when it returns, rolled back when it
 * throws.
 */
public interface Database extends AutoCloseable {
  /** Which database, for error messages: "SQLite file /tmp/x.db", "PostgreSQL jdbc:…". */
  String describe();

  /** The dialect, for the migrations. */
  Dialect dialect();

  /** Runs {@code work} in one transaction and returns its result. */
  <T> T transaction(Work<T> work) throws SQLException;

  /** Runs one read (a single statement needs no explicit transaction). */
  <T> T read(Work<T> work) throws SQLException;

  /**
   * Runs {@code work} without an explicit transaction: each statement it executes is its own
   * transaction, so it must execute one write statement at most.
   */
  <T> T statement(Work<T> work) throws SQLException;

  @Override
  void close();

  /** A unit of work over statements of one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Statements sql) throws SQLException;
  }

  /** Prepared statements of the current connection; the database closes or caches them. */
  interface Statements {
    PreparedStatement prepare(String sql) throws SQLException;

    Connection connection();
  }
}
