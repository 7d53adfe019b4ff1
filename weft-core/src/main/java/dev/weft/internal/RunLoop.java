package dev.weft.internal;

import dev.weft.EventType;
import dev.weft.MaxStepsExceededException;
import dev.weft.NodeFailedException;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.WeftException;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.TimeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One run, start to end, as the execution model reads: load or start, then per step execute
 * (admission, attempts, retries and timeouts live in {@link StepExecution}), merge in order-key
 * order, route, commit.
 */
final class RunLoop<S> {
  final Runner<S> runner;
  final String runId;
  final long runHash;
  final TimeSource time;
  final Stats stats = new Stats();
  final long budgetDeadline;
  private final long startNanos;

  S state;
  long step;
  List<Activation<S>> frontier;
  List<ActivationResult<S>> carried;
  final TreeMap<String, TreeSet<String>> joinArrivals = new TreeMap<>();
  private final boolean resumed;
  final BooleanSupplier cancelled;
  private final Router<S> router;
  private final StepExecution<S> steps;
  private boolean completionSaved; // the latest checkpoint says COMPLETED

  private RunLoop(Runner<S> runner, String runId, boolean resumed, BooleanSupplier cancelled) {
    this.cancelled = cancelled;
    this.runner = runner;
    this.runId = runId;
    this.runHash = OrderKeys.hash(runId);
    this.time = runner.time;
    this.resumed = resumed;
    this.router = new Router<>(this);
    this.steps = new StepExecution<>(this);
    this.startNanos = time.nanoTime();
    this.budgetDeadline =
        runner.options.runWallClockBudget().map(b -> saturatingAdd(startNanos, Durations.saturatedNanos(b))).orElse(Long.MAX_VALUE);
  }

  static <S> RunLoop<S> start(Runner<S> runner, String runId, S initial, BooleanSupplier cancelled) {
    RunLoop<S> run = new RunLoop<>(runner, runId, false, cancelled);
    CompiledGraph<S> g = runner.graph;
    run.state = initial;
    run.step = 0;
    run.frontier = List.of(new Activation<>(g.ids[g.start], OrderKeys.root(g.hashes[g.start]), null, 1));
    run.carried = List.of();
    return run;
  }

  static <S> RunLoop<S> resume(Runner<S> runner, Checkpoint<S> checkpoint, BooleanSupplier cancelled) {
    RunLoop<S> run = new RunLoop<>(runner, checkpoint.runId(), true, cancelled);
    run.state = checkpoint.state();
    run.step = checkpoint.step();
    run.frontier = checkpoint.frontier();
    run.carried = checkpoint.completed();
    checkpoint.joinArrivals().forEach((k, v) -> run.joinArrivals.put(k, new TreeSet<>(v)));
    if (checkpoint.status() == RunStatus.COMPLETED) {
      run.frontier = List.of();
      run.completionSaved = true;
    }
    return run;
  }

