package dev.weft.internal;

import dev.weft.BackpressureTimeoutException;
import dev.weft.EventType;
import dev.weft.NodeTimeoutException;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.RunCancelledException;
import dev.weft.RunStatus;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The coordinator of one step: the only owner of the frontier, admission, deadlines and failures;
 * it decides when to retry, and {@link Retries} keeps the retry books. Activations wait in the
 * bounded {@link WorkQueue} for a worker; workers only run {@link Attempt}s and signal back.
 * Sequential and concurrent runs share this loop: sequential mode lets one attempt run at a time
 * and runs attempts without a time limit inline.
 *
 * <p>Every activation of the step runs to success or terminal failure before the step ends, so the
 * failure reported is the one with the smallest order key, whatever the timing. Only a cancel, the
 * run budget or a backpressure timeout cut a step short; each saves the step's progress first.
 */
final class StepExecution<S> {
  private final RunLoop<S> run;
  private final CompiledGraph<S> graph;
  private final Events events;
  private final EngineMetrics metrics;
  private final Stats stats;
  private final boolean sequential;
  private final int capacity;
  private final long backpressureTimeoutNanos;
  private final int workers;
  private final WorkQueue<S> work;
  private final Retries retries;

  // Per-step state, reset by begin(); arrays are reused while the frontier size stays the same.
  private List<Activation<S>> frontier;
  private ActivationResult<S>[] results;
  private RuntimeException[] failures; // created on the first terminal failure
  private int[] attempt;
  private Task<S>[] tasks; // the latest task of each activation
  private int[] todo; // null means "every activation, in frontier order"
  private int toRun;
  private int cursor; // activations admitted so far
  private int outstanding; // tasks admitted and not yet finished
  private int reportedDepth; // the queue depth last reported to metrics
  private int unfinished; // activations not yet succeeded or failed for good
  private PriorityQueue<Task<S>> deadlines;
  // Whether admission waits for queue space, and since when. A monotonic reading may be any long,
  // negative included, so no reading doubles as "not waiting".
  private boolean backpressured;
  private long backpressureSince;
  private boolean draining;

  /** One per run; {@link #execute} runs one step at a time. */
  StepExecution(RunLoop<S> run) {
    this.run = run;
    this.graph = run.runner.graph;
    this.events = run.runner.events;
    this.metrics = run.runner.metrics;
    this.stats = run.stats;
    this.sequential = run.runner.options.sequential();
    this.capacity = sequential ? Integer.MAX_VALUE : run.runner.options.queueDepth();
    this.backpressureTimeoutNanos =
        run.runner.options.backpressureTimeout().map(Duration::toNanos).orElse(Long.MAX_VALUE);
    this.workers = sequential ? 1 : run.runner.options.maxConcurrentNodes();
    this.work = new WorkQueue<>(run, workers);
    this.retries = new Retries(run);
  }

  /**
   * Runs one step to its end; returns results in order-key order (valid until the next call) or
   * throws after saving progress. Activations found in {@code carried} are not run again.
   */
  ActivationResult<S>[] execute(List<Activation<S>> frontier, List<ActivationResult<S>> carried) {
    begin(frontier, carried);
    scheduleResumedRetries();
    while (true) {
      if (cancelRequested()) {
        abortCancelled();
      }
      pump();
      if (unfinished == 0) {
        break;
      }
      awaitProgress();
    }
    work.foldInto(stats);
    if (failures != null) {
      RuntimeException first = null;
      for (RuntimeException f : failures) {
        if (f == null) {
          continue;
        }
        if (first == null) {
          first = f;
        } else {
          first.addSuppressed(f);
        }
      }
      run.saveQuietly(
          RunStatus.FAILED, progressFrontier(), completedResults(), first.getMessage(), first);
      throw first;
    }
    return results;
  }

