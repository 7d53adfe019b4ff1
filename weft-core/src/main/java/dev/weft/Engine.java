package dev.weft;

import dev.weft.internal.CoordinatorThread;
import dev.weft.internal.History;
import dev.weft.internal.Runner;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.CheckpointStore;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs a {@link Graph}: in deterministic super-steps, sequentially or with bounded concurrency,
 * with retries, timeouts, backpressure, checkpoints after every step, events and metrics. An engine
 * is immutable and thread-safe; it runs any number of runs at once, each coordinated independently.
 *
 * <pre>{@code
 * Engine<Doc> engine = Engine.builder(graph)
 *     .options(Options.builder().maxConcurrentNodes(8).build())
 *     .store(new InMemoryCheckpointStore<>())
 *     .emitter(LoggingEmitter.text(System.out))
 *     .build();
 * Doc result = engine.run("run-001", initial);
 * Doc again = engine.resume("run-001"); // a completed run returns its final state
 * }</pre>
 *
 * <p>A new run's id (for {@code run}, {@code runAsync} and {@code fork}) is 1 to 256 characters,
 * not blank, without control characters; anything else is an {@link IllegalArgumentException}. Ids
 * are compared exactly (case and spaces count).
 *
 * @param <S> the state type
 */
public final class Engine<S> {
  private final Runner<S> runner;

  private Engine(Builder<S> b) {
    this.runner = new Runner<>(b.graph, b.options, b.store, b.emitter, b.metrics, b.timeSource);
  }

  /** Starts configuring an engine for {@code graph}. */
  public static <S> Builder<S> builder(Graph<S> graph) {
    return new Builder<>(graph);
  }

  /**
   * Runs a new run to its end on the calling thread and returns the final state (or the state at a
   * pause).
   *
   * @throws RunAlreadyExistsException when the store already holds {@code runId}
   * @throws RunFailedException for every way a run fails (a node, a limit, the store, a cancel by
   *     interrupting the calling thread); the run's progress is committed, so {@code
   *     resume(e.runId())} continues it
   */
  public S run(String runId, S initial) {
    return runForResult(runId, initial).state();
  }

  /** Like {@link #run} but returns status, pause reason and statistics too. */
  public RunResult<S> runForResult(String runId, S initial) {
    return runForResult(runId, initial, RunOptions.defaults());
  }

  /**
   * Like {@link #runForResult(String, Object)} with this call's {@link RunOptions} (breakpoints).
   *
   * @throws IllegalArgumentException when the options name a node the graph does not have
   */
  public RunResult<S> runForResult(String runId, S initial, RunOptions runOptions) {
    checkNewRunId(runId, "runId");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(runOptions, "runOptions");
    return runner.start(runId, initial, runOptions, Engine::notCancelled);
  }

  /**
   * Runs a new run on its own virtual thread. Cancelling the future ({@code cancel(true)} or {@code
   * cancel(false)}) interrupts the run: running attempts are interrupted, no further attempt
   * starts, and the progress is checkpointed for {@link #resume}.
   */
  public CompletableFuture<S> runAsync(String runId, S initial) {
    checkNewRunId(runId, "runId");
    Objects.requireNonNull(initial, "initial");
    return async(runId, cancelled -> runner.start(runId, initial, cancelled).state());
  }

  /**
   * Continues a run from its latest checkpoint: after a failure, a pause, a timeout or a crash. A
   * completed run returns its final state without running anything.
   *
   * @throws RunNotFoundException when the store holds no such run (or the engine has no store)
   * @throws RunFailedException when the run fails again; see {@link #run}
   */
  public S resume(String runId) {
    return resumeForResult(runId).state();
  }

  /** Like {@link #resume} but returns status, pause reason and statistics too. */
  public RunResult<S> resumeForResult(String runId) {
    return resumeForResult(runId, RunOptions.defaults());
  }

