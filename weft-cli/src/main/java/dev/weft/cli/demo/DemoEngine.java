package dev.weft.cli.demo;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.InputRejectedException;
import dev.weft.Options;
import dev.weft.RunAlreadyExistsException;
import dev.weft.RunNotFoundException;
import dev.weft.RunNotResumableException;
import dev.weft.RunOptions;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.WeftException;
import dev.weft.cli.CliException;
import dev.weft.cli.Common;
import dev.weft.cli.store.RunStore;
import dev.weft.emit.CompositeEmitter;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The demo graph on an engine wired to a {@link RunStore}, an emitter and metrics: runs and resumes
 * return a {@link RunOutcome} instead of throwing, so a command can report every run. Thread-safe:
 * one instance runs many runs at once.
 */
public final class DemoEngine {
  private final Engine<Research> engine;
  private final RunStore store;

  /**
   * @param concurrency attempts at once per run (0 = sequential)
   * @param queueDepth activations that may wait for a worker
   * @param budget wall-clock budget of each run (or resume)
   */
  public DemoEngine(
      RunStore store,
      Emitter emitter,
      EngineMetrics metrics,
      int concurrency,
      int queueDepth,
      Duration budget) {
    this.store = store;
    Options options;
    try {
      options =
          Options.builder()
              .maxConcurrentNodes(concurrency)
              .queueDepth(queueDepth)
              .defaultNodeTimeout(Duration.ofSeconds(2))
              .runWallClockBudget(budget)
              .build();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), "check --concurrency, --queue-depth and --budget");
    }
    this.engine =
        Engine.builder(ResearchPipeline.graph())
            .options(options)
            .store(store.checkpoints())
            .emitter(CompositeEmitter.of(emitter, store.journal()))
            .metrics(metrics)
            .build();
  }

  /** Runs a new run to its end, pause, failure or interrupt of the calling thread. */
  public RunOutcome run(String runId, Research initial) {
    long t0 = System.nanoTime();
    try {
      return outcome(engine.runForResult(runId, initial), t0);
    } catch (RunAlreadyExistsException e) {
      throw new CliException(
          "run '" + runId + "' already exists in " + store.location(),
          "pick another --run-id, or continue it with: " + Common.launcher() + " resume " + runId);
    } catch (RuntimeException e) {
      return failed(runId, e, t0);
    }
  }

  /**
   * Continues a run from its latest checkpoint; {@code input}, when given, is merged first as the
   * run's own history entry (a reviewer's answer), labelled {@code cli}.
   */
  public RunOutcome resume(String runId, Optional<Research> input) {
    long t0 = System.nanoTime();
    try {
      RunResult<Research> r =
          input.isPresent()
              ? engine.resumeForResult(runId, input.get(), "cli", RunOptions.defaults())
              : engine.resumeForResult(runId);
      return outcome(r, t0);
    } catch (RunNotFoundException e) {
      throw unknownRun(runId, store);
    } catch (RunNotResumableException e) {
      throw new CliException(
          e.getMessage(), "see where it stands with: " + Common.launcher() + " runs show " + runId);
    } catch (InputRejectedException e) {
      throw new CliException(
          "--input was rejected: " + e.getMessage(),
          "pass a delta of the demo state, e.g. --input '{\"approved\":true}'");
    } catch (RuntimeException e) {
      return failed(runId, e, t0);
    }
  }

  /** The error for a run id the store does not hold. */
  public static CliException unknownRun(String runId, RunStore store) {
    return new CliException(
        "no run '" + runId + "' in " + store.location(),
        "list the stored runs with: " + Common.launcher() + " runs list");
  }

  private RunOutcome outcome(RunResult<Research> r, long t0) {
    long steps = store.load(r.runId()).map(Checkpoint::step).orElse(r.stats().steps());
    return new RunOutcome(
        r.runId(),
        r.status() == RunStatus.PAUSED ? "paused" : "completed",
        steps,
        System.nanoTime() - t0,
        null,
        r.pauseReason().orElse(null),
        r.state());
  }

  private RunOutcome failed(String runId, RuntimeException e, long t0) {
    if (!(e instanceof WeftException) && !(e instanceof CancellationException)) {
      throw e; // a defect, not a run failure: let the top level report it
    }
    Optional<Checkpoint<Research>> cp = store.load(runId);
    boolean cancelled =
        e instanceof CancellationException || Thread.currentThread().isInterrupted();
    return new RunOutcome(
        runId,
        cancelled ? "cancelled" : "failed",
        cp.map(Checkpoint::step).orElse(0L),
        System.nanoTime() - t0,
        String.valueOf(e.getMessage()),
        null,
        cp.map(Checkpoint::state).orElse(null));
  }
}