  @SuppressWarnings("unchecked")
  private void begin(List<Activation<S>> frontier, List<ActivationResult<S>> carried) {
    this.frontier = frontier;
    int n = frontier.size();
    if (results == null || results.length != n) {
      results = (ActivationResult<S>[]) new ActivationResult<?>[n];
      attempt = new int[n];
      tasks = (Task<S>[]) new Task<?>[n];
    } else {
      Arrays.fill(results, null);
      Arrays.fill(tasks, null);
    }
    failures = null;
    int count = 0;
    int retrying = 0;
    int[] pending = null; // stays null while every activation so far is to run, in frontier order
    for (int i = 0; i < n; i++) {
      Activation<S> a = frontier.get(i);
      attempt[i] = a.firstAttempt();
      ActivationResult<S> done = carried.isEmpty() ? null : find(carried, a);
      boolean runsNow = done == null && a.firstAttempt() == 1;
      if (!runsNow && pending == null) {
        pending = new int[n];
        for (int k = 0; k < count; k++) {
          pending[k] = k; // everything before i was to run
        }
      }
      if (done != null) {
        results[i] = done;
      } else if (!runsNow) {
        retrying++; // saved with a retry pending: scheduled by scheduleResumedRetries()
      } else if (pending != null) {
        pending[count++] = i;
      } else {
        count++;
      }
    }
    todo = pending == null ? null : Arrays.copyOf(pending, count);
    toRun = count;
    unfinished = count + retrying;
    cursor = 0;
    outstanding = 0;
    reportedDepth = 0;
    backpressured = false;
    draining = false;
    retries.beginStep();
    if (deadlines != null) {
      deadlines.clear();
    }
    work.beginStep();
  }

  private static <S> ActivationResult<S> find(List<ActivationResult<S>> carried, Activation<S> a) {
    for (ActivationResult<S> r : carried) {
      if (r.orderKey() == a.orderKey() && r.nodeId().equals(a.nodeId())) {
        return r;
      }
    }
    return null;
  }

  /**
   * Admits until nothing more can move without waiting; notes backpressure when the queue is full.
   */
  private void pump() {
    boolean moved = true;
    while (moved && !draining) {
      moved = false;
      if (sequential) {
        if (outstanding == 0) {
          int next = retries.hasDue() ? retries.pollDue() : cursor < toRun ? todoAt(cursor++) : -1;
          if (next >= 0) {
            launch(next, false);
            moved = true;
          }
        }
        continue;
      }
      while (retries.hasDue()) {
        launch(retries.pollDue(), true); // a retry was admitted before: it skips the capacity check
        moved = true;
      }
      while (cursor < toRun && waiting() < capacity) {
        if (backpressured) {
          resolveBackpressure();
        }
        launch(todoAt(cursor++), false);
        moved = true;
      }
    }
    if (!sequential && !draining && cursor < toRun && !backpressured) {
      startBackpressure();
    }
  }

  /**
   * Admitted attempts waiting for a worker, as the coordinator accounts them: every worker slot
   * holds one unfinished attempt before any waits. Counting this way (not by what workers have
   * taken so far) keeps backpressure a property of the workload, not of how fast workers start; a
   * completion, which always wakes the coordinator, is what frees space.
   */
  private int waiting() {
    return Math.max(0, outstanding - workers);
  }

  /** Reports attempts that got a worker slot as dequeued, so the depth gauge follows waiting(). */
  private void syncQueueDepth() {
    int depth = waiting();
    stats.peakQueueDepth = Math.max(stats.peakQueueDepth, depth);
    while (reportedDepth > depth) {
      reportedDepth--;
      stats.dequeued++;
      metrics.queueDepthChanged(-1);
    }
  }

  /** Queued attempts are dropped (the step is cut short): they leave the gauge, not as dequeued. */
  private void dropQueued() {
    if (!sequential && reportedDepth > 0) {
      metrics.queueDepthChanged(-reportedDepth);
      reportedDepth = 0;
    }
  }

  /** One admitted attempt is over (finished, timed out or cancelled). */
  private void finished() {
    outstanding--;
    if (!sequential) {
      syncQueueDepth();
    }
  }