  /** Like {@link #resumeForResult(String)} with this call's {@link RunOptions} (breakpoints). */
  public RunResult<S> resumeForResult(String runId, RunOptions runOptions) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runOptions, "runOptions");
    return runner.resume(runId, null, runOptions, Engine::notCancelled);
  }

  /**
   * Gives a paused or failed run an external input (a person's answer) and continues it: {@code
   * input} is a delta merged through the graph's reducer, committed as its own step of the run's
   * history (marked as an input, see {@link #history}), announced by {@link
   * EventType#INPUT_RECEIVED}, and then the run goes on from where it stopped. A latest checkpoint
   * saying RUNNING is taken for a run whose process died (unless this engine is running it now).
   *
   * <pre>{@code
   * RunResult<Doc> paused = engine.runForResult("doc-1", draft); // review asks "approve?"
   * Doc published = engine.resume("doc-1", Doc.approval(true));
   * }</pre>
   *
   * @throws RunNotFoundException when the store holds no such run
   * @throws RunNotResumableException when the run is completed, or this engine is running it now
   * @throws InputRejectedException when the reducer throws on the input or returns null; nothing is
   *     saved then
   */
  public S resume(String runId, S input) {
    return resume(runId, input, "");
  }

  /** Like {@link #resume(String, Object)}, noting who or what gave the input in {@code label}. */
  public S resume(String runId, S input, String label) {
    return resumeForResult(runId, input, label, RunOptions.defaults()).state();
  }

  /** Like {@link #resume(String, Object, String)}, returning status too, with run options. */
  public RunResult<S> resumeForResult(String runId, S input, String label, RunOptions runOptions) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runOptions, "runOptions");
    return runner.resume(runId, input(input, label, "resume"), runOptions, Engine::notCancelled);
  }

  /**
   * Where the run stands now, from its latest checkpoint: status, step, state, the next
   * activations, the pause reason or failure.
   *
   * @throws RunNotFoundException when the store holds no such run (or the engine has no store)
   */
  public RunState<S> state(String runId) {
    Objects.requireNonNull(runId, "runId");
    return History.state(runner.latest(runId));
  }

  /**
   * The run's committed steps, oldest first: per step the state, the nodes that ran and the input
   * given, if the step was one. A fork's history starts at the step it was forked from.
   *
   * @throws RunNotFoundException when the store holds no such run (or the engine has no store)
   */
  public List<HistoryEntry<S>> history(String runId) {
    Objects.requireNonNull(runId, "runId");
    return History.entries(runner.history(runId));
  }

  /**
   * Starts run {@code newRunId} from committed step {@code atStep} of {@code runId} (a step of
   * {@link #history}) and runs it like {@link #runForResult}; the original run is not touched. The
   * fork keeps its origin's seed for {@code ctx.random()} and backoff jitter and its step numbers,
   * so an unedited fork of a deterministic graph reproduces the origin's later steps and final
   * state (when the origin was given no input after {@code atStep}). The fork records its origin
   * ({@link RunState#forkedFrom()}) and continues a step that was paused without pausing there.
   *
   * <pre>{@code
   * RunResult<Doc> again = engine.fork("doc-1", 3, "doc-1-b");
   * }</pre>
   *
   * @throws RunNotFoundException when the store holds no run {@code runId}
   * @throws IllegalArgumentException when {@code atStep} is not a committed step of the run
   * @throws RunAlreadyExistsException when {@code newRunId} exists already
   */
  public RunResult<S> fork(String runId, long atStep, String newRunId) {
    return fork(runId, atStep, newRunId, null, "", RunOptions.defaults());
  }

  /**
   * Like {@link #fork(String, long, String)}, with a state edit: {@code input} is merged through
   * the reducer and committed as the fork's first input step before anything runs.
   */
  public RunResult<S> fork(String runId, long atStep, String newRunId, S input) {
    Objects.requireNonNull(input, "input; use fork(runId, atStep, newRunId) for no edit");
    return fork(runId, atStep, newRunId, input, "", RunOptions.defaults());
  }

  /**
   * The full form of {@link #fork(String, long, String, Object)}: {@code input} may be {@code null}
   * (no edit), {@code label} notes who made the edit, {@code runOptions} sets breakpoints.
   */
  public RunResult<S> fork(
      String runId, long atStep, String newRunId, S input, String label, RunOptions runOptions) {
    Objects.requireNonNull(runId, "runId");
    checkNewRunId(newRunId, "newRunId");
    Objects.requireNonNull(runOptions, "runOptions");
    if (atStep < 0) {
      throw new IllegalArgumentException("atStep must be ≥ 0, was " + atStep);
    }
    if (newRunId.equals(runId)) {
      throw new IllegalArgumentException(
          "a fork needs a new run id; '" + runId + "' is the run being forked");
    }
    Checkpoint.Input<S> edit = input == null ? null : input(input, label, "fork");
    return runner.fork(runId, atStep, newRunId, edit, runOptions, Engine::notCancelled);
  }

  private static <S> Checkpoint.Input<S> input(S input, String label, String call) {
    if (input == null) {
      throw new IllegalArgumentException(
          "the input is null; pass a delta to merge, or call "
              + call
              + (call.equals("resume") ? "(runId)" : "(runId, atStep, newRunId)")
              + " to go on without one");
    }
    if (label == null) {
      throw new IllegalArgumentException("the input's label is null; pass \"\" for none");
    }
    return new Checkpoint.Input<>(input, label);
  }

  /** {@link #resume} on its own virtual thread; cancellable like {@link #runAsync}. */
  public CompletableFuture<S> resumeAsync(String runId) {
    Objects.requireNonNull(runId, "runId");
    return async(runId, cancelled -> runner.resume(runId, cancelled).state());
  }

  private CompletableFuture<S> async(String runId, Function<BooleanSupplier, S> body) {
    RunFuture<S> future = new RunFuture<>();
    future.coordinator =
        CoordinatorThread.start(runId, () -> body.apply(future::isCancelled), future);
    return future;
  }

  /** A future whose cancel interrupts the run's coordinator. */
  private static final class RunFuture<T> extends CompletableFuture<T> {
    volatile CoordinatorThread<T> coordinator;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      CoordinatorThread<T> c = coordinator;
      if (cancelled && c != null) {
        c.interrupt();
      }
      return cancelled;
    }
  }

  /**
   * Configures an {@link Engine}. Everything but the graph is optional: default {@link Options}, no
   * store (nothing is checkpointed; resume is impossible), no emitter, no metrics, real time.
   *
   * @param <S> the state type
   */
  public static final class Builder<S> {
    private final Graph<S> graph;
    private Options options = Options.defaults();
    private CheckpointStore<S> store;
    private Emitter emitter = Emitter.none();
    private EngineMetrics metrics = EngineMetrics.none();
    private TimeSource timeSource = TimeSource.system();

    private Builder(Graph<S> graph) {
      this.graph = Objects.requireNonNull(graph, "graph");
    }

    /** Engine-wide settings; default {@link Options#defaults()}. */
    public Builder<S> options(Options options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Where checkpoints go; without one nothing is saved and runs cannot be resumed. */
    public Builder<S> store(CheckpointStore<S> store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where events go; default none (events are then not even built). */
    public Builder<S> emitter(Emitter emitter) {
      this.emitter = Objects.requireNonNull(emitter, "emitter");
      return this;
    }

    /** Where measurements go; default none. */
    public Builder<S> metrics(EngineMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** The clock and waiting strategy; replace only in tests (for example a virtual clock). */
    public Builder<S> timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /** The engine; it compiles the graph once and is then immutable. */
    public Engine<S> build() {
      return new Engine<>(this);
    }
  }

  /** The cancellation signal of a synchronous run: it is never cancelled. */
  private static boolean notCancelled() {
    return false;
  }

  /** The longest run id a new run may have. */
  private static final int MAX_RUN_ID_LENGTH = 256;

  private static void checkNewRunId(String id, String name) {
    Objects.requireNonNull(id, name);
    String problem =
        id.isBlank()
            ? "is empty or blank"
            : id.length() > MAX_RUN_ID_LENGTH
                ? "is longer than " + MAX_RUN_ID_LENGTH + " characters"
                : id.chars().anyMatch(Character::isISOControl)
                    ? "contains a control character"
                    : null;
    if (problem != null) {
      String shown = id.replaceAll("\\p{Cntrl}", "?");
      throw new IllegalArgumentException(
          name
              + " '"
              + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown)
              + "' "
              + problem
              + "; a run id is 1 to "
              + MAX_RUN_ID_LENGTH
              + " characters, not blank, without control characters, e.g. 'order-42'");
    }
  }
}
