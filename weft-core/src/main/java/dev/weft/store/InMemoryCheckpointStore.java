package dev.weft.store;

import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CheckpointStore} in memory: for tests, demos and runs that need resume within one
 * process. Keeps every step commit of every run until {@link #delete} (so memory grows with steps
 * run), and refuses to commit a step twice.
 *
 * <pre>{@code
 * InMemoryCheckpointStore<Doc> store = new InMemoryCheckpointStore<>();
 * Engine<Doc> engine = Engine.builder(graph).store(store).build();
 * engine.run("r1", doc);
 * store.history("r1").size(); // steps committed, plus the initial checkpoint
 * }</pre>
 *
 * @param <S> the state type
 */
public final class InMemoryCheckpointStore<S> implements CheckpointStore<S> {
  private final ConcurrentHashMap<String, RunRecord<S>> runs = new ConcurrentHashMap<>();

  @Override
  public void save(Checkpoint<S> checkpoint) {
    runs.compute(
        checkpoint.runId(),
        (id, previous) -> {
          if (previous == null) {
            RunRecord<S> created = new RunRecord<>();
            created.append(checkpoint);
            created.latest = checkpoint;
            return created;
          }
          long lastStep = previous.latest.step();
          if (checkpoint.step() < lastStep) {
            throw new StoreException(
                "run '" + id + "': refusing to save step " + checkpoint.step()
                    + " after step " + lastStep + " (a step is never committed twice)");
          }
          if (checkpoint.step() > lastStep) {
            previous.append(checkpoint);
          }
          previous.latest = checkpoint;
          return previous;
        });
  }

  @Override
  public Optional<Checkpoint<S>> load(String runId) {
    RunRecord<S> record = runs.get(runId);
    return record == null ? Optional.empty() : Optional.of(record.latest);
  }

  @Override
  public List<Checkpoint<S>> history(String runId) {
    RunRecord<S> record = runs.get(runId);
    if (record == null) {
      return List.of();
    }
    synchronized (record) {
      return List.copyOf(record.history);
    }
  }

  @Override
  public void delete(String runId) {
    runs.remove(runId);
  }

  /** Run ids currently held. */
  public List<String> runIds() {
    return new ArrayList<>(runs.keySet());
  }

  private static final class RunRecord<S> {
    final List<Checkpoint<S>> history = new ArrayList<>();
    volatile Checkpoint<S> latest;

    synchronized void append(Checkpoint<S> checkpoint) {
      history.add(checkpoint);
    }
  }
}