  private int todoAt(int position) {
    return todo == null ? position : todo[position];
  }

  /** Starts an attempt: inline (sequential, no time limit) or through the work queue. */
  private void launch(int index, boolean retry) {
    if (cancelRequested()) {
      abortCancelled(); // no attempt starts after a cancel
    }
    Activation<S> a = frontier.get(index);
    if (run.budgetDeadline != Long.MAX_VALUE && run.time.nanoTime() - run.budgetDeadline >= 0) {
      // no attempt starts once the budget is spent (a checkpoint save may have used the rest)
      abortBudget(a.nodeId(), "before attempt " + attempt[index] + " could start", null);
    }
    int node = graph.indexOf(a.nodeId());
    Task<S> task =
        new Task<>(
            a, index, attempt[index], node, a.branchInput() != null ? a.branchInput() : run.state);
    outstanding++;
    stats.attempts++;
    // Sequential mode runs an attempt without a time limit on the coordinator. Attempts with a
    // limit, and every attempt of a concurrent run, go to a worker, so the coordinator can always
    // stop waiting for them (timeout, cancel) and abandon one that ignores its interrupt.
    if (sequential && graph.timeoutNanos[node] == 0 && run.budgetDeadline == Long.MAX_VALUE) {
      work.runInline(task); // never cut off, so it needs no slot in tasks[]
      // Thread.sleep and friends clear the flag when they throw, hence the InterruptedException
      // test.
      if (task.failure != null
          && (task.failure instanceof InterruptedException || cancelRequested())) {
        // The attempt ran on the coordinator, so the interrupt was the run's cancel, not a node
        // failure: discard the attempt (resume runs it again) and start nothing more.
        outstanding--;
        emitCancelled(task, "cancelled", false);
        abortCancelled();
      }
      handleCompletion(task);
      return;
    }
    tasks[index] = task;
    work.submit(task, retry);
    if (!sequential) {
      stats.enqueued++;
      metrics.queueDepthChanged(1);
      reportedDepth++;
      syncQueueDepth();
    }
  }

  /** Waits for a signal, a deadline, a due retry, the budget or the backpressure timeout. */
  private void awaitProgress() {
    long wake = run.budgetDeadline;
    if (deadlines != null) {
      while (!deadlines.isEmpty() && deadlines.peek().handled) {
        deadlines.poll();
      }
      if (!deadlines.isEmpty()) {
        wake = Math.min(wake, deadlines.peek().deadlineNanos);
      }
    }
    wake = Math.min(wake, retries.nextDue());
    if (backpressured && backpressureTimeoutNanos != Long.MAX_VALUE) {
      wake = Math.min(wake, RunLoop.saturatingAdd(backpressureSince, backpressureTimeoutNanos));
    }
    Task<S> signal;
    try {
      signal = work.awaitSignal(wake);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abortCancelled();
      return;
    }
    while (signal != null) {
      onSignal(signal);
      signal = work.pollSignal();
    }
    long now = run.time.nanoTime();
    while (deadlines != null && !deadlines.isEmpty() && deadlines.peek().deadlineNanos <= now) {
      Task<S> t = deadlines.poll();
      if (!t.handled) {
        timeOut(t);
      }
    }
    retries.promoteDue(now);
    if (now >= run.budgetDeadline && unfinished > 0) {
      abortBudget(null, "while waiting", null);
    }
    if (backpressured && now - backpressureSince >= backpressureTimeoutNanos) {
      abortBackpressure(now);
    }
  }

  private void onSignal(Task<S> task) {
    if (task.handled) {
      return; // already finished, timed out or cancelled; a late result is dropped
    }
    int state = task.get();
    if (state == Task.DONE) {
      handleCompletion(task);
    } else if (state == Task.RUNNING
        && !task.deadlineTracked
        && task.deadlineNanos != Long.MAX_VALUE) {
      task.deadlineTracked = true;
      if (deadlines == null) {
        deadlines = new PriorityQueue<>((x, y) -> Long.compare(x.deadlineNanos, y.deadlineNanos));
      }
      deadlines.add(task);
    }
  }

