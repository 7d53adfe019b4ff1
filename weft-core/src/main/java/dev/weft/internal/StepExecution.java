package dev.weft.internal;

import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import java.util.List;

/**
 * The coordinator of one step. It admits attempts ({@link Admission}), waits for their signals,
 * deadlines ({@link Deadlines}) and due retries, and acts on what each attempt's end means: a
 * result, a retry after a delay or a terminal failure (decided by {@link Retries}), or a {@link
 * StepStop}. Workers only run {@link Attempt}s and signal back through the {@link WorkQueue}.
 * Sequential and concurrent runs share this loop: sequential mode admits one attempt at a time and
 * runs attempts without a time limit inline; concurrent mode runs short ones inline ({@link
 * ShortAttempts}).
 *
 * <p>Every activation of the step runs to success or terminal failure before the step ends, so the
 * failure reported is the one with the smallest order key, whatever the timing. Only a cancel, the
 * run budget or a backpressure timeout cut a step short. They are noted as a {@link StepStop}
 * (precedence defined there), never thrown where they arise, and acted on in one place, {@link
 * #finish}, which saves the step's progress and throws, with the step's other failures attached as
 * suppressed exceptions whatever the cause.
 *
 * <p>Coordinator thread only: one instance per run, every field owned by the run's coordinator;
 * workers touch only the {@link Task}s handed to them.
 */
final class StepExecution<S> {
  private final RunLoop<S> run;
  private final CompiledGraph<S> graph;
  private final Events events;
  private final Stats stats;
  private final boolean sequential;
  private final WorkQueue<S> work;
  private final Admission<S> admission;
  private final Deadlines<S> deadlines = new Deadlines<>();
  private final Retries retries;
  private final StepProgress<S> step = new StepProgress<>();
  private final AttemptEnds<S> ends;
  private StepStop stop; // null while the step runs to its end; reset by execute()

  /** One per run; {@link #execute} runs one step at a time. */
  StepExecution(RunLoop<S> run) {
    this.run = run;
    this.graph = run.runner.graph;
    this.events = run.runner.events;
    this.stats = run.stats;
    this.sequential = run.runner.options.sequential();
    int workers = sequential ? 1 : run.runner.options.maxConcurrentNodes();
    this.work = new WorkQueue<>(run, workers);
    this.admission = new Admission<>(run, workers);
    this.retries = new Retries(run);
    this.ends = new AttemptEnds<>(run, step, admission, retries);
  }

  /**
   * Runs one step to its end; returns results in order-key order (valid until the next call) or
   * throws after saving progress. Activations found in {@code carried} are not run again.
   */
  ActivationResult<S>[] execute(List<Activation<S>> frontier, List<ActivationResult<S>> carried) {
    step.begin(frontier, carried);
    stop = null;
    admission.beginStep();
    retries.beginStep();
    deadlines.clear();
    work.beginStep();
    note(retries.scheduleResumed(step, graph));
    while (true) {
      if (cancelRequested()) {
        note(StepStop.cancelled(run));
      }
      if (stop == null) {
        admit();
      }
      if (stop == null ? step.unfinished() == 0 : !stop.drains() || admission.outstanding() == 0) {
        return finish();
      }
      awaitProgress();
    }
  }

  /** The one place a step ends: its results, or a save and one exception. */
  private ActivationResult<S>[] finish() {
    if (stop != null && !stop.drains()) {
      stopEverything(stop.cause().reason);
    }
    work.foldInto(stats);
    RuntimeException error = step.error(stop == null ? null : stop.error());
    if (error == null) {
      return step.results();
    }
    run.saveQuietly(
        RunStatus.FAILED, step.frontierToSave(), step.completed(), error.getMessage(), error);
    throw error;
  }

  /**
   * Admits until nothing more can start without waiting (backpressure when the queue is full), then
   * starts workers for what was queued.
   */
  private void admit() {
    admitAll();
    work.startWorkers();
  }

  private void admitAll() {
    while (stop == null) {
      if (sequential) {
        int next = !admission.hasRoom() ? -1 : retries.hasDue() ? retries.pollDue() : step.next();
        if (next < 0) {
          return;
        }
        launch(next, false);
      } else if (retries.hasDue()) {
        launch(retries.pollDue(), true); // a retry was admitted before: no capacity check
      } else if (step.hasNext() && admission.hasRoom()) {
        admission.endWaiting(step.nextNodeId());
        launch(step.next(), false);
      } else {
        if (step.hasNext()) {
          admission.startWaiting(step.nextNodeId());
        }
        return;
      }
    }
  }

