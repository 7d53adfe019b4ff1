package dev.weft.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, started by the project's own {@code bin/lib/pg-temp.sh}
 * (Debian's postgresql binaries, installed by {@code bin/lib/install-postgres.sh}): a cluster in a
 * temp dir, on 127.0.0.1 and a free port chosen now, removed when the JVM exits. {@link #shared()}
 * is one server for every test of the JVM; tests that stop the server start their own.
 */
final class PostgresServer implements AutoCloseable {
  private static PostgresServer shared;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path dir;
  private final int port;
  private volatile boolean removed;

  private PostgresServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** The server shared by this JVM's tests, started on first use. */
  static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      PostgresServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return shared;
  }

  /** A new server of its own; close it. */
  static PostgresServer start() {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        Path dir = Files.createTempDirectory("weft-pg-");
        PostgresServer server = new PostgresServer(dir, freePort());
        try {
          server.script("start", dir.toString(), Integer.toString(server.port));
          return server;
        } catch (IOException e) { // most likely the port was taken meanwhile
          server.close();
          last = e;
        }
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IllegalStateException("could not start PostgreSQL: " + last.getMessage(), last);
  }

  int port() {
    return port;
  }

  /** The URL of a new empty database on this server. */
  String newDatabase() {
    String name = "weft_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), "weft", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("CREATE DATABASE failed: " + e.getMessage(), e);
    }
    return url(name);
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Stops the server as a crash would (immediate shutdown, recovery on next start). */
  void crash() throws IOException {
    script("crash", dir.toString());
  }

  /** Starts it again on the same port and returns once it accepts connections. */
  void restart() throws IOException {
    script("start", dir.toString(), Integer.toString(port));
    long end = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    SQLException last = null;
    while (System.nanoTime() < end) {
      try (Connection c = DriverManager.getConnection(url("postgres"), "weft", "")) {
        if (c.isValid(5)) {
          return;
        }
      } catch (SQLException e) { // still recovering from the crash
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for PostgreSQL", e);
      }
    }
    throw new IOException("PostgreSQL did not accept connections after a restart", last);
  }

  @Override
  public void close() {
    if (removed) {
      return;
    }
    removed = true;
    try {
      script("remove", dir.toString());
    } catch (IOException e) {
      System.err.println("removing PostgreSQL in " + dir + " failed: " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void script(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(projectRoot().resolve("bin/lib/pg-temp.sh").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("pg-temp.sh " + args[0] + " took over 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("pg-temp.sh " + String.join(" ", args) + " failed: " + out);
    }
  }

  static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/lib/pg-temp.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "bin/lib/pg-temp.sh not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
