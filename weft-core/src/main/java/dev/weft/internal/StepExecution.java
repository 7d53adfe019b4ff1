package dev.weft.internal;

import dev.weft.BackpressureTimeoutException;
import dev.weft.EventType;
import dev.weft.NodeFailedException;
import dev.weft.NodeTimeoutException;
import dev.weft.RetriesExhaustedException;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.RunStatus;
import dev.weft.TimeoutSource;
import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The coordinator of one step: the only owner of the frontier, the work queue, the in-flight count,
 * retries, deadlines and failures. Workers (virtual threads) only run {@link Attempt}s and post
 * {@link Attempt.Completion}s back. Sequential and concurrent runs share this loop; sequential mode
 * allows one attempt at a time and runs attempts without a time limit inline.
 *
 * <p>Every activation of the step is run to success or terminal failure before the step ends, so
 * the failure reported is the one with the smallest order key, whatever the timing. Only a cancel,
 * the run budget or a backpressure timeout cut a step short; each saves the step's progress first.
 */
final class StepExecution<S> {
  /** How long a timed-out attempt may take to honour its interrupt before it counts as abandoned. */
  static final long ABANDON_GRACE_NANOS = Duration.ofMillis(500).toNanos();

  private static final long JITTER_SALT = 0x6a09e667f3bcc909L;

  private final RunLoop<S> run;
  private final CompiledGraph<S> graph;
  private final Events events;
  private final EngineMetrics metrics;
  private final Stats stats;
  private final List<Activation<S>> frontier;
  private final ActivationResult<S>[] results;
  private final RuntimeException[] failures;
  private final int[] attempt;
  private final int[] todo;
  private final boolean sequential;
  private final int maxInFlight;
  private final int capacity;
  private final long backpressureTimeoutNanos;

  private int cursor; // todo[cursor..] not yet admitted
  private int queueHead; // todo[queueHead..cursor) admitted, waiting for a worker
  private int inFlight;
  private int unfinished;
  private final ArrayDeque<Integer> ready = new ArrayDeque<>();
  private PriorityQueue<long[]> retries; // {due, index}
  private PriorityQueue<InFlight> deadlines;
  private InFlight[] running;
  private LinkedBlockingQueue<Attempt.Completion<S>> completions;
  private Map<Integer, List<Throwable>> attemptFailures;
  private long backpressureSince = -1;
  private boolean draining;

  @SuppressWarnings("unchecked")
  StepExecution(RunLoop<S> run, List<Activation<S>> frontier, List<ActivationResult<S>> carried) {
    this.run = run;
    this.graph = run.runner.graph;
    this.events = run.runner.events;
    this.metrics = run.runner.metrics;
    this.stats = run.stats;
    this.frontier = frontier;
    int n = frontier.size();
    this.results = new ActivationResult[n];
    this.failures = new RuntimeException[n];
    this.attempt = new int[n];
    int toRun = 0;
    int[] pending = new int[n];
    for (int i = 0; i < n; i++) {
      Activation<S> a = frontier.get(i);
      attempt[i] = a.firstAttempt();
      ActivationResult<S> done = carried.isEmpty() ? null : find(carried, a);
      if (done != null) {
        results[i] = done;
      } else {
        pending[toRun++] = i;
      }
    }
    this.todo = toRun == n ? pending : java.util.Arrays.copyOf(pending, toRun);
    this.unfinished = toRun;
    this.sequential = run.runner.options.sequential();
    this.maxInFlight = sequential ? 1 : run.runner.options.maxConcurrentNodes();
    this.capacity = sequential ? Integer.MAX_VALUE : run.runner.options.queueDepth();
    this.backpressureTimeoutNanos =
        run.runner.options.backpressureTimeout().map(Duration::toNanos).orElse(Long.MAX_VALUE);
  }