  /** Starts an attempt: inline (sequential, no time limit) or through the work queue. */
  private void launch(int index, boolean retry) {
    Activation<S> a = step.activation(index);
    if (cancelRequested()) {
      note(StepStop.cancelled(run)); // no attempt starts after a cancel
      return;
    }
    if (run.budgetDeadline != Long.MAX_VALUE && run.time.nanoTime() - run.budgetDeadline >= 0) {
      // no attempt starts once the budget is spent (a checkpoint save may have used the rest)
      String when = "before attempt " + step.attempt(index) + " could start";
      note(StepStop.budget(run, a.nodeId(), when, null));
      return;
    }
    int node = graph.indexOf(a.nodeId());
    S input = a.branchInput() != null ? a.branchInput() : run.state;
    Task<S> task = new Task<>(a, index, step.attempt(index), node, input);
    boolean inline = work.runsInline(node);
    admission.admitted(!inline);
    if (!inline) {
      step.queued(task);
      work.submit(task, retry);
      return;
    }
    work.runInline(task); // never cut off, so it needs no task slot
    // Thread.sleep and friends clear the flag when they throw, hence the InterruptedException test.
    if (task.failure != null
        && (task.failure instanceof InterruptedException || cancelRequested())) {
      // The attempt ran on the coordinator, so the interrupt was the run's cancel, not a node
      // failure: discard the attempt (resume runs it again) and start nothing more.
      admission.finished();
      events.nodeCancelled(run, task, StepStop.Cause.CANCELLED.reason, false);
      note(StepStop.cancelled(run));
      return;
    }
    note(ends.completed(task, false));
  }

  /** Waits for a signal, a deadline, a due retry, the budget or the backpressure timeout. */
  private void awaitProgress() {
    long wake = Math.min(run.budgetDeadline, Math.min(deadlines.next(), retries.nextDue()));
    wake = Math.min(wake, admission.timeoutAt());
    Task<S> signal;
    try {
      signal = work.awaitSignal(wake);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      note(StepStop.cancelled(run));
      return;
    }
    for (; signal != null && !stopping(); signal = work.pollSignal()) {
      if (signal.handled) {
        continue; // already finished, timed out or cancelled; a late result is dropped
      }
      int state = signal.get();
      if (state == Task.DONE) {
        note(ends.completed(signal, stop != null));
      } else if (state == Task.RUNNING) {
        deadlines.track(signal);
      }
    }
    long now = run.time.nanoTime();
    for (Task<S> t; !stopping() && (t = deadlines.pollExpired(now)) != null; ) {
      if (work.cutOff(t, Task.TIMED_OUT)) {
        note(ends.timedOut(t, stop != null));
      } // else it finished just now; its completion signal is on the way
    }
    retries.promoteDue(now);
    if (now >= run.budgetDeadline && step.unfinished() > 0) {
      note(StepStop.budget(run, null, "while waiting", null));
    }
    if (stop == null && admission.hasTimedOut(now)) {
      drain(now);
    }
  }

  /** Whether a stop that ends the step at once has been noted: nothing more is processed. */
  private boolean stopping() {
    return stop != null && !stop.drains();
  }

  /**
   * An interrupt of the coordinator, or the run's cancel flag: an inline attempt may have swallowed
   * the interrupt (or turned it into a retryable {@code InterruptedIOException}).
   */
  private boolean cancelRequested() {
    return Thread.currentThread().isInterrupted() || run.cancelled.getAsBoolean();
  }

  private void note(StepStop s) {
    if (s != null) {
      stop = s.over(stop);
    }
  }

  /**
   * The backpressure timeout: admission stops, queued attempts are withdrawn, pending retries are
   * dropped, and the attempts already running finish before the step ends.
   */
  private void drain(long now) {
    note(new StepStop(StepStop.Cause.BACKPRESSURE, admission.timedOut(step.nextNodeId(), now)));
    retries.clear();
    for (Task<S> t : step.tasks()) {
      if (t != null && !t.handled && work.cancelQueued(t)) {
        t.handled = true;
        admission.finished();
      }
    }
  }

  /**
   * Cancels queued tasks and interrupts running ones; each started attempt ends with
   * NODE_CANCELLED. A task that already succeeded keeps its result, so resume does not run it
   * again.
   */
  private void stopEverything(String reason) {
    admission.stop();
    Task<S>[] tasks = step.tasks();
    // Withdraw everything queued before cutting anything off, so no freed worker takes more work.
    for (Task<S> t : tasks) {
      if (t != null && !t.handled && work.cancelQueued(t)) {
        t.handled = true;
      }
    }
    for (Task<S> t : tasks) {
      if (t != null && !t.handled) {
        t.handled = true;
        boolean completed = !work.cutOff(t, Task.CANCELLED);
        if (completed && t.failure == null && t.result != null) {
          step.keep(t.index, AttemptEnds.result(t));
        }
        events.nodeCancelled(run, t, reason, completed);
      }
    }
  }
}