  private void handleCompletion(Task<S> task) {
    if (task.deadlineNanos != Long.MAX_VALUE && task.endNanos > task.deadlineNanos) {
      recordTimeout(
          task); // produced past the limit, seen late only because the coordinator woke late
      return;
    }
    task.handled = true;
    finished();
    int index = task.index;
    long duration = task.endNanos - task.startNanos;
    Activation<S> a = frontier.get(index);
    if (task.failure == null) {
      metrics.nodeFinished(a.nodeId(), EngineMetrics.SUCCESS, duration);
      results[index] =
          new ActivationResult<>(
              a.nodeId(), a.orderKey(), task.result.delta(), task.result.route());
      unfinished--;
      stats.activations++;
      if (events.enabled) {
        events.emit(
            run.runId,
            run.step,
            a.nodeId(),
            EventType.NODE_SUCCEEDED,
            task.attempt,
            Map.of("durationNanos", duration, "route", Router.routeName(task.result.route())));
      }
    } else {
      metrics.nodeFinished(a.nodeId(), EngineMetrics.ERROR, duration);
      onFailure(index, task.attempt, task.failure, duration);
    }
  }

  private void timeOut(Task<S> task) {
    if (!work.cutOff(task, Task.TIMED_OUT)) {
      return; // it finished just now; its completion signal is on the way
    }
    recordTimeout(task);
  }

  /** Fails an attempt that ran past its deadline; its result, if any, is discarded. */
  private void recordTimeout(Task<S> task) {
    task.handled = true;
    finished();
    stats.timeouts++;
    Activation<S> a = frontier.get(task.index);
    long elapsed = run.time.nanoTime() - task.startNanos;
    metrics.nodeTimedOut(a.nodeId());
    metrics.nodeFinished(a.nodeId(), EngineMetrics.TIMEOUT, elapsed);
    if (events.enabled) {
      events.emit(
          run.runId,
          run.step,
          a.nodeId(),
          EventType.NODE_TIMED_OUT,
          task.attempt,
          Map.of(
              "limitNanos",
              task.limitNanos,
              "source",
              task.source.name(),
              "elapsedNanos",
              elapsed));
    }
    NodeTimeoutException timeout =
        new NodeTimeoutException(
            run.runId,
            run.step,
            a.nodeId(),
            task.attempt,
            graph.retry[task.node].maxAttempts(),
            Duration.ofNanos(task.limitNanos),
            task.source);
    if (task.source == dev.weft.TimeoutSource.RUN_BUDGET) {
      retries.record(task.index, timeout);
      if (events.enabled) { // the attempt's end: a timeout is NODE_TIMED_OUT, then NODE_FAILED
        events.emit(
            run.runId,
            run.step,
            a.nodeId(),
            EventType.NODE_FAILED,
            task.attempt,
            Map.of(
                "error",
                timeout.getClass().getName(),
                "message",
                String.valueOf(timeout.getMessage()),
                "willRetry",
                false,
                "durationNanos",
                task.limitNanos));
      }
      abortBudget(a.nodeId(), "attempt " + task.attempt + " was running", timeout);
    }
    onFailure(task.index, task.attempt, timeout, task.limitNanos);
  }