  private static <S> ActivationResult<S> find(List<ActivationResult<S>> carried, Activation<S> a) {
    for (ActivationResult<S> r : carried) {
      if (r.orderKey() == a.orderKey() && r.nodeId().equals(a.nodeId())) {
        return r;
      }
    }
    return null;
  }

  /** Runs the step to its end; returns results in order-key order or throws after saving progress. */
  ActivationResult<S>[] execute() {
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        abortCancelled();
      }
      pump();
      if (unfinished == 0) {
        break;
      }
      awaitProgress();
    }
    RuntimeException first = null;
    for (RuntimeException f : failures) {
      if (f != null) {
        if (first == null) {
          first = f;
        } else {
          first.addSuppressed(f);
        }
      }
    }
    if (first != null) {
      run.saveQuietly(RunStatus.FAILED, progressFrontier(), completedResults(), first.getMessage(), first);
      throw first;
    }
    return results;
  }

  /** Admits and dispatches until nothing more can move without waiting. */
  private void pump() {
    boolean moved = true;
    while (moved && !draining) {
      moved = false;
      while (inFlight < maxInFlight && (!ready.isEmpty() || queueHead < cursor)) {
        int index;
        if (!ready.isEmpty()) {
          index = ready.poll();
        } else {
          index = todo[queueHead++];
          if (!sequential) {
            stats.dequeued++;
            metrics.queueDepthChanged(-1);
          }
        }
        dispatch(index);
        moved = true;
      }
      while (cursor < todo.length && cursor - queueHead < capacity) {
        if (backpressureSince >= 0) {
          resolveBackpressure();
        }
        cursor++;
        moved = true;
        if (!sequential) {
          stats.enqueued++;
          metrics.queueDepthChanged(1);
          stats.peakQueueDepth = Math.max(stats.peakQueueDepth, cursor - queueHead);
        }
      }
    }
    if (!sequential && !draining && cursor < todo.length && backpressureSince < 0) {
      startBackpressure();
    }
  }

  private void dispatch(int index) {
    Activation<S> a = frontier.get(index);
    int node = graph.indexOf(a.nodeId());
    int att = attempt[index];
    if (run.budgetDeadline != Long.MAX_VALUE && run.budgetDeadline - run.time.nanoTime() <= 0) {
      abortBudget(a.nodeId(), "before starting attempt " + att, lastFailure(index));
    }
    stats.attempts++;
    if (events.enabled) {
      events.emit(run.runId, run.step, a.nodeId(), EventType.NODE_STARTED, att, Map.of("orderKey", Long.toHexString(a.orderKey())));
    }
    // The attempt's clock starts after NODE_STARTED: a slow emitter must not eat the node's limit.
    long now = run.time.nanoTime();
    long limit = graph.timeoutNanos[node];
    TimeoutSource source = graph.timeoutSource[node];
    if (run.budgetDeadline != Long.MAX_VALUE) {
      long left = Math.max(0, run.budgetDeadline - now);
      if (limit == 0 || left < limit) {
        limit = left;
        source = TimeoutSource.RUN_BUDGET;
      }
    }
    long deadline = source == null ? Long.MAX_VALUE : RunLoop.saturatingAdd(now, limit); // null: no limit
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    metrics.inFlightChanged(1);
    S input = a.branchInput() != null ? a.branchInput() : run.state;
    Context ctx = new Context(run, run.step, a.nodeId(), att, a.orderKey(), deadline);
    if (sequential && deadline == Long.MAX_VALUE) {
      handle(Attempt.run(graph.nodes[node], input, ctx, graph.dynamicTargets[node], null, now, run.time), index, att);
      return;
    }
    InFlight f = new InFlight(index, att, now, deadline, limit, source);
    if (completions == null) {
      completions = new LinkedBlockingQueue<>();
      running = new InFlight[frontier.size()];
    }
    LinkedBlockingQueue<Attempt.Completion<S>> sink = completions;
    Thread t = run.runner.threads.newThread(
        () -> sink.add(Attempt.run(graph.nodes[node], input, ctx, graph.dynamicTargets[node], f, now, run.time)));
    f.thread = t;
    running[index] = f;
    if (deadline != Long.MAX_VALUE) {
      if (deadlines == null) {
        deadlines = new PriorityQueue<>((x, y) -> Long.compare(x.deadlineNanos, y.deadlineNanos));
      }
      deadlines.add(f);
    }
    t.start();
  }

  /** Waits for a completion, a deadline, a due retry, the budget or the backpressure timeout. */
  private void awaitProgress() {
    long wake = run.budgetDeadline;
    if (deadlines != null) {
      while (!deadlines.isEmpty() && deadlines.peek().done) {
        deadlines.poll();
      }
      if (!deadlines.isEmpty()) {
        wake = Math.min(wake, deadlines.peek().deadlineNanos);
      }
    }
    if (retries != null && !retries.isEmpty()) {
      wake = Math.min(wake, retries.peek()[0]);
    }
    if (backpressureSince >= 0 && backpressureTimeoutNanos != Long.MAX_VALUE) {
      wake = Math.min(wake, RunLoop.saturatingAdd(backpressureSince, backpressureTimeoutNanos));
    }
    if (completions == null) {
      completions = new LinkedBlockingQueue<>();
    }
    long now = run.time.nanoTime();
    Attempt.Completion<S> c;
    try {
      c = run.runner.time.awaitNext(completions, wake == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, wake - now));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abortCancelled();
      return;
    }
    while (c != null) {
      handle(c, c.inFlight().index, c.inFlight().attempt);
      c = completions.poll();
    }
    now = run.time.nanoTime();
    while (deadlines != null && !deadlines.isEmpty() && deadlines.peek().deadlineNanos <= now) {
      InFlight f = deadlines.poll();
      if (!f.done) {
        timeOut(f);
      }
    }
    while (retries != null && !retries.isEmpty() && retries.peek()[0] <= now) {
      ready.add((int) retries.poll()[1]);
    }
    if (now >= run.budgetDeadline && unfinished > 0) {
      abortBudget(null, "while waiting", null);
    }
    if (backpressureSince >= 0 && now - backpressureSince >= backpressureTimeoutNanos) {
      abortBackpressure(now);
    }
  }

  private void handle(Attempt.Completion<S> c, int index, int att) {
    InFlight f = c.inFlight();
    if (f != null) {
      if (f.done) {
        return; // a late result of a timed-out attempt: discarded
      }
      if (c.endNanos() > f.deadlineNanos) {
        timeOut(f); // produced past the limit, seen late only because the coordinator woke late
        return;
      }
      f.done = true;
      running[index] = null;
    }
    inFlight--;
    metrics.inFlightChanged(-1);
    long duration = c.endNanos() - c.startNanos();
    Activation<S> a = frontier.get(index);
    if (c.failure() == null) {
      metrics.nodeFinished(a.nodeId(), EngineMetrics.SUCCESS, duration);
      results[index] = new ActivationResult<>(a.nodeId(), a.orderKey(), c.result().delta(), c.result().route());
      unfinished--;
      stats.activations++;
      if (events.enabled) {
        events.emit(run.runId, run.step, a.nodeId(), EventType.NODE_SUCCEEDED, att,
            Map.of("durationNanos", duration, "route", routeName(c.result().route())));
      }
    } else {
      metrics.nodeFinished(a.nodeId(), EngineMetrics.ERROR, duration);
      onFailure(index, att, c.failure(), duration);
    }
  }

  private void timeOut(InFlight f) {
    f.done = true;
    running[f.index] = null;
    f.thread.interrupt();
    inFlight--;
    metrics.inFlightChanged(-1);
    stats.timeouts++;
    Activation<S> a = frontier.get(f.index);
    long elapsed = run.time.nanoTime() - f.startNanos;
    metrics.nodeTimedOut(a.nodeId());
    metrics.nodeFinished(a.nodeId(), EngineMetrics.TIMEOUT, elapsed);
    if (events.enabled) {
      events.emit(run.runId, run.step, a.nodeId(), EventType.NODE_TIMED_OUT, f.attempt,
          Map.of("limitNanos", f.limitNanos, "source", f.source.name(), "elapsedNanos", elapsed));
    }
    watchForAbandonment(f.thread, a.nodeId(), f.attempt);
    int node = graph.indexOf(a.nodeId());
    NodeTimeoutException timeout = new NodeTimeoutException(run.runId, run.step, a.nodeId(), f.attempt,
        graph.retry[node].maxAttempts(), Duration.ofNanos(f.limitNanos), f.source);
    if (f.source == TimeoutSource.RUN_BUDGET) {
      record(f.index, timeout);
      abortBudget(a.nodeId(), "attempt " + f.attempt + " was running", timeout);
    }
    onFailure(f.index, f.attempt, timeout, f.limitNanos);
  }

  private void watchForAbandonment(Thread t, String nodeId, int att) {
    String runId = run.runId;
    long step = run.step;
    run.runner.threads.newThread(() -> {
      try {
        t.join(Duration.ofNanos(ABANDON_GRACE_NANOS));
      } catch (InterruptedException e) {
        return;
      }
      if (t.isAlive()) {
        metrics.nodeAbandoned(nodeId);
        events.emit(runId, step, nodeId, EventType.NODE_ABANDONED, att, Map.of("graceNanos", ABANDON_GRACE_NANOS));
      }
    }).start();
  }

  private void onFailure(int index, int att, Throwable failure, long duration) {
    record(index, failure);
    Activation<S> a = frontier.get(index);
    RetryPolicy policy = graph.retry[graph.indexOf(a.nodeId())];
    boolean retry = att < policy.maxAttempts() && policy.isRetryable(failure);
    if (events.enabled) {
      events.emit(run.runId, run.step, a.nodeId(), EventType.NODE_FAILED, att,
          Map.of("error", failure.getClass().getName(), "message", String.valueOf(failure.getMessage()),
              "willRetry", retry && !draining, "durationNanos", duration));
    }
    if (retry && draining) {
      attempt[index] = att + 1; // resume continues with the pending retry's attempt number
      unfinished--;
      return;
    }
    if (retry) {
      double u = OrderKeys.unit(OrderKeys.seed(run.runHash ^ JITTER_SALT, a.orderKey(), att));
      long delay = policy.delayNanos(att, u);
      long now = run.time.nanoTime();
      if (RunLoop.saturatingAdd(now, delay) >= run.budgetDeadline) {
        attempt[index] = att + 1;
        abortBudget(a.nodeId(), "the next retry of node '" + a.nodeId() + "' would wait "
            + Durations.format(delay) + ", past the budget", failure);
      }
      attempt[index] = att + 1;
      if (retries == null) {
        retries = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
      }
      retries.add(new long[] {now + delay, index});
      stats.retries++;
      metrics.retryScheduled(a.nodeId());
      if (events.enabled) {
        events.emit(run.runId, run.step, a.nodeId(), EventType.RETRY_SCHEDULED, att,
            Map.of("delayNanos", delay, "nextAttempt", att + 1));
      }
      return;
    }
    List<Throwable> all = attemptFailures.get(index);
    RuntimeException terminal;
    if (all.size() > 1) {
      terminal = new RetriesExhaustedException(run.runId, run.step, a.nodeId(), all);
    } else if (failure instanceof NodeTimeoutException t) {
      terminal = t;
    } else {
      terminal = NodeFailedException.of(run.runId, run.step, a.nodeId(), att, failure);
    }
    failures[index] = terminal;
    attempt[index] = 1; // a fixed node gets a fresh set of attempts on resume
    unfinished--;
    stats.activations++;
  }

  private void record(int index, Throwable failure) {
    if (attemptFailures == null) {
      attemptFailures = new HashMap<>();
    }
    List<Throwable> list = attemptFailures.computeIfAbsent(index, k -> new ArrayList<>());
    if (list.isEmpty() || list.getLast() != failure) {
      list.add(failure);
    }
  }

  private Throwable lastFailure(int index) {
    List<Throwable> list = attemptFailures == null ? null : attemptFailures.get(index);
    return list == null || list.isEmpty() ? null : list.getLast();
  }

  private void startBackpressure() {
    backpressureSince = run.time.nanoTime();
    stats.backpressureEvents++;
    metrics.backpressureStarted();
    if (events.enabled) {
      events.emit(run.runId, run.step, frontier.get(todo[cursor]).nodeId(), EventType.BACKPRESSURE, 0,
          Map.of("depth", cursor - queueHead, "capacity", capacity, "inFlight", inFlight));
    }
  }

  private void resolveBackpressure() {
    long waited = run.time.nanoTime() - backpressureSince;
    backpressureSince = -1;
    stats.backpressureWaitNanos += waited;
    metrics.backpressureResolved(waited);
    if (events.enabled) {
      events.emit(run.runId, run.step, frontier.get(todo[cursor]).nodeId(), EventType.BACKPRESSURE_RESOLVED, 0,
          Map.of("waitNanos", waited));
    }
  }

  /** Stops admitting, lets running attempts finish, checkpoints the whole remaining frontier, fails. */
  private void abortBackpressure(long now) {
    long waited = now - backpressureSince;
    String nodeId = frontier.get(todo[cursor]).nodeId();
    int depth = cursor - queueHead;
    stats.backpressureWaitNanos += waited;
    metrics.backpressureResolved(waited);
    backpressureSince = -1;
    if (events.enabled) {
      events.emit(run.runId, run.step, nodeId, EventType.BACKPRESSURE_TIMEOUT, 0,
          Map.of("depth", depth, "capacity", capacity, "waitNanos", waited));
    }
    draining = true;
    ready.clear();
    if (retries != null) {
      retries.clear();
    }
    metrics.queueDepthChanged(-(cursor - queueHead));
    queueHead = cursor;
    while (inFlight > 0) {
      awaitProgress();
    }
    BackpressureTimeoutException e =
        new BackpressureTimeoutException(run.runId, run.step, nodeId, Duration.ofNanos(waited), depth, capacity);
    run.saveQuietly(RunStatus.FAILED, progressFrontier(), completedResults(), e.getMessage(), e);
    throw e;
  }

  private void abortBudget(String nodeId, String when, Throwable cause) {
    Duration budget = run.runner.options.runWallClockBudget().orElseThrow();
    RunBudgetExceededException e = new RunBudgetExceededException(run.runId, run.step, nodeId, budget, when, cause);
    stopEverything();
    run.saveQuietly(RunStatus.FAILED, progressFrontier(), completedResults(), e.getMessage(), e);
    throw e;
  }

  private void abortCancelled() {
    stopEverything();
    CancellationException e = new CancellationException("run '" + run.runId + "' was cancelled in step " + run.step);
    run.saveQuietly(RunStatus.FAILED, progressFrontier(), completedResults(), e.getMessage(), e);
    throw e;
  }

  private void stopEverything() {
    if (running != null) {
      for (InFlight f : running) {
        if (f != null && !f.done) {
          f.done = true;
          f.thread.interrupt();
          inFlight--;
          metrics.inFlightChanged(-1);
          watchForAbandonment(f.thread, frontier.get(f.index).nodeId(), f.attempt);
        }
      }
    }
    if (!sequential) {
      metrics.queueDepthChanged(-(cursor - queueHead));
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

  private static String routeName(dev.weft.Route<?> route) {
    return route.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }
}
