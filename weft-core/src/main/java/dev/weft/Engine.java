package dev.weft;

import dev.weft.internal.Runner;
import dev.weft.spi.CheckpointStore;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.TimeSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs a {@link Graph}: in deterministic super-steps, sequentially or with bounded concurrency, with
 * retries, timeouts, backpressure, checkpoints after every step, events and metrics. An engine is
 * immutable and thread-safe; it runs any number of runs at once, each coordinated independently.
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
   * @throws WeftException subclasses for every way a run can fail; see their docs
   */
  public S run(String runId, S initial) {
    return runForResult(runId, initial).state();
  }

  /** Like {@link #run} but returns status, pause reason and statistics too. */
  public RunResult<S> runForResult(String runId, S initial) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(initial, "initial");
    return runner.start(runId, initial);
  }

  /**
   * Runs a new run on its own virtual thread. Cancelling the future ({@code cancel(true)} or {@code
   * cancel(false)}) interrupts the run: running attempts are interrupted, no further attempt starts,
   * and the progress is checkpointed for {@link #resume}.
   */
  public CompletableFuture<S> runAsync(String runId, S initial) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(initial, "initial");
    return async(cancelled -> runner.start(runId, initial, cancelled).state());
  }

  /**
   * Continues a run from its latest checkpoint: after a failure, a pause, a timeout or a crash. A
   * completed run returns its final state without running anything.
   *
   * @throws RunNotFoundException when the store holds no such run (or the engine has no store)
   */
  public S resume(String runId) {
    return resumeForResult(runId).state();
  }

  /** Like {@link #resume} but returns status, pause reason and statistics too. */
  public RunResult<S> resumeForResult(String runId) {
    Objects.requireNonNull(runId, "runId");
    return runner.resume(runId);
  }

  /** {@link #resume} on its own virtual thread; cancellable like {@link #runAsync}. */
  public CompletableFuture<S> resumeAsync(String runId) {
    Objects.requireNonNull(runId, "runId");
    return async(cancelled -> runner.resume(runId, cancelled).state());
  }

  private CompletableFuture<S> async(Function<BooleanSupplier, S> body) {
    RunFuture<S> future = new RunFuture<>();
    Thread coordinator =
        Thread.ofVirtual()
            .name("weft-run")
            .unstarted(
                () -> {
                  try {
                    // The flag outlives the interrupt, which a node on this thread may swallow.
                    future.complete(body.apply(future::isCancelled));
                  } catch (Throwable t) {
                    future.completeExceptionally(t);
                  }
                });
    future.coordinator = coordinator;
    coordinator.start();
    return future;
  }

  /** A future whose cancel interrupts the run's coordinator. */
  private static final class RunFuture<T> extends CompletableFuture<T> {
    volatile Thread coordinator;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Thread t = coordinator;
      if (cancelled && t != null) {
        t.interrupt();
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

    public Builder<S> options(Options options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Where checkpoints go; without one nothing is saved and runs cannot be resumed. */
    public Builder<S> store(CheckpointStore<S> store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder<S> emitter(Emitter emitter) {
      this.emitter = Objects.requireNonNull(emitter, "emitter");
      return this;
    }

    public Builder<S> metrics(EngineMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** The clock and waiting strategy; replace only in tests (for example a virtual clock). */
    public Builder<S> timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    public Engine<S> build() {
      return new Engine<>(this);
    }
  }
}
