package dev.weft.internal;

import dev.weft.CheckpointFailedException;
import dev.weft.EventType;
import dev.weft.InputRejectedException;
import dev.weft.MaxStepsExceededException;
import dev.weft.NodeFailedException;
import dev.weft.RunCancelledException;
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
import java.util.function.BooleanSupplier;

/**
 * One run, start to end, as the execution model reads: load or start (or fork), commit a given
 * input, then per step execute (admission, attempts, retries and timeouts live in {@link
 * StepExecution}), merge in order-key order, route, commit, pausing at interrupts and breakpoints.
 */
final class RunLoop<S> {
  final Runner<S> runner;
  final String runId;
  final String seedRunId;
  final long runHash;
  private final Optional<Checkpoint.Origin> origin;
  private final Breakpoints breakpoints;
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
  private Checkpoint.Input<S> input; // an external input to commit before the first step
  private S inputState; // the state with the input merged
  private long storedStep = -1; // step of the store's latest checkpoint; -1 before create
  private boolean alreadyCompleted; // resumed from a COMPLETED checkpoint: nothing to run or count

  private RunLoop(
      Runner<S> runner,
      String runId,
      String seedRunId,
      Optional<Checkpoint.Origin> origin,
      Breakpoints breakpoints,
      boolean resumed,
      BooleanSupplier cancelled) {
    this.cancelled = cancelled;
    this.runner = runner;
    this.runId = runId;
    this.seedRunId = seedRunId;
    this.runHash = OrderKeys.hash(seedRunId);
    this.origin = origin;
    this.breakpoints = breakpoints;
    this.time = runner.time;
    this.resumed = resumed;
    this.router = new Router<>(this);
    this.steps = new StepExecution<>(this);
    this.startNanos = time.nanoTime();
    this.budgetDeadline =
        runner
            .options
            .runWallClockBudget()
            .map(b -> Durations.saturatingAdd(startNanos, Durations.saturatedNanos(b)))
            .orElse(Long.MAX_VALUE);
  }

  static <S> RunLoop<S> start(
      Runner<S> runner,
      String runId,
      S initial,
      Breakpoints breakpoints,
      BooleanSupplier cancelled) {
    RunLoop<S> run =
        new RunLoop<>(runner, runId, runId, Optional.empty(), breakpoints, false, cancelled);
    CompiledGraph<S> g = runner.graph;
    run.state = initial;
    run.step = 0;
    run.frontier =
        List.of(new Activation<>(g.ids[g.start], OrderKeys.root(g.hashes[g.start]), null, 1));
    run.carried = List.of();
    return run;
  }

  /** Continues from {@code checkpoint}, first committing {@code input} when not null. */
  static <S> RunLoop<S> resume(
      Runner<S> runner,
      Checkpoint<S> checkpoint,
      Checkpoint.Input<S> input,
      Breakpoints breakpoints,
      BooleanSupplier cancelled) {
    RunLoop<S> run =
        new RunLoop<>(
            runner,
            checkpoint.runId(),
            checkpoint.seedRunId(),
            checkpoint.origin(),
            breakpoints,
            true,
            cancelled);
    run.load(checkpoint);
    run.accept(input);
    return run;
  }

  /**
   * A new run {@code newRunId} from a committed step of another: same step number, state, frontier
   * and seed, so without an input it makes the same draws and commits as its origin did.
   */
  static <S> RunLoop<S> fork(
      Runner<S> runner,
      Checkpoint<S> committed,
      String newRunId,
      Checkpoint.Input<S> input,
      Breakpoints breakpoints,
      BooleanSupplier cancelled) {
    RunLoop<S> run =
        new RunLoop<>(
            runner,
            newRunId,
            committed.seedRunId(),
            Optional.of(new Checkpoint.Origin(committed.runId(), committed.step())),
            breakpoints,
            false,
            cancelled);
    run.load(committed);
    run.frontier = committed.status() == RunStatus.COMPLETED ? List.of() : committed.frontier();
    // A fork of a completed step is a new run: it is created, then recorded as completed.
    run.completionSaved = false;
    run.alreadyCompleted = false;
    run.storedStep = -1; // a new run: its first checkpoint is created
    run.accept(input);
    return run;
  }

