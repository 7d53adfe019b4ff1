package dev.weft.cli.store;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where runs are stored: shared by every command that reads or writes runs. */
public final class StoreOptions {
  /** The stores {@code weft} can use. */
  public enum Kind {
    sqlite,
    postgres
  }

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "weft-data",
      description =
          "Directory for the SQLite database and run timelines (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--store",
      paramLabel = "KIND",
      defaultValue = "sqlite",
      description =
          "Checkpoint store: sqlite (a file in --data-dir) or postgres (needs --jdbc-url).")
  Kind kind;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "JDBC URL of the store, e.g. jdbc:sqlite:/tmp/runs.db or"
              + " jdbc:postgresql://127.0.0.1:5432/weft?user=weft&password=…")
  String jdbcUrl;

  public Path dataDir() {
    return dataDir;
  }

  public Kind kind() {
    return kind;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Options for tests and other callers. */
  public static StoreOptions of(Path dataDir, Kind kind, String jdbcUrl) {
    StoreOptions o = new StoreOptions();
    o.dataDir = dataDir;
    o.kind = kind;
    o.jdbcUrl = jdbcUrl;
    return o;
  }
}