  private void onFailure(int index, int att, Throwable failure, long duration) {
    retries.record(index, failure);
    Activation<S> a = frontier.get(index);
    RetryPolicy policy = graph.retry[graph.indexOf(a.nodeId())];
    boolean retry = att < policy.maxAttempts() && policy.isRetryable(failure);
    long now = run.time.nanoTime();
    long delay = 0;
    boolean pastBudget = false;
    if (retry && !draining) {
      // Decided before NODE_FAILED is emitted, so willRetry is true only when a retry follows.
      delay = retries.delay(policy, a.orderKey(), att);
      pastBudget =
          run.budgetDeadline != Long.MAX_VALUE
              && RunLoop.saturatingAdd(now, delay) >= run.budgetDeadline;
    }
    if (events.enabled) {
      events.emit(
          run.runId,
          run.step,
          a.nodeId(),
          EventType.NODE_FAILED,
          att,
          Map.of(
              "error",
              failure.getClass().getName(),
              "message",
              String.valueOf(failure.getMessage()),
              "willRetry",
              retry && !draining && !pastBudget,
              "durationNanos",
              duration));
    }
    if (retry && draining) {
      attempt[index] = att + 1; // resume continues with the pending retry's attempt number
      unfinished--;
      return;
    }
    if (retry) {
      attempt[index] = att + 1;
      if (pastBudget) {
        abortBudget(
            a.nodeId(),
            "the next retry of node '"
                + a.nodeId()
                + "' would wait "
                + Durations.format(delay)
                + ", past the budget",
            failure);
      }
      retries.schedule(index, a.nodeId(), att, now, delay);
      return;
    }
    RuntimeException terminal = retries.terminal(index, a.nodeId(), att, policy, failure);
    if (failures == null) {
      failures = new RuntimeException[frontier.size()];
    }
    failures[index] = terminal;
    attempt[index] = 1; // a fixed node gets a fresh set of attempts on resume
    unfinished--;
    stats.activations++;
  }

  /**
   * A retry that was pending when the run stopped (cancel, budget, backpressure timeout) waits its
   * delay again on resume, measured on this process's clock: a delay is a duration, never an
   * instant carried between machines. The delay is the one first drawn, since the jitter is seeded
   * by (runId, order key, attempt). Like any scheduled retry it emits RETRY_SCHEDULED and is
   * counted, so a retry pending across a resume counts twice.
   */
  private void scheduleResumedRetries() {
    for (int index = 0; index < frontier.size(); index++) {
      Activation<S> a = frontier.get(index);
      if (a.firstAttempt() <= 1 || results[index] != null) {
        continue;
      }
      RetryPolicy policy = graph.retry[graph.indexOf(a.nodeId())];
      int failed = attempt[index] - 1;
      long delay = retries.delay(policy, a.orderKey(), failed);
      long now = run.time.nanoTime();
      if (run.budgetDeadline != Long.MAX_VALUE
          && RunLoop.saturatingAdd(now, delay) >= run.budgetDeadline) {
        abortBudget(
            a.nodeId(),
            "the pending retry of node '"
                + a.nodeId()
                + "' would wait "
                + Durations.format(delay)
                + ", past the budget",
            null);
      }
      retries.schedule(index, a.nodeId(), failed, now, delay);
    }
  }

  /**
   * An interrupt of the coordinator, or the run's cancel flag: an inline attempt may have swallowed
   * the interrupt (or turned it into a retryable {@code InterruptedIOException}).
   */
  private boolean cancelRequested() {
    return Thread.currentThread().isInterrupted() || run.cancelled.getAsBoolean();
  }

  private void startBackpressure() {
    backpressured = true;
    backpressureSince = run.time.nanoTime();
    stats.backpressureEvents++;
    metrics.backpressureStarted();
    if (events.enabled) {
      events.emit(
          run.runId,
          run.step,
          frontier.get(todoAt(cursor)).nodeId(),
          EventType.BACKPRESSURE,
          0,
          Map.of("depth", waiting(), "capacity", capacity, "inFlight", outstanding - waiting()));
    }
  }

  private void resolveBackpressure() {
    long waited = run.time.nanoTime() - backpressureSince;
    backpressured = false;
    stats.backpressureWaitNanos += waited;
    metrics.backpressureResolved(waited);
    if (events.enabled) {
      events.emit(
          run.runId,
          run.step,
          frontier.get(todoAt(cursor)).nodeId(),
          EventType.BACKPRESSURE_RESOLVED,
          0,
          Map.of("waitNanos", waited));
    }
  }

