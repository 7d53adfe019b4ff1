package dev.weft.spi;

import java.util.List;
import java.util.Optional;

/**
 * Durable home of run checkpoints. Implementations must make {@link #save} atomic: after a crash,
 * {@link #load} returns either the previous checkpoint or the new one, never a mix. A failed save
 * throws {@link dev.weft.StoreException} and leaves the previous checkpoint in place.
 *
 * <p>A save whose {@link Checkpoint#step()} is greater than the previous one's is a <em>step
 * commit</em>; saves with the same step number record progress within that step (a failure, a
 * pause, a backpressure timeout). A store may refuse to commit the same step twice.
 *
 * <pre>{@code
 * CheckpointStore<Doc> store = new InMemoryCheckpointStore<>();
 * Engine<Doc> engine = Engine.builder(graph).store(store).build();
 * }</pre>
 *
 * @param <S> the state type
 */
public interface CheckpointStore<S> {
  /** Saves {@code checkpoint} as the latest of its run, atomically. */
  void save(Checkpoint<S> checkpoint);

  /** The latest checkpoint of the run, if any. */
  Optional<Checkpoint<S>> load(String runId);

  /** The first checkpoint saved for each step of the run, oldest first (the step history). */
  List<Checkpoint<S>> history(String runId);

  /** Forgets the run. */
  void delete(String runId);
}
