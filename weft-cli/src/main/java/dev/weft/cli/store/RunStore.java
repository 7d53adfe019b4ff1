package dev.weft.cli.store;

import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.cli.CliException;
import dev.weft.cli.demo.Research;
import dev.weft.jdbc.JacksonStateCodec;
import dev.weft.jdbc.JdbcCheckpointStore;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.store.RunQuery;
import dev.weft.store.RunSummary;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs of the demo graph: their checkpoints, catalogue (list, delete, prune) and timelines.
 * Opening validates everything the user passed (data directory, store kind, JDBC URL) and fails
 * with one {@link CliException} naming the problem, before any run starts.
 */
public final class RunStore implements AutoCloseable {
  private final JdbcCheckpointStore<Research> checkpoints; // also the run catalogue
  private final String kind;
  private final String location;
  private final Journal journal;
  private final Path dataDir;

  private RunStore(
      JdbcCheckpointStore<Research> checkpoints, String kind, String location, Path dataDir) {
    this.checkpoints = checkpoints;
    this.kind = kind;
    this.location = location;
    this.dataDir = dataDir;
    this.journal = new Journal(dataDir.resolve("timelines"));
  }

  /** Opens the store the options name, creating the data directory when needed. */
  public static RunStore open(StoreOptions options) {
    Path dir = usableDataDir(options.dataDir());
    String url = options.jdbcUrl();
    if (url != null && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new CliException(
          "unsupported JDBC URL '" + redact(url) + "'",
          "use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
    }
    if (options.kind() == StoreOptions.Kind.postgres
        && (url == null || !url.startsWith("jdbc:postgresql:"))) {
      throw new CliException(
          "--store postgres needs a PostgreSQL URL",
          "pass --jdbc-url jdbc:postgresql://HOST:PORT/DB?user=…&password=…");
    }
    if (url != null && url.startsWith("jdbc:postgresql:")) {
      return postgres(url, dir);
    }
    Path file =
        url != null ? Path.of(url.substring("jdbc:sqlite:".length())) : dir.resolve("weft.db");
    try {
      JdbcCheckpointStore<Research> store =
          JdbcCheckpointStore.builder(JacksonStateCodec.of(Research.class))
              .sqlite(file)
              .busyTimeout(SQLITE_BUSY_TIMEOUT)
              .build();
      return new RunStore(store, "sqlite", file.toString(), dir);
    } catch (StoreException e) {
      boolean notADatabase = String.valueOf(e.getMessage()).contains("not a database");
      throw new CliException(
          "cannot open the SQLite database '" + file + "': " + e.getMessage(),
          notADatabase
              ? "the file is not a SQLite database (left untouched): move it aside, or pass"
                  + " --data-dir with another directory"
              : "another process may hold its write lock: retry when it is done, or pass"
                  + " --data-dir with another directory");
    }
  }

  /** How long a write waits for another process's SQLite write lock before failing. */
  private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(3);

  private static RunStore postgres(String url, Path dir) {
    String user = queryParameter(url, "user");
    String password = queryParameter(url, "password");
    if (user == null) {
      throw new CliException(
          "the PostgreSQL URL '" + redact(url) + "' names no user",
          "add ?user=NAME&password=SECRET to --jdbc-url");
    }
    try {
      JdbcCheckpointStore<Research> store =
          JdbcCheckpointStore.builder(JacksonStateCodec.of(Research.class))
              .postgres(url, user, password == null ? "" : password)
              .connectionTimeout(Duration.ofSeconds(5))
              .build();
      return new RunStore(store, "postgres", redact(url), dir);
    } catch (StoreException e) {
      throw new CliException(
          "cannot open the PostgreSQL store '" + redact(url) + "': " + e.getMessage(),
          "check that the server is up and the URL, user and password are right");
    }
  }

  private static String queryParameter(String url, String name) {
    Matcher m = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
    return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
  }

  private static Path usableDataDir(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new CliException(
          "cannot create data directory '" + dir + "': " + reason(e),
          "pass --data-dir with a directory you can write to");
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new CliException(
          "data directory '" + dir + "' is not writable",
          "pass --data-dir with a directory you can write to, or fix its permissions");
    }
    return dir;
  }

  private static String reason(Exception e) {
    return e instanceof java.nio.file.FileAlreadyExistsException
        ? "a file with that name exists"
        : e instanceof java.nio.file.AccessDeniedException
            ? "permission denied"
            : String.valueOf(e.getMessage());
  }

  /** A JDBC URL without its password. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** The checkpoints, for the engine. */
  public CheckpointStore<Research> checkpoints() {
    return checkpoints;
  }

  /** The timelines. */
  public Journal journal() {
    return journal;
  }

  /** {@code sqlite} or {@code postgres}. */
  public String kind() {
    return kind;
  }

  /** Where runs are stored: a file path or a redacted JDBC URL. */
  public String location() {
    return location;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** The latest checkpoint of a run. */
  public Optional<Checkpoint<Research>> load(String runId) {
    return checkpoints.load(runId);
  }

  /** The step history of a run, oldest first. */
  public List<Checkpoint<Research>> history(String runId) {
    return checkpoints.history(runId);
  }

  /** Runs, newest first, filtered by status and start time, at most {@code limit}. */
  public List<RunSummary> list(Optional<RunStatus> status, Optional<Instant> since, int limit) {
    RunQuery.Builder q = RunQuery.builder().limit(limit);
    status.ifPresent(q::status);
    since.ifPresent(q::createdFrom);
    return checkpoints.runs(q.build());
  }

  /** One run's catalogue entry. */
  public Optional<RunSummary> summary(String runId) {
    return checkpoints.run(runId);
  }

  /** Deletes a run and its timeline; false when there was no such run. */
  public boolean delete(String runId) {
    boolean existed = checkpoints.deleteRun(runId);
    journal.delete(runId);
    return existed;
  }

  /** Deletes runs that are not running and were last written before {@code cutoff}. */
  public List<String> prune(Instant cutoff) {
    RunQuery q =
        RunQuery.builder()
            .status(RunStatus.PAUSED, RunStatus.FAILED, RunStatus.COMPLETED)
            .updatedBefore(cutoff)
            .limit(RunQuery.MAX_LIMIT)
            .build();
    List<String> deleted = new ArrayList<>();
    for (List<RunSummary> page = checkpoints.runs(q); !page.isEmpty(); page = checkpoints.runs(q)) {
      int before = deleted.size();
      for (RunSummary r : page) {
        if (delete(r.runId())) {
          deleted.add(r.runId());
        }
      }
      if (deleted.size() == before) {
        break; // someone else holds these; do not spin
      }
    }
    return deleted;
  }

  @Override
  public void close() {
    try {
      journal.close();
    } finally {
      checkpoints.close();
    }
  }
}
