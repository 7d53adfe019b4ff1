package dev.weft.timeout;

import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.store.InMemoryCheckpointStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory store that the test can make slow or failing. A failing save throws before reaching
 * the delegate, as a real store whose write was rolled back.
 */
final class FlakyStore<S> implements CheckpointStore<S> {
  final InMemoryCheckpointStore<S> delegate = new InMemoryCheckpointStore<>();
  final AtomicInteger saves = new AtomicInteger();
  volatile long saveDelayMillis;

  /** Which saves fail. */
  volatile Predicate<Checkpoint<S>> failWhen = c -> false;

  volatile boolean failLoads;

  @Override
  public void create(Checkpoint<S> first) {
    beforeWrite(first);
    delegate.create(first);
  }

  @Override
  public void commit(Checkpoint<S> checkpoint) {
    beforeWrite(checkpoint);
    delegate.commit(checkpoint);
  }

  @Override
  public void save(Checkpoint<S> checkpoint) {
    beforeWrite(checkpoint);
    delegate.save(checkpoint);
  }

  private void beforeWrite(Checkpoint<S> checkpoint) {
    saves.incrementAndGet();
    if (saveDelayMillis > 0) {
      Stubborn.sleepUninterruptibly(saveDelayMillis);
    }
    if (failWhen.test(checkpoint)) {
      throw new IllegalStateException("disk full");
    }
  }

  @Override
  public Optional<Checkpoint<S>> load(String runId) {
    if (failLoads) {
      throw new IllegalStateException("connection refused");
    }
    return delegate.load(runId);
  }

  @Override
  public List<Checkpoint<S>> history(String runId) {
    return delegate.history(runId);
  }

  @Override
  public void delete(String runId) {
    delegate.delete(runId);
  }
}
