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
    metrics.queueCapacity(options.queueDepth());
  }

  /** Starts a new run; the calling thread coordinates it. */
  public RunResult<S> start(String runId, S initial) {
    if (store != null) {
      Optional<Checkpoint<S>> existing = load(runId);
      if (existing.isPresent()) {
        throw new RunAlreadyExistsException(runId, existing.get().status());
      }
    }
    return RunLoop.start(this, runId, initial).execute();
  }

  /** Continues a run from its latest checkpoint; the calling thread coordinates it. */
  public RunResult<S> resume(String runId) {
    if (store == null) {
      throw new RunNotFoundException(runId);
    }
    Checkpoint<S> checkpoint = load(runId).orElseThrow(() -> new RunNotFoundException(runId));
    return RunLoop.resume(this, checkpoint).execute();
  }

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
