package dev.weft.jdbc;

import dev.weft.spi.StateCodec;
import java.nio.file.Path;

/**
 * One-line durable stores: SQLite for zero set-up (a file), PostgreSQL for production. Each
 * migrates its tables on open; close the store when done. For more settings use {@link
 * JdbcCheckpointStore#builder}.
 *
 * <pre>{@code
 * JdbcCheckpointStore<Doc> local = JdbcStores.sqlite(Path.of("runs.db"), Doc.class);
 * JdbcCheckpointStore<Doc> shared =
 *     JdbcStores.postgres("jdbc:postgresql://db:5432/app", "weft", password, Doc.class);
 * }</pre>
 */
public final class JdbcStores {
  private JdbcStores() {}

  /** A SQLite store in {@code file}, states as JSON by {@link JacksonStateCodec}. */
  public static <S> JdbcCheckpointStore<S> sqlite(Path file, Class<S> stateType) {
    return sqlite(file, JacksonStateCodec.of(stateType));
  }

  /** A SQLite store in {@code file}, states encoded by {@code codec}. */
  public static <S> JdbcCheckpointStore<S> sqlite(Path file, StateCodec<S> codec) {
    return JdbcCheckpointStore.builder(codec).sqlite(file).build();
  }

  /** A PostgreSQL store over a HikariCP pool, states as JSON by {@link JacksonStateCodec}. */
  public static <S> JdbcCheckpointStore<S> postgres(
      String jdbcUrl, String user, String password, Class<S> stateType) {
    return postgres(jdbcUrl, user, password, JacksonStateCodec.of(stateType));
  }

  /** A PostgreSQL store over a HikariCP pool, states encoded by {@code codec}. */
  public static <S> JdbcCheckpointStore<S> postgres(
      String jdbcUrl, String user, String password, StateCodec<S> codec) {
    return JdbcCheckpointStore.builder(codec).postgres(jdbcUrl, user, password).build();
  }
}
