package dev.weft.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.jdbc.internal.Database;
import dev.weft.jdbc.internal.PooledDatabase;
import dev.weft.jdbc.internal.SqliteDatabase;
import dev.weft.spi.StateCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Configures a {@link JdbcCheckpointStore}: where (one of {@link #sqlite}, {@link #postgres(String,
 * String, String)} or {@link #postgres(DataSource)}) and how. Not thread-safe; the store it builds
 * is. {@link JdbcStores} has one-line shortcuts for the common cases.
 *
 * <pre>{@code
 * JdbcCheckpointStore<Doc> store = JdbcCheckpointStore.builder(JacksonStateCodec.of(Doc.class))
 *     .postgres("jdbc:postgresql://127.0.0.1:5432/app", "weft", password)
 *     .poolSize(8)
 *     .connectionTimeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * @param <S> the state type
 */
public final class JdbcStoreBuilder<S> {
  private final StateCodec<S> codec;
  private Path sqliteFile;
  private String url;
  private String user;
  private String password;
  private DataSource dataSource;
  private SqliteSync sync = SqliteSync.NORMAL;
  private Duration busyTimeout = Duration.ofSeconds(10);
  private int poolSize = 10;
  private Duration connectionTimeout = Duration.ofSeconds(10);
  private Clock clock = Clock.systemUTC();

  JdbcStoreBuilder(StateCodec<S> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** Stores in the SQLite file {@code file} (created with its tables when missing). */
  public JdbcStoreBuilder<S> sqlite(Path file) {
    this.sqliteFile = Objects.requireNonNull(file, "file");
    return this;
  }

  /** Stores in PostgreSQL through a HikariCP pool the store makes and closes. */
  public JdbcStoreBuilder<S> postgres(String jdbcUrl, String user, String password) {
    this.url = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /** Stores in PostgreSQL through your {@code DataSource} (its pool stays yours to close). */
  public JdbcStoreBuilder<S> postgres(DataSource source) {
    this.dataSource = Objects.requireNonNull(source, "dataSource");
    return this;
  }

  /** SQLite only: how commits sync to disk; default {@link SqliteSync#NORMAL}. */
  public JdbcStoreBuilder<S> sqliteSync(SqliteSync value) {
    this.sync = Objects.requireNonNull(value, "sqliteSync");
    return this;
  }

  /** SQLite only: how long a write waits for another process's write lock; default 10 s. */
  public JdbcStoreBuilder<S> busyTimeout(Duration timeout) {
    this.busyTimeout = positive(timeout, "busyTimeout");
    return this;
  }

  /** PostgreSQL with a store-made pool: its maximum size; default 10. */
  public JdbcStoreBuilder<S> poolSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("poolSize must be ≥ 1, was " + size);
    }
    this.poolSize = size;
    return this;
  }

  /**
   * PostgreSQL with a store-made pool: how long a write waits for a connection (while the server is
   * down, each write fails after this); default 10 s.
   */
  public JdbcStoreBuilder<S> connectionTimeout(Duration timeout) {
    this.connectionTimeout = positive(timeout, "connectionTimeout");
    return this;
  }

  /** Where the created/updated times come from; default the UTC system clock. */
  public JdbcStoreBuilder<S> clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * Opens the store and migrates its tables.
   *
   * @throws IllegalStateException when no database or more than one was chosen
   * @throws dev.weft.StoreException when the database cannot be reached or its schema is newer
   */
  public JdbcCheckpointStore<S> build() {
    int chosen =
        (sqliteFile != null ? 1 : 0) + (url != null ? 1 : 0) + (dataSource != null ? 1 : 0);
    if (chosen != 1) {
      throw new IllegalStateException(
          "choose exactly one database: sqlite(path), postgres(url, user, password) or"
              + " postgres(dataSource); "
              + (chosen == 0 ? "none was" : chosen + " were")
              + " given");
    }
    if (sqliteFile != null) {
      SqliteDatabase db = new SqliteDatabase(sqliteFile, sync == SqliteSync.FULL, busyTimeout);
      return new JdbcCheckpointStore<>(db, db.dataSource(), codec, clock);
    }
    if (dataSource != null) {
      Database db = new PooledDatabase(dataSource, "PostgreSQL " + dataSource, null);
      return new JdbcCheckpointStore<>(db, dataSource, codec, clock);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setAutoCommit(false);
    config.setPoolName("weft-jdbc");
    // start even while the server is down: writes fail with StoreException until it is up
    config.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(config);
    Database db = new PooledDatabase(pool, "PostgreSQL " + url, pool);
    return new JdbcCheckpointStore<>(db, pool, codec, clock);
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
