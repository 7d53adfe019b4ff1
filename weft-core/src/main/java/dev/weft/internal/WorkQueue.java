package dev.weft.internal;

import dev.weft.EventType;
import dev.weft.TimeoutSource;
import dev.weft.spi.Activation;
import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run's work queue and its workers. The coordinator submits {@link Task}s; up to {@code
 * workerLimit} virtual threads take them in order, run the {@link Attempt} and signal back. Workers
 * never wait for the coordinator and the coordinator never waits for a worker except through {@link
 * #awaitSignal}, so no fan-out width, queue depth or worker count can deadlock.
 *
 * <p>The coordinator queues what it admits in one go and then starts workers for the batch ({@link
 * #startWorkers}, and every {@link #START_BATCH} tasks of a wide step): a worker leaves when it
 * finds the queue empty, so starting one per submitted task let fast attempts empty the queue
 * between two submissions, and each next task paid for a new worker and a carrier's wake-up.
 *
 * <p>An attempt the coordinator runs itself ({@link #runsInline}: sequential without a limit, or
 * short in a concurrent run) never enters the queue; in a concurrent run it holds a worker slot.
 *
 * <p>A worker whose attempt is cut off (timeout, cancel) is detached: its slot is released at once
 * and a replacement starts if work is waiting, so a node that ignores interrupts cannot hold the
 * run.
 */
final class WorkQueue<S> {
  /** How long a cut-off attempt may take to honour its interrupt before it counts as abandoned. */
  static final long ABANDON_GRACE_NANOS = Duration.ofMillis(500).toNanos();

  /** The most tasks queued before workers are started, so a wide step's first attempts start. */
  static final int START_BATCH = 256;

  private final RunLoop<S> run;
  private final CompiledGraph<S> graph;
  private final Events events;
  private final EngineMetrics metrics;
  private final int workerLimit;
  private final ConcurrentLinkedDeque<Task<S>> queue = new ConcurrentLinkedDeque<>();
  private final LinkedTransferQueue<Task<S>> signals = new LinkedTransferQueue<>();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peakRunning = new AtomicInteger();
  private final boolean sequential;
  private final boolean inlinesShortAttempts;
  private final ShortAttempts shortAttempts;
  private int unstarted; // tasks queued since workers were last started; coordinator only
  private boolean inlineShort; // false once an inline attempt of the step ran long (coordinator)

  WorkQueue(RunLoop<S> run, int workerLimit) {
    this.run = run;
    this.graph = run.runner.graph;
    this.events = run.runner.events;
    this.metrics = run.runner.metrics;
    this.workerLimit = workerLimit;
    this.sequential = run.runner.options.sequential();
    this.inlinesShortAttempts = run.runner.inlinesShortAttempts;
    this.shortAttempts = run.runner.shortAttempts;
  }

  void beginStep() {
    peakRunning.set(0);
    inlineShort = true;
  }

  /**
   * Whether an attempt of {@code node} runs on the coordinator; {@link #runInline} runs it. A
   * sequential run does so for an attempt without a time limit. A concurrent run does so for a node
   * whose latest attempt was short ({@link ShortAttempts}), unless an inline attempt of this step
   * ran long, and only with a free worker slot, which it takes so attempts in flight never exceed
   * the limit. Attempts with a limit, and the rest, go to a worker: the coordinator can always stop
   * waiting for those (timeout, cancel) and abandon one that ignores its interrupt.
   */
  boolean runsInline(int node) {
    if (sequential) {
      return graph.timeoutNanos[node] == 0 && run.budgetDeadline == Long.MAX_VALUE;
    }
    if (!inlineShort || !inlinesShortAttempts || !shortAttempts.isShort(node)) {
      return false;
    }
    int n = live.get();
    return n < workerLimit && live.compareAndSet(n, n + 1);
  }

  /** Runs {@code task} on the calling (coordinator) thread, as {@link #runsInline} decided. */
  void runInline(Task<S> task) {
    if (sequential) {
      peakRunning.compareAndSet(0, 1); // nothing else runs: no need to count
    } else {
      startWorkers(); // what is queued already must not wait for this attempt
      peakRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    }
    task.set(Task.RUNNING);
    task.thread = Thread.currentThread();
    metrics.inFlightChanged(1);
    emitStarted(task); // before the clock starts, as on a worker
    task.startNanos = run.runner.timed ? run.time.nanoTime() : 0;
    Context ctx = context(task, Long.MAX_VALUE);
    Attempt.run(
        graph.nodes[task.node],
        ctx,
        graph.dynamicTargets[task.node],
        task,
        run.time,
        run.runner.timed);
    metrics.inFlightChanged(-1);
    task.set(Task.DONE);
    if (!sequential) {
      running.decrementAndGet();
      live.decrementAndGet();
      ensureWorker(); // a task queued while the slot was held may have found no worker
      if (!ShortAttempts.isShort(task.endNanos - task.startNanos)) {
        inlineShort = false; // it ran long after all: the rest of the step goes to workers
      }
    }
  }

  /** Queues {@code task} (at the head for a retry); {@link #startWorkers} gets it a worker. */
  void submit(Task<S> task, boolean atHead) {
    if (atHead) {
      queue.offerFirst(task);
    } else {
      queue.offerLast(task);
    }
    if (++unstarted >= START_BATCH) {
      startWorkers();
    }
  }

  /** Starts a worker for each task queued since the last call, up to the worker limit. */
  void startWorkers() {
    for (; unstarted > 0; unstarted--) {
      if (!ensureWorker()) {
        break;
      }
    }
    unstarted = 0;
  }

  Task<S> awaitSignal(long wakeAtNanos) throws InterruptedException {
    long timeout =
        wakeAtNanos == Long.MAX_VALUE
            ? Long.MAX_VALUE
            : Math.max(0, wakeAtNanos - run.time.nanoTime());
    return run.runner.time.awaitNext(signals, timeout);
  }

  Task<S> pollSignal() {
    return signals.poll();
  }

  /** Cancels a task no worker has taken yet. */
  boolean cancelQueued(Task<S> task) {
    if (!task.compareAndSet(Task.QUEUED, Task.CANCELLED)) {
      return false;
    }
    return true; // workers skip it
  }

  /**
   * Cuts off a running attempt: interrupts it, releases its worker slot and in-flight count, and
   * watches whether it honours the interrupt. False when it already finished (its signal is
   * queued).
   */
  boolean cutOff(Task<S> task, int newState) {
    while (task.get() == Task.STARTING) {
      Thread.onSpinWait(); // a worker is filling in the task; it is about to run
    }
    if (!task.compareAndSet(Task.RUNNING, newState)) {
      return false;
    }
    Thread thread = task.thread;
    thread.interrupt();
    if (thread != Thread.currentThread()) {
      running.decrementAndGet();
      metrics.inFlightChanged(-1);
      live.decrementAndGet();
      if (newState == Task.TIMED_OUT) {
        ensureWorker(); // the step goes on: keep its concurrency
      }
      watchForAbandonment(task);
    }
    return true;
  }

  /** Adds the step's peak of running attempts to the run's statistics. */
  void foldInto(Stats stats) {
    stats.peakInFlight = Math.max(stats.peakInFlight, peakRunning.get());
  }

  /** Starts a worker if one is missing for queued work; false when none is. */
  private boolean ensureWorker() {
    while (true) {
      int n = live.get();
      if (n >= workerLimit || queue.isEmpty()) {
        return false;
      }
      if (live.compareAndSet(n, n + 1)) {
        Thread.ofVirtual().name("weft-worker-" + run.runId).start(this::work);
        return true;
      }
    }
  }

  private void work() {
    while (true) {
      Task<S> task = queue.pollFirst();
      if (task == null) {
        live.decrementAndGet();
        // Re-check after leaving: a task submitted while we were leaving must not be stranded.
        int n = live.get();
        if (queue.isEmpty() || n >= workerLimit || !live.compareAndSet(n, n + 1)) {
          return;
        }
        continue;
      }
      if (!task.compareAndSet(Task.QUEUED, Task.STARTING)) {
        continue; // cancelled while queued
      }
      if (!execute(task)) {
        return; // cut off: the coordinator released this worker's slot
      }
    }
  }

  /** Runs one task on this worker; false when the coordinator cut it off meanwhile. */
  private boolean execute(Task<S> task) {
    emitStarted(task); // before the clock starts: a slow emitter must not eat the node's limit
    long limit = graph.timeoutNanos[task.node];
    boolean bounded = limit != 0 || run.budgetDeadline != Long.MAX_VALUE;
    long now = bounded || run.runner.timed ? run.time.nanoTime() : 0;
    TimeoutSource source = graph.timeoutSource[task.node];
    if (run.budgetDeadline != Long.MAX_VALUE) {
      long left = Math.max(0, run.budgetDeadline - now);
      if (limit == 0 || left < limit) {
        limit = Math.max(1, left);
        source = TimeoutSource.RUN_BUDGET;
      }
    }
    task.thread = Thread.currentThread();
    task.startNanos = now;
    task.limitNanos = limit;
    task.source = source;
    task.deadlineNanos = limit == 0 ? Long.MAX_VALUE : Durations.saturatingAdd(now, limit);
    int r = running.incrementAndGet();
    peakRunning.accumulateAndGet(r, Math::max);
    metrics.inFlightChanged(1);
    task.set(Task.RUNNING);
    if (task.deadlineNanos != Long.MAX_VALUE) {
      signals.add(task); // "started": the coordinator tracks its deadline from here
    }
    Context ctx = context(task, task.deadlineNanos);
    // A bounded attempt always records its end, so a result produced past the deadline is refused.
    Attempt.run(
        graph.nodes[task.node],
        ctx,
        graph.dynamicTargets[task.node],
        task,
        run.time,
        run.runner.timed || bounded);
    if (!task.compareAndSet(Task.RUNNING, Task.DONE)) {
      Thread.interrupted();
      return false;
    }
    running.decrementAndGet();
    metrics.inFlightChanged(-1);
    Thread.interrupted(); // a node's stray interrupt must not leak into the next task
    signals.add(task);
    return true;
  }

  private void emitStarted(Task<S> task) {
    if (events.wants(EventType.NODE_STARTED)) {
      Activation<S> a = task.activation;
      events.emit(
          run.runId,
          run.step,
          a.nodeId(),
          EventType.NODE_STARTED,
          task.attempt,
          Map.of("orderKey", Long.toHexString(a.orderKey())));
    }
  }

  private Context context(Task<S> task, long deadline) {
    Activation<S> a = task.activation;
    return new Context(run, run.step, a.nodeId(), task.attempt, a.orderKey(), deadline);
  }

  private void watchForAbandonment(Task<S> task) {
    Thread t = task.thread;
    String runId = run.runId;
    long step = run.step;
    String nodeId = task.activation.nodeId();
    int attempt = task.attempt;
    NodeMetrics nodeMetrics = run.runner.nodeMetrics[task.node];
    Thread.ofVirtual()
        .name("weft-watchdog-" + runId + "-" + nodeId)
        .start(
            () -> {
              try {
                t.join(Duration.ofNanos(ABANDON_GRACE_NANOS));
              } catch (InterruptedException e) {
                return;
              }
              if (t.isAlive()) {
                nodeMetrics.abandoned();
                events.emit(
                    runId,
                    step,
                    nodeId,
                    EventType.NODE_ABANDONED,
                    attempt,
                    Map.of("graceNanos", ABANDON_GRACE_NANOS));
              }
            });
  }
}
