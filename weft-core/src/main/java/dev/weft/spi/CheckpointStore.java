package dev.weft.spi;

import java.util.List;
import java.util.Optional;

/**
 * Durable home of run checkpoints. The engine writes a run's checkpoints in three ways, and every
 * write is atomic: after a crash, {@link #load} returns either the previous checkpoint or the new
 * one, never a mix, and a failed write throws {@link dev.weft.StoreException} and leaves the
 * previous checkpoint in place.
 *
 * <ul>
 *   <li>{@link #create}: the run's first checkpoint, only if the store holds no run of that id
 *       (create-if-absent at the store, so one run id runs once however many callers race);
 *   <li>{@link #commit}: a <em>step commit</em>, whose step is above the latest; it becomes the
 *       latest checkpoint and an entry of the step history;
 *   <li>{@link #save}: progress within the latest step (a failure, a pause, a backpressure timeout,
 *       a cancel): it replaces the latest checkpoint, not the history.
 * </ul>
 *
 * A commit of a step the store already holds (or a lower one), and a save for an older step, are
 * refused with {@link dev.weft.StepAlreadyCommittedException}: two engines running one run cannot
 * both commit a step.
 *
 * <p>Implementations must be thread-safe: one engine writes many runs at once.
 *
 * <pre>{@code
 * CheckpointStore<Doc> store = new InMemoryCheckpointStore<>();
 * Engine<Doc> engine = Engine.builder(graph).store(store).build();
 * }</pre>
 *
 * <p>Thread-safety: implementations must be thread-safe: an engine calls the store from the
 * coordinator threads of all its runs at once, and several engines may share one store.
 *
 * @param <S> the state type
 */
public interface CheckpointStore<S> {
  /**
   * Creates the run with its first checkpoint, atomically and only if absent.
   *
   * @throws dev.weft.RunAlreadyExistsException when the store already holds the run id
   */
  void create(Checkpoint<S> first);

  /**
   * Commits a step: {@code checkpoint} becomes the latest and is appended to the step history.
   *
   * @throws dev.weft.StepAlreadyCommittedException when its step is not above the latest one's
   * @throws dev.weft.StoreException when the run does not exist or the write failed
   */
  void commit(Checkpoint<S> checkpoint);

  /**
   * Records progress within the latest step: {@code checkpoint} replaces the latest checkpoint; the
   * step history is unchanged.
   *
   * @throws dev.weft.StepAlreadyCommittedException when its step is below the latest one's
   * @throws dev.weft.StoreException when the run does not exist, when its step is above the latest
   *     (that is a {@link #commit}), or the write failed
   */
  void save(Checkpoint<S> checkpoint);

  /** The latest checkpoint of the run, if any. */
  Optional<Checkpoint<S>> load(String runId);

  /**
   * The step history: the checkpoint created, then each committed one, oldest first (less what
   * retention pruned).
   */
  List<Checkpoint<S>> history(String runId);

  /** Forgets the run and its history; nothing happens when there is no such run. */
  void delete(String runId);
}
