package dev.weft.internal;

import dev.weft.NodeResult;
import dev.weft.TimeoutSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt of one activation on its way through the work queue. Its int value is its state, and
 * compare-and-set decides who owns the outcome: the worker that finishes it ({@link #DONE}) or the
 * coordinator that cuts it off ({@link #TIMED_OUT}, {@link #CANCELLED}). The loser drops its side,
 * so a late result is never merged and a slot is never released twice. (Extending AtomicInteger
 * saves an object per attempt on the hot path.)
 *
 * <p>State transitions, and the thread that makes each one:
 *
 * <pre>
 *   QUEUED ─worker takes it─▶ STARTING ─worker fills in the timing─▶ RUNNING ─worker─▶ DONE
 *     │                                                                │
 *     └─coordinator withdraws it─▶ CANCELLED      coordinator cuts it off─▶ TIMED_OUT | CANCELLED
 * </pre>
 *
 * An inline attempt (sequential without a limit, or a short attempt of a concurrent run) goes
 * QUEUED → RUNNING → DONE on the coordinator. DONE, TIMED_OUT and CANCELLED are final. The
 * coordinator never cuts off a STARTING task (it waits the few instructions until RUNNING), so a
 * deadline is always known when a task can time out.
 */
@SuppressWarnings("serial")
final class Task<S> extends AtomicInteger {
  static final int QUEUED = 0;
  static final int STARTING = 1;
  static final int RUNNING = 2;
  static final int DONE = 3;
  static final int TIMED_OUT = 4;
  static final int CANCELLED = 5;

  final dev.weft.spi.Activation<S> activation;
  final int index;
  final int attempt;
  final int node;
  final S input;

  // Written by the worker before it publishes the task through the signal queue.
  volatile Thread thread;
  long startNanos;
  long deadlineNanos = Long.MAX_VALUE;
  long limitNanos;
  TimeoutSource source;
  NodeResult<S> result;
  Throwable failure;
  long endNanos;

  // Coordinator-only: whether the coordinator has taken this attempt's end into account.
  boolean handled;
  boolean deadlineTracked;

  Task(dev.weft.spi.Activation<S> activation, int index, int attempt, int node, S input) {
    super(QUEUED);
    this.activation = activation;
    this.index = index;
    this.attempt = attempt;
    this.node = node;
    this.input = input;
  }
}
