package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops (as in a crash) while a run is between commits: that commit fails with {@link
 * StoreException}, and once the server is back the same engine and store resume the run — the pool
 * reconnects by itself.
 */
class PostgresRestartTest {
  @Test
  void aCommitDuringARestartFailsAndTheSameEngineResumesAfterIt() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      String url = server.newDatabase();
      AtomicBoolean crashed = new AtomicBoolean();
      Graph<Trail> g =
          Graph.builder(Trail::merge)
              .node("a", (s, c) -> NodeResult.next(Trail.of("a")))
              .node(
                  "b",
                  (s, c) -> {
                    if (crashed.compareAndSet(false, true)) {
                      crash(server); // the server dies while this step runs
                    }
                    return NodeResult.next(Trail.of("b"));
                  })
              .node("c", (s, c) -> NodeResult.stop(Trail.of("c")))
              .edge("a", "b")
              .edge("b", "c")
              .start("a")
              .build();
      try (JdbcCheckpointStore<Trail> store =
          JdbcCheckpointStore.builder(JacksonStateCodec.of(Trail.class))
              .postgres(url, "weft", "")
              .connectionTimeout(Duration.ofSeconds(2))
              .build()) {
        Engine<Trail> engine = Engine.builder(g).store(store).build();
        // the store's StoreException, itself or as the cause of the engine's run failure
        assertThatThrownBy(() -> engine.run("r", Trail.of()))
            .satisfies(
                e -> {
                  Throwable cause = e instanceof StoreException ? e : e.getCause();
                  assertThat(cause)
                      .isInstanceOf(StoreException.class)
                      .hasMessageContaining("step 2 of run 'r'")
                      .hasMessageContaining("previous checkpoint stands");
                });

        server.restart();
        assertThat(resumeOnceReachable(engine, "r")).isEqualTo(Trail.of("a", "b", "c"));
        assertThat(store.load("r").orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.history("r")).extracting(Checkpoint::step).containsExactly(0L, 1L, 2L, 3L);
      }
    }
  }

  /**
   * What an operator does: resume once the database is reachable. The pool reconnects in the
   * background with backoff, so on a loaded machine the first calls after the restart may still
   * wait out the connection timeout; the same engine and store must then succeed.
   */
  private static Trail resumeOnceReachable(Engine<Trail> engine, String runId)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        return engine.resume(runId);
      } catch (StoreException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static void crash(PostgresServer server) {
    try {
      server.crash();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