  RunResult<S> execute() {
    Events events = runner.events;
    if (resumed) {
      events.emit(runId, step, null, EventType.RUN_RESUMED, 0, Map.of("fromStep", step));
    } else {
      events.emit(runId, 0, null, EventType.RUN_STARTED, 0, Map.of());
      save(RunStatus.RUNNING, frontier, List.of(), "");
    }
    try {
      while (!frontier.isEmpty()) {
        if (step >= runner.options.maxSteps()) {
          MaxStepsExceededException e =
              new MaxStepsExceededException(runId, runner.options.maxSteps(), describe(frontier));
          saveQuietly(RunStatus.FAILED, frontier, carried, e.getMessage(), e);
          throw e;
        }
        ActivationResult<S>[] results = steps.execute(frontier, carried);
        merge(results);
        List<Activation<S>> next = router.route(results);
        String pauseReason = router.pauseReason;
        step++;
        stats.steps++;
        frontier = next;
        carried = List.of();
        RunStatus status =
            pauseReason != null
                ? RunStatus.PAUSED
                : frontier.isEmpty() ? RunStatus.COMPLETED : RunStatus.RUNNING;
        save(status, frontier, List.of(), pauseReason == null ? "" : pauseReason);
        completionSaved = status == RunStatus.COMPLETED;
        if (events.enabled) {
          events.emit(runId, step - 1, null, EventType.STEP_COMMITTED, 0,
              Map.of("activations", results.length, "next", frontier.size()));
        }
        if (status == RunStatus.PAUSED) {
          events.emit(runId, step, null, EventType.RUN_PAUSED, 0, Map.of("reason", pauseReason));
          runner.metrics.runFinished("paused", time.nanoTime() - startNanos);
          return new RunResult<>(runId, state, RunStatus.PAUSED, Optional.of(pauseReason), stats.snapshot());
        }
      }
      if (!completionSaved) {
        // Resumed from a pause whose interrupt had nowhere to go: record that the run finished.
        save(RunStatus.COMPLETED, frontier, List.of(), "");
      }
      if (events.enabled) {
        events.emit(runId, step, null, EventType.RUN_COMPLETED, 0,
            Map.of("steps", step, "durationNanos", time.nanoTime() - startNanos));
      }
      runner.metrics.runFinished("completed", time.nanoTime() - startNanos);
      return new RunResult<>(runId, state, RunStatus.COMPLETED, Optional.empty(), stats.snapshot());
    } catch (RuntimeException e) {
      events.emit(runId, step, null, EventType.RUN_FAILED, 0,
          Map.of("error", e.getClass().getSimpleName(), "message", String.valueOf(e.getMessage())));
      runner.metrics.runFinished(e instanceof CancellationException ? "cancelled" : "failed", time.nanoTime() - startNanos);
      throw e;
    }
  }

  private void merge(ActivationResult<S>[] results) {
    for (ActivationResult<S> r : results) {
      if (r.delta() == null) {
        continue;
      }
      S merged;
      try {
        merged = runner.graph.reducer.merge(state, r.delta());
      } catch (RuntimeException | Error e) { // contained like a node's failure, Errors included
        throw failStep(r.nodeId(), "the reducer threw merging the delta of node '" + r.nodeId() + "'", e);
      }
      if (merged == null) {
        throw failStep(r.nodeId(), "the reducer returned null merging the delta of node '" + r.nodeId() + "'", null);
      }
      state = merged;
    }
  }

  /** Fails the run in routing or merging; the previous commit stays the run's latest. */
  WeftException failStep(String nodeId, String what, Throwable cause) {
    return new NodeFailedException(
        runId, step, nodeId, 0,
        what + " (run '" + runId + "', step " + step + "); fix the reducer or edge condition, then resume",
        cause);
  }

  /** Saves a checkpoint of the current step; a no-op without a store. */
  void save(RunStatus status, List<Activation<S>> activations, List<ActivationResult<S>> done, String detail) {
    if (runner.store == null) {
      return;
    }
    long t0 = time.nanoTime();
    Checkpoint<S> checkpoint =
        new Checkpoint<>(runId, step, state, activations, done, snapshotArrivals(), status, detail);
    try {
      runner.store.save(checkpoint);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException(
          "saving checkpoint of run '" + runId + "' at step " + step + " failed: " + e
              + "; the previous checkpoint is kept, resume from it once the store is healthy", e);
    }
    long took = time.nanoTime() - t0;
    EngineMetrics metrics = runner.metrics;
    metrics.checkpointSaved(took);
    if (runner.events.enabled) {
      runner.events.emit(runId, step, null, dev.weft.EventType.CHECKPOINT_SAVED, 0,
          Map.of("status", status.name(), "durationNanos", took));
    }
  }

  /** Saves progress while already failing: a store error is attached to {@code failure}. */
  void saveQuietly(
      RunStatus status, List<Activation<S>> activations, List<ActivationResult<S>> done, String detail, Throwable failure) {
    try {
      save(status, activations, done, detail);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private Map<String, java.util.Set<String>> snapshotArrivals() {
    if (joinArrivals.isEmpty()) {
      return Map.of();
    }
    Map<String, java.util.Set<String>> copy = new TreeMap<>();
    joinArrivals.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    return copy;
  }

  private static String describe(List<? extends Activation<?>> frontier) {
    StringBuilder sb = new StringBuilder().append(frontier.size()).append(" activation(s) [");
    for (int i = 0; i < Math.min(5, frontier.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(frontier.get(i).nodeId());
    }
    return sb.append(frontier.size() > 5 ? ", …]" : "]").toString();
  }

  static long saturatingAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
