package dev.weft.store;

import dev.weft.RunAlreadyExistsException;
import dev.weft.StepAlreadyCommittedException;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CheckpointStore} and {@link RunCatalog} in memory: for tests, demos and runs that need
 * resume within one process. Keeps every step commit of every run until deleted or pruned (so
 * memory grows with steps run), creates a run only if absent and refuses to commit a step twice.
 * Thread-safe: each write replaces a run's record atomically.
 *
 * <pre>{@code
 * InMemoryCheckpointStore<Doc> store = new InMemoryCheckpointStore<>();
 * Engine<Doc> engine = Engine.builder(graph).store(store).build();
 * engine.run("r1", doc);
 * store.history("r1").size(); // steps committed, plus the initial checkpoint
 * }</pre>
 *
 * <p>Thread-safety: thread-safe; each run's record is replaced atomically.
 *
 * @param <S> the state type
 */
public final class InMemoryCheckpointStore<S> implements CheckpointStore<S>, RunCatalog {
  private static final Comparator<RunSummary> NEWEST_FIRST =
      Comparator.comparing(RunSummary::createdAt).reversed().thenComparing(RunSummary::runId);

  private final ConcurrentHashMap<String, RunRecord<S>> runs = new ConcurrentHashMap<>();
  private final Clock clock;

  /** A store whose timestamps come from the system clock. */
  public InMemoryCheckpointStore() {
    this(Clock.systemUTC());
  }

  /** A store whose created/updated timestamps come from {@code clock} (retention tests). */
  public InMemoryCheckpointStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void create(Checkpoint<S> first) {
    Instant now = clock.instant();
    RunRecord<S> fresh = new RunRecord<>(first, now, now, History.of(new Entry<>(first, now)));
    RunRecord<S> existing = runs.putIfAbsent(first.runId(), fresh);
    if (existing != null) {
      throw new RunAlreadyExistsException(first.runId(), existing.latest.status());
    }
  }

  @Override
  public void commit(Checkpoint<S> checkpoint) {
    write(checkpoint, true);
  }

  @Override
  public void save(Checkpoint<S> checkpoint) {
    write(checkpoint, false);
  }

  private void write(Checkpoint<S> checkpoint, boolean commit) {
    Instant now = clock.instant();
    RunRecord<S> updated =
        runs.computeIfPresent(
            checkpoint.runId(),
            (id, previous) -> {
              long latest = previous.latest.step();
              long step = checkpoint.step();
              if (commit ? step <= latest : step < latest) {
                throw new StepAlreadyCommittedException(id, step, latest);
              }
              if (!commit && step > latest) {
                throw new StoreException(aboveLatest(id, step, latest));
              }
              History<Entry<S>> history =
                  commit ? previous.history.append(new Entry<>(checkpoint, now)) : previous.history;
              return new RunRecord<>(checkpoint, previous.createdAt, now, history);
            });
    if (updated == null) {
      throw new StoreException(
          "run '"
              + checkpoint.runId()
              + "' does not exist in the store, so step "
              + checkpoint.step()
              + " cannot be written; create the run first (Engine.run does)");
    }
  }

  static String aboveLatest(String runId, long step, long latest) {
    return "run '"
        + runId
        + "': a progress save is for the latest step "
        + latest
        + ", but this one is for step "
        + step
        + "; commit a new step with commit(), not save()";
  }

  @Override
  public Optional<Checkpoint<S>> load(String runId) {
    RunRecord<S> record = runs.get(runId);
    return record == null ? Optional.empty() : Optional.of(record.latest);
  }

  @Override
  public List<Checkpoint<S>> history(String runId) {
    RunRecord<S> record = runs.get(runId);
    return record == null
        ? List.of()
        : record.history.toList().stream().map(Entry::checkpoint).toList();
  }

  @Override
  public void delete(String runId) {
    runs.remove(runId);
  }

  /** Run ids currently held, in no particular order. */
  public List<String> runIds() {
    return new ArrayList<>(runs.keySet());
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    return runs.values().stream()
        .map(RunRecord::summary)
        .filter(query::matches)
        .sorted(NEWEST_FIRST)
        .skip(query.offset())
        .limit(query.limit())
        .toList();
  }

  @Override
  public Optional<RunSummary> run(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(RunRecord::summary);
  }

  @Override
  public List<StepSummary> steps(String runId) {
    RunRecord<S> record = runs.get(runId);
    return record == null
        ? List.of()
        : record.history.toList().stream().map(Entry::summary).toList();
  }

  @Override
  public boolean deleteRun(String runId) {
    return runs.remove(runId) != null;
  }

  @Override
  public long deleteRuns(RunQuery query) {
    long deleted = 0;
    for (RunRecord<S> record : runs.values()) {
      // remove(key, value): a run written since it was read is judged again next time, not lost
      if (query.matches(record.summary()) && runs.remove(record.latest.runId(), record)) {
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public long pruneHistory(String runId, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException(
          "keep must be ≥ 1 (the latest step entry is the run's latest checkpoint), was " + keep);
    }
    long[] pruned = {0};
    runs.computeIfPresent(
        runId,
        (id, r) -> {
          pruned[0] = Math.max(0, r.history.size() - keep);
          return pruned[0] == 0
              ? r
              : new RunRecord<>(r.latest, r.createdAt, r.updatedAt, r.history.newest(keep));
        });
    return pruned[0];
  }

  /** A run as held: immutable, replaced whole on every write. */
  private record RunRecord<S>(
      Checkpoint<S> latest, Instant createdAt, Instant updatedAt, History<Entry<S>> history) {
    RunSummary summary() {
      return new RunSummary(
          latest.runId(),
          latest.status(),
          createdAt,
          updatedAt,
          latest.step(),
          latest.detail(),
          latest.origin());
    }
  }

  /**
   * An immutable step history, newest first, so that a commit appends in constant time and readers
   * never see a half-written list.
   */
  private record History<E>(E newest, History<E> older, int size) {
    static <E> History<E> of(E first) {
      return new History<E>(null, null, 0).append(first);
    }

    History<E> append(E entry) {
      return new History<>(entry, this, size + 1);
    }

    /** The {@code keep} newest entries. */
    History<E> newest(int keep) {
      List<E> all = toList();
      History<E> h = new History<>(null, null, 0);
      for (E e : all.subList(all.size() - keep, all.size())) {
        h = h.append(e);
      }
      return h;
    }

    /** Oldest first. */
    List<E> toList() {
      ArrayList<E> list = new ArrayList<>(size);
      for (History<E> h = this; h.size > 0; h = h.older) {
        list.add(h.newest);
      }
      return list.reversed();
    }
  }

  /** One history entry and when it was written. */
  private record Entry<S>(Checkpoint<S> checkpoint, Instant committedAt) {
    StepSummary summary() {
      return new StepSummary(
          checkpoint.runId(),
          checkpoint.step(),
          checkpoint.status(),
          committedAt,
          checkpoint.detail(),
          checkpoint.input().map(Checkpoint.Input::label));
    }
  }
}
