package dev.weft.jdbc;

import dev.weft.spi.CheckpointStore;
import dev.weft.store.InMemoryCheckpointStore;
import dev.weft.store.RunCatalog;
import java.nio.file.Path;
import java.time.Clock;

/** The stores the contract runs against: in-memory, a SQLite file, a real PostgreSQL server. */
enum StoreKind {
  MEMORY,
  SQLITE,
  POSTGRES;

  /** A store and its catalogue (the same object), closed by {@link Opened#close}. */
  record Opened(CheckpointStore<Trail> store, RunCatalog catalog, AutoCloseable closer)
      implements AutoCloseable {
    @Override
    public void close() {
      if (closer != null) {
        try {
          closer.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  Opened open(Path dir, Clock clock) {
    return switch (this) {
      case MEMORY -> {
        InMemoryCheckpointStore<Trail> s = new InMemoryCheckpointStore<>(clock);
        yield new Opened(s, s, null);
      }
      case SQLITE -> {
        JdbcCheckpointStore<Trail> s =
            JdbcCheckpointStore.builder(JacksonStateCodec.of(Trail.class))
                .sqlite(dir.resolve("weft.db"))
                .clock(clock)
                .build();
        yield new Opened(s, s, s);
      }
      case POSTGRES -> {
        JdbcCheckpointStore<Trail> s =
            JdbcCheckpointStore.builder(JacksonStateCodec.of(Trail.class))
                .postgres(PostgresServer.shared().newDatabase(), "weft", "")
                .clock(clock)
                .build();
        yield new Opened(s, s, s);
      }
    };
  }
}
