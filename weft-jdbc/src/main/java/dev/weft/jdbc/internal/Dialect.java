package dev.weft.jdbc.internal;

/** The databases the store speaks to, and where their migrations live. */
public enum Dialect {
  SQLITE("db/weft-migrations/sqlite"),
  POSTGRESQL("db/weft-migrations/postgresql");

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /** The classpath folder of this dialect's Flyway migrations. */
  public String migrations() {
    return migrations;
  }
}