  private void load(Checkpoint<S> checkpoint) {
    RunLoop<S> run = this;
    run.state = checkpoint.state();
    run.step = checkpoint.step();
    run.frontier = checkpoint.frontier();
    run.carried = checkpoint.completed();
    run.storedStep = checkpoint.step();
    checkpoint.joinArrivals().forEach((k, v) -> run.joinArrivals.put(k, new TreeSet<>(v)));
    if (checkpoint.status() == RunStatus.COMPLETED) {
      run.frontier = List.of();
      run.completionSaved = true;
      run.alreadyCompleted = true;
    }
  }

  /** Merges the input now, so a rejected one fails the call before anything is saved. */
  private void accept(Checkpoint.Input<S> given) {
    if (given == null) {
      return;
    }
    S merged;
    try {
      merged = runner.graph.reducer.merge(state, given.delta());
    } catch (RuntimeException | Error e) {
      throw new InputRejectedException(
          runId,
          "the reducer threw merging the input into run '"
              + runId
              + "' at step "
              + step
              + ": "
              + e
              + "; nothing was saved, give a delta the reducer accepts",
          e);
    }
    if (merged == null) {
      throw new InputRejectedException(
          runId,
          "the reducer returned null merging the input into run '"
              + runId
              + "' at step "
              + step
              + "; nothing was saved, give a delta the reducer accepts",
          null);
    }
    this.input = given;
    this.inputState = merged;
  }

  RunResult<S> execute() {
    if (alreadyCompleted) {
      // The run ended before: return its final state without a second RUN_COMPLETED or count.
      return new RunResult<>(runId, state, RunStatus.COMPLETED, Optional.empty(), stats.snapshot());
    }
    Events events = runner.events;
    if (resumed) {
      events.emit(runId, step, null, EventType.RUN_RESUMED, 0, Map.of("fromStep", step));
    } else if (origin.isPresent()) {
      events.emit(
          runId,
          step,
          null,
          EventType.RUN_STARTED,
          0,
          Map.of("originRunId", origin.get().runId(), "originStep", origin.get().step()));
      // a fork of a finished step with nothing to add is created already complete
      boolean done = frontier.isEmpty() && input == null;
      save(done ? RunStatus.COMPLETED : RunStatus.RUNNING, frontier, carried, "", null);
      completionSaved = done;
    } else {
      events.emit(runId, 0, null, EventType.RUN_STARTED, 0, Map.of());
      String before = breakpoints.before(runner.graph, frontier);
      save(before == null ? RunStatus.RUNNING : RunStatus.PAUSED, frontier, List.of(), nz(before));
      if (before != null) {
        return paused(before);
      }
    }
    if (input != null) {
      commitInput();
    }
    try {
      while (!frontier.isEmpty()) {
        if (step >= runner.options.maxSteps()) {
          MaxStepsExceededException e =
              new MaxStepsExceededException(
                  runId, step, runner.options.maxSteps(), describe(frontier));
          saveQuietly(RunStatus.FAILED, frontier, carried, e.getMessage(), e);
          throw e;
        }
        ActivationResult<S>[] results = steps.execute(frontier, carried);
        merge(results);
        List<Activation<S>> next = router.route(results);
        String pauseReason = router.pauseReason;
        if (pauseReason == null) {
          pauseReason = breakpoints.after(runner.graph, results);
        }
        if (pauseReason == null) {
          pauseReason = breakpoints.before(runner.graph, next);
        }
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
        if (events.wants(EventType.STEP_COMMITTED)) {
          events.emit(
              runId,
              step - 1,
              null,
              EventType.STEP_COMMITTED,
              0,
              Map.of("activations", results.length, "next", frontier.size()));
        }
        if (status == RunStatus.PAUSED) {
          return paused(pauseReason);
        }
      }
      if (!completionSaved) {
        // Resumed from a pause whose interrupt had nowhere to go: record that the run finished.
        save(RunStatus.COMPLETED, frontier, List.of(), "");
      }
      if (events.wants(EventType.RUN_COMPLETED)) {
        events.emit(
            runId,
            step,
            null,
            EventType.RUN_COMPLETED,
            0,
            Map.of("steps", step, "durationNanos", time.nanoTime() - startNanos));
      }
      runner.metrics.runFinished("completed", time.nanoTime() - startNanos);
      return new RunResult<>(runId, state, RunStatus.COMPLETED, Optional.empty(), stats.snapshot());
    } catch (RuntimeException e) {
      events.emit(
          runId,
          step,
          null,
          EventType.RUN_FAILED,
          0,
          Map.of("error", e.getClass().getName(), "message", String.valueOf(e.getMessage())));
      runner.metrics.runFinished(
          e instanceof RunCancelledException ? "cancelled" : "failed",
          time.nanoTime() - startNanos);
      throw e;
    }
  }

