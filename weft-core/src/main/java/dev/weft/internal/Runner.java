package dev.weft.internal;

import dev.weft.Emitter;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.Options;
import dev.weft.RunAlreadyExistsException;
import dev.weft.RunNotFoundException;
import dev.weft.RunNotResumableException;
import dev.weft.RunOptions;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import dev.weft.spi.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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

  /** The metrics of each node, by its index in {@link #graph}: looked up once, not per attempt. */
  final NodeMetrics[] nodeMetrics;

  final TimeSource time;

  /**
   * Whether a concurrent run may execute a node's attempt on its coordinator when the node ran
   * short the last time ({@link ShortAttempts}): no node has a time limit and runs have no budget,
   * so no deadline ever needs the coordinator while it runs one.
   */
  final boolean inlinesShortAttempts;

  /** How long each node's latest attempt took, as far as inlining cares; shared by all runs. */
  final ShortAttempts shortAttempts;

  /**
   * Whether anyone consumes attempt durations (metrics, events, {@link #shortAttempts}); if not,
   * attempts skip reading the clock.
   */
  final boolean timed;

  private final Set<String> graphBefore;
  private final Set<String> graphAfter;

  /** Runs this engine coordinates right now (with a store): one coordinator per run at a time. */
  private final Set<String> active = ConcurrentHashMap.newKeySet();

  /** {@code store} may be {@code null}: then nothing is checkpointed and nothing can be resumed. */
  public Runner(
      Graph<S> graph,
      Options options,
      CheckpointStore<S> store,
      Emitter emitter,
      EngineMetrics metrics,
      TimeSource time) {
    this.graph = new CompiledGraph<>(graph, options);
    this.graphBefore = graph.interruptBefore();
    this.graphAfter = graph.interruptAfter();
    this.options = options;
    this.store = store;
    this.events = new Events(emitter, time, metrics);
    this.metrics = metrics;
    this.nodeMetrics = new NodeMetrics[this.graph.ids.length];
    for (int i = 0; i < nodeMetrics.length; i++) {
      String id = this.graph.ids[i];
      nodeMetrics[i] =
          Objects.requireNonNull(
              metrics.forNode(id),
              () ->
                  "EngineMetrics.forNode returned null for node '"
                      + id
                      + "'; return a NodeMetrics");
    }
    this.time = time;
    this.inlinesShortAttempts =
        !options.sequential() && !this.graph.anyTimeLimit && options.runWallClockBudget().isEmpty();
    this.shortAttempts = new ShortAttempts(this.graph.ids.length);
    this.timed =
        inlinesShortAttempts
            || metrics.recordsDurations()
            || events.wants(EventType.NODE_SUCCEEDED)
            || events.wants(EventType.NODE_FAILED)
            || events.wants(EventType.NODE_TIMED_OUT);
    metrics.queueCapacity(options.queueDepth());
  }

  /**
   * Starts a new run; the calling thread coordinates it. {@code cancelled} is polled between
   * attempts (an interrupt of the coordinator also cancels).
   */
  public RunResult<S> start(String runId, S initial, BooleanSupplier cancelled) {
    return start(runId, initial, RunOptions.defaults(), cancelled);
  }

  /** Starts a new run with this call's breakpoints. */
  public RunResult<S> start(
      String runId, S initial, RunOptions runOptions, BooleanSupplier cancelled) {
    Breakpoints breakpoints = breakpoints(runOptions);
    return exclusively(
        runId,
        true,
        () -> {
          if (store != null) {
            // The cheap answer for a plain duplicate; a racing duplicate is refused by the
            // store's create-if-absent when the run loop writes its first checkpoint.
            Optional<Checkpoint<S>> existing = load(runId);
            if (existing.isPresent()) {
              throw new RunAlreadyExistsException(runId, existing.get().status());
            }
          }
          return RunLoop.start(this, runId, initial, breakpoints, cancelled);
        });
  }

  /** Continues a run from its latest checkpoint; the calling thread coordinates it. */
  public RunResult<S> resume(String runId, BooleanSupplier cancelled) {
    return resume(runId, null, RunOptions.defaults(), cancelled);
  }

  /**
   * Continues a run, first committing {@code input} (when not null) as its own step. An input is
   * refused for a completed run. A latest checkpoint saying RUNNING that no coordinator of this
   * engine holds is taken for a crashed run, as {@link #resume(String, BooleanSupplier)} does.
   */
  public RunResult<S> resume(
      String runId, Checkpoint.Input<S> input, RunOptions runOptions, BooleanSupplier cancelled) {
    if (store == null) {
      throw new RunNotFoundException(runId);
    }
    Breakpoints breakpoints = breakpoints(runOptions);
    return exclusively(
        runId,
        () -> {
          Checkpoint<S> checkpoint = load(runId).orElseThrow(() -> new RunNotFoundException(runId));
          if (input != null && checkpoint.status() == RunStatus.COMPLETED) {
            throw new RunNotResumableException(
                runId,
                RunStatus.COMPLETED,
                "run '"
                    + runId
                    + "' is completed (step "
                    + checkpoint.step()
                    + "); an input can only be given to a paused or failed run. To try another "
                    + "answer, fork it from a committed step: engine.fork(\""
                    + runId
                    + "\", step, newRunId, input)");
          }
          return RunLoop.resume(this, checkpoint, input, breakpoints, cancelled);
        });
  }

  /**
   * Starts {@code newRunId} from committed step {@code atStep} of {@code runId}, leaving that run
   * untouched; {@code input} (when not null) is committed first as the fork's own step.
   */
  public RunResult<S> fork(
      String runId,
      long atStep,
      String newRunId,
      Checkpoint.Input<S> input,
      RunOptions runOptions,
      BooleanSupplier cancelled) {
    if (store == null) {
      throw new RunNotFoundException(runId);
    }
    Breakpoints breakpoints = breakpoints(runOptions);
    List<Checkpoint<S>> history = history(runId);
    Checkpoint<S> committed = History.at(history, runId, atStep);
    return exclusively(
        newRunId,
        true,
        () -> {
          Optional<Checkpoint<S>> existing = load(newRunId);
          if (existing.isPresent()) {
            throw new RunAlreadyExistsException(newRunId, existing.get().status());
          }
          return RunLoop.fork(this, committed, newRunId, input, breakpoints, cancelled);
        });
  }

  /** The latest checkpoint of the run. */
  public Checkpoint<S> latest(String runId) {
    if (store == null) {
      throw new RunNotFoundException(runId);
    }
    return load(runId).orElseThrow(() -> new RunNotFoundException(runId));
  }

  /** The run's step commits, oldest first; a run without any is unknown. */
  public List<Checkpoint<S>> history(String runId) {
    if (store == null) {
      throw new RunNotFoundException(runId);
    }
    List<Checkpoint<S>> history;
    try {
      history = store.history(runId);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException(
          "loading the history of run '" + runId + "' failed: " + e + "; try again later", e);
    }
    if (history.isEmpty()) {
      throw new RunNotFoundException(runId);
    }
    return history;
  }

  private Breakpoints breakpoints(RunOptions runOptions) {
    return Breakpoints.of(graph, graphBefore, graphAfter, runOptions);
  }

  /**
   * Prepares and coordinates {@code runId} while no other call of this engine does. Across
   * processes the engine cannot tell a live run from a dead one; that is the store's business.
   */
  private RunResult<S> exclusively(String runId, Supplier<RunLoop<S>> prepare) {
    return exclusively(runId, false, prepare);
  }

  /** {@code creates}: the call makes a new run, so a run already in progress means "exists". */
  private RunResult<S> exclusively(String runId, boolean creates, Supplier<RunLoop<S>> prepare) {
    if (store == null) {
      return coordinate(prepare.get());
    }
    if (!active.add(runId)) {
      if (creates) {
        throw new RunAlreadyExistsException(runId, RunStatus.RUNNING);
      }
      throw new RunNotResumableException(
          runId,
          RunStatus.RUNNING,
          "run '"
              + runId
              + "' is being run by this engine right now; wait until it pauses, fails or "
              + "completes (or cancel it), then call again");
    }
    try {
      return coordinate(prepare.get());
    } finally {
      active.remove(runId);
    }
  }

  /**
   * Runs the loop on this thread, or, for a concurrent run called from a platform thread, on a
   * virtual thread: workers wake a virtual coordinator far more cheaply than a platform one. A run
   * whose every attempt will run inline ({@link ShortAttempts}) needs no worker, so it stays on the
   * caller. Interrupting the caller cancels the run either way.
   */
  private RunResult<S> coordinate(RunLoop<S> loop) {
    if (options.sequential()
        || Thread.currentThread().isVirtual()
        || (inlinesShortAttempts && shortAttempts.allShort())) {
      return loop.execute();
    }
    return CoordinatorThread.start(loop.runId, loop::execute).join();
  }

  /** Loads the run's latest checkpoint; whatever the store throws surfaces as a StoreException. */
  private Optional<Checkpoint<S>> load(String runId) {
    try {
      return store.load(runId);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException(
          "loading the checkpoint of run '"
              + runId
              + "' failed: "
              + e
              + "; nothing was run, try again once the store is healthy",
          e);
    }
  }
}
