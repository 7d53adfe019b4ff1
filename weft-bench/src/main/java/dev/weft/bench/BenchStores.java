package dev.weft.bench;

import dev.weft.jdbc.JacksonStateCodec;
import dev.weft.jdbc.JdbcCheckpointStore;
import dev.weft.spi.CheckpointStore;
import dev.weft.store.InMemoryCheckpointStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The stores of the store benchmarks: {@code memory}, {@code sqlite} (a temp file, WAL, synchronous
 * NORMAL) and {@code postgres} (a throwaway server started by {@code bin/lib/pg-temp.sh} on
 * 127.0.0.1, or the database at {@code -Dweft.bench.postgres=jdbc:…} with user {@code weft}). Close
 * it at the end of the trial: it deletes the file or stops the server.
 */
final class BenchStores implements AutoCloseable {
  private final String name;
  private Path dir;
  private Path pgDir;
  private String pgUrl;
  private boolean ownServer;
  private JdbcCheckpointStore<LState> store;

  BenchStores(String name) {
    this.name = name;
  }

  CheckpointStore<LState> open() throws IOException {
    return switch (name) {
      case "memory" -> new InMemoryCheckpointStore<>();
      case "sqlite" ->
          keep(
              JdbcCheckpointStore.builder(JacksonStateCodec.of(LState.class))
                  .sqlite(dir().resolve("bench.db"))
                  .build());
      case "postgres" ->
          keep(
              JdbcCheckpointStore.builder(JacksonStateCodec.of(LState.class))
                  .postgres(postgresUrl(), "weft", "")
                  .poolSize(16)
                  .build());
      default ->
          throw new IllegalArgumentException(
              "unknown store '" + name + "'; known: memory, sqlite, postgres");
    };
  }

  /** A plain JDBC connection to the same database, for the baseline. */
  Connection plainConnection() throws IOException, SQLException {
    return switch (name) {
      case "sqlite" -> {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir().resolve("plain.db"));
        try (var s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=NORMAL");
          s.execute("PRAGMA busy_timeout=10000");
        }
        yield c;
      }
      case "postgres" -> DriverManager.getConnection(postgresUrl(), "weft", "");
      default -> throw new IllegalArgumentException("no plain JDBC baseline for '" + name + "'");
    };
  }

  private JdbcCheckpointStore<LState> keep(JdbcCheckpointStore<LState> s) {
    store = s;
    return s;
  }

  private Path dir() throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("weft-bench-");
    }
    return dir;
  }

  private String postgresUrl() throws IOException {
    if (pgUrl != null) {
      return pgUrl;
    }
    String given = System.getProperty("weft.bench.postgres");
    if (given != null) {
      pgUrl = given;
      return pgUrl;
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // its own temp dir: the server's user must be able to reach it
    pgDir = Files.createTempDirectory("weft-bench-pg-");
    script("start", pgDir.toString(), Integer.toString(port));
    ownServer = true;
    pgUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    return pgUrl;
  }

  private static void script(String... args) throws IOException {
    String[] command = new String[args.length + 1];
    command[0] = Path.of("bin/lib/pg-temp.sh").toAbsolutePath().toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).inheritIO().start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            "bin/lib/pg-temp.sh " + args[0] + " failed (run from the project root)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (store != null) {
      store.close();
    }
    if (ownServer) {
      script("remove", pgDir.toString());
    }
    if (dir != null && Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