  /**
   * Stops admitting, lets running attempts finish, checkpoints the whole remaining frontier, fails.
   */
  private void abortBackpressure(long now) {
    long waited = now - backpressureSince;
    String nodeId = frontier.get(todoAt(cursor)).nodeId();
    int depth = waiting();
    stats.backpressureWaitNanos += waited;
    metrics.backpressureResolved(waited);
    metrics.backpressureTimedOut();
    backpressured = false;
    if (events.enabled) {
      events.emit(
          run.runId,
          run.step,
          nodeId,
          EventType.BACKPRESSURE_TIMEOUT,
          0,
          Map.of("depth", depth, "capacity", capacity, "waitNanos", waited));
    }
    draining = true;
    dropQueued();
    retries.clear();
    for (Task<S> t : tasks) {
      if (t != null && !t.handled && work.cancelQueued(t)) {
        t.handled = true;
        finished();
      }
    }
    while (outstanding > 0) {
      awaitProgress();
    }
    work.foldInto(stats);
    BackpressureTimeoutException e =
        new BackpressureTimeoutException(
            run.runId, run.step, nodeId, Duration.ofNanos(waited), depth, capacity);
    if (failures != null) {
      for (RuntimeException f : failures) {
        if (f != null) {
          e.addSuppressed(
              f); // activations that failed in this step, in order-key order: never dropped
        }
      }
    }
    run.saveQuietly(RunStatus.FAILED, progressFrontier(), completedResults(), e.getMessage(), e);
    throw e;
  }

  private void abortBudget(String nodeId, String when, Throwable cause) {
    Duration budget = run.runner.options.runWallClockBudget().orElseThrow();
    RunBudgetExceededException e =
        new RunBudgetExceededException(run.runId, run.step, nodeId, budget, when, cause);
    stopEverything("budget");
    run.saveQuietly(RunStatus.FAILED, progressFrontier(), completedResults(), e.getMessage(), e);
    throw e;
  }

  private void abortCancelled() {
    stopEverything("cancelled");
    RunCancelledException e = new RunCancelledException(run.runId, run.step);
    run.saveQuietly(RunStatus.FAILED, progressFrontier(), completedResults(), e.getMessage(), e);
    throw e;
  }

  /**
   * Cancels queued tasks and interrupts running ones. A task that already succeeded keeps its
   * result, so resume does not run it again.
   */
  private void stopEverything(String reason) {
    dropQueued();
    if (backpressured) {
      // The wait ends with the step: record it so every started wait has a duration.
      long waited = run.time.nanoTime() - backpressureSince;
      backpressured = false;
      stats.backpressureWaitNanos += waited;
      metrics.backpressureResolved(waited);
    }
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
          Activation<S> a = frontier.get(t.index);
          results[t.index] =
              new ActivationResult<>(a.nodeId(), a.orderKey(), t.result.delta(), t.result.route());
        }
        emitCancelled(t, reason, completed);
      }
    }
    work.foldInto(stats);
  }

  /** The end event of a started attempt the run's stop cut short: every start has one end. */
  private void emitCancelled(Task<S> task, String reason, boolean completed) {
    if (events.enabled) {
      events.emit(
          run.runId,
          run.step,
          task.activation.nodeId(),
          EventType.NODE_CANCELLED,
          task.attempt,
          Map.of("reason", reason, "completed", completed));
    }
  }

  /** The step's frontier with each unfinished activation at the attempt it will start with. */
  private List<Activation<S>> progressFrontier() {
    List<Activation<S>> out = new ArrayList<>(frontier.size());
    for (int i = 0; i < frontier.size(); i++) {
      Activation<S> a = frontier.get(i);
      out.add(a.firstAttempt() == attempt[i] ? a : a.atAttempt(attempt[i]));
    }
    return out;
  }

  private List<ActivationResult<S>> completedResults() {
    List<ActivationResult<S>> done = new ArrayList<>();
    for (ActivationResult<S> r : results) {
      if (r != null) {
        done.add(r);
      }
    }
    return done;
  }
}
