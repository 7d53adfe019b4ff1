package dev.weft.internal;

import dev.weft.Emitter;
import dev.weft.Graph;
import dev.weft.Options;
import dev.weft.RunAlreadyExistsException;
import dev.weft.RunNotFoundException;
import dev.weft.RunResult;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.TimeSource;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;

/**
 * Everything the runs of one engine share, immutable: the compiled graph, options, store, emitter,
 * metrics and clock. Each call starts an independent {@link RunLoop}, so runs never interfere.
 */
public final class Runner<S> {
  final CompiledGraph<S> graph;
  final Options options;
  final CheckpointStore<S> store;
  final Events events;
  final EngineMetrics metrics;
  final TimeSource time;
  /** Whether anyone consumes attempt durations; if not, attempts skip reading the clock. */
  final boolean timed;
  final ThreadFactory threads = Thread.ofVirtual().name("weft-node").factory();

  /** {@code store} may be {@code null}: then nothing is checkpointed and nothing can be resumed. */
  public Runner(
      Graph<S> graph,
      Options options,
      CheckpointStore<S> store,
      Emitter emitter,
      EngineMetrics metrics,
      TimeSource time) {
    this.graph = new CompiledGraph<>(graph, options);
    this.options = options;
    this.store = store;
    this.events = new Events(emitter, time);
    this.metrics = metrics;
    this.time = time;
    this.timed = metrics.recordsDurations() || this.events.enabled;
    metrics.queueCapacity(options.queueDepth());
  }

  /**
   * Starts a new run; the calling thread coordinates it. {@code cancelled} is polled between
   * attempts (an interrupt of the coordinator also cancels).
   */
  public RunResult<S> start(String runId, S initial, BooleanSupplier cancelled) {
    if (store != null) {
      Optional<Checkpoint<S>> existing = load(runId);
      if (existing.isPresent()) {
        throw new RunAlreadyExistsException(runId, existing.get().status());
      }
    }
    return coordinate(RunLoop.start(this, runId, initial, cancelled));
  }

  /** Continues a run from its latest checkpoint; the calling thread coordinates it. */
  public RunResult<S> resume(String runId, BooleanSupplier cancelled) {
    if (store == null) {
      throw new RunNotFoundException(runId);
    }
    Checkpoint<S> checkpoint = load(runId).orElseThrow(() -> new RunNotFoundException(runId));
    return coordinate(RunLoop.resume(this, checkpoint, cancelled));
  }

  /**
   * Runs the loop on this thread, or, for a concurrent run called from a platform thread, on a
   * virtual thread: workers wake a virtual coordinator far more cheaply than a platform one.
   * Interrupting the caller cancels the run either way.
   */
  private RunResult<S> coordinate(RunLoop<S> loop) {
    if (options.sequential() || Thread.currentThread().isVirtual()) {
      return loop.execute();
    }
    java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    Thread coordinator = threads.newThread(() -> {
      try {
        outcome.set(loop.execute());
      } catch (Throwable t) {
        outcome.set(new Failure(t));
      }
    });
    coordinator.start();
    boolean interrupted = false;
    while (true) {
      try {
        coordinator.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        coordinator.interrupt();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Object result = outcome.get();
    if (result instanceof Failure(Throwable t)) {
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(t);
    }
    @SuppressWarnings("unchecked")
    RunResult<S> ok = (RunResult<S>) result;
    return ok;
  }

  private record Failure(Throwable cause) {}

  /** Loads the run's latest checkpoint; whatever the store throws surfaces as a StoreException. */
  private Optional<Checkpoint<S>> load(String runId) {
    try {
      return store.load(runId);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException(
          "loading the checkpoint of run '" + runId + "' failed: " + e
              + "; nothing was run, try again once the store is healthy", e);
    }
  }
}