  private RunResult<S> paused(String reason) {
    runner.events.emit(runId, step, null, EventType.RUN_PAUSED, 0, Map.of("reason", reason));
    runner.metrics.runFinished("paused", time.nanoTime() - startNanos);
    return new RunResult<>(runId, state, RunStatus.PAUSED, Optional.of(reason), stats.snapshot());
  }

  /**
   * Commits the input as its own step: the merged state, the same frontier (and the activations of
   * a failed step that had finished), marked as input. No node runs in it.
   */
  private void commitInput() {
    state = inputState;
    step++;
    save(RunStatus.RUNNING, frontier, carried, "", input);
    completionSaved = false;
    runner.events.emit(
        runId, step, null, EventType.INPUT_RECEIVED, 0, Map.of("label", input.label()));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
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
        throw failStep(
            r.nodeId(), "the reducer threw merging the delta of node '" + r.nodeId() + "'", e);
      }
      if (merged == null) {
        throw failStep(
            r.nodeId(),
            "the reducer returned null merging the delta of node '" + r.nodeId() + "'",
            null);
      }
      state = merged;
    }
  }

  /** Fails the run in routing or merging; the previous commit stays the run's latest. */
  WeftException failStep(String nodeId, String what, Throwable cause) {
    return new NodeFailedException(
        runId,
        step,
        nodeId,
        0,
        what
            + " (run '"
            + runId
            + "', step "
            + step
            + "); fix the reducer or edge condition, then resume",
        cause);
  }

  /** Saves a checkpoint of the current step; a no-op without a store. */
  void save(
      RunStatus status,
      List<Activation<S>> activations,
      List<ActivationResult<S>> done,
      String detail) {
    save(status, activations, done, detail, null);
  }

  private void save(
      RunStatus status,
      List<Activation<S>> activations,
      List<ActivationResult<S>> done,
      String detail,
      Checkpoint.Input<S> given) {
    if (runner.store == null) {
      return;
    }
    long t0 = time.nanoTime();
    Checkpoint<S> checkpoint =
        new Checkpoint<>(
            runId,
            step,
            state,
            activations,
            done,
            snapshotArrivals(),
            status,
            detail,
            seedRunId,
            origin,
            Optional.ofNullable(given));
    try {
      // create-if-absent, then one commit per new step; same-step writes record progress
      if (storedStep < 0) {
        runner.store.create(checkpoint);
      } else if (step > storedStep) {
        runner.store.commit(checkpoint);
      } else {
        runner.store.save(checkpoint);
      }
      storedStep = step;
    } catch (dev.weft.RunAlreadyExistsException e) {
      throw e; // a racing run of the same id was created first: this one never started
    } catch (StoreException e) {
      throw new CheckpointFailedException(runId, step, e);
    } catch (RuntimeException e) {
      throw new CheckpointFailedException(
          runId, step, new StoreException("the checkpoint store threw " + e, e));
    }
    long took = time.nanoTime() - t0;
    EngineMetrics metrics = runner.metrics;
    metrics.checkpointSaved(took);
    if (runner.events.wants(EventType.CHECKPOINT_SAVED)) {
      runner.events.emit(
          runId,
          step,
          null,
          EventType.CHECKPOINT_SAVED,
          0,
          Map.of("status", status.name(), "durationNanos", took));
    }
  }

  /** Saves progress while already failing: a store error is attached to {@code failure}. */
  void saveQuietly(
      RunStatus status,
      List<Activation<S>> activations,
      List<ActivationResult<S>> done,
      String detail,
      Throwable failure) {
    try {
      save(status, activations, done, detail);
    } catch (CheckpointFailedException e) {
      failure.addSuppressed(e.getCause()); // the store's failure; the run's is already `failure`
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
}
