package dev.weft.internal;

import java.util.PriorityQueue;

/**
 * The running attempts of a step that have a time limit, earliest deadline first. An attempt is
 * tracked once its worker reports it running (its deadline is known only then) and skipped once the
 * coordinator has handled it, so nothing needs removing from the middle of the queue.
 *
 * <p>Coordinator thread only.
 *
 * @param <S> the state type
 */
final class Deadlines<S> {
  private PriorityQueue<Task<S>> queue; // created when a run first has an attempt with a limit

  /** Tracks a running attempt with a deadline; a task is tracked at most once. */
  void track(Task<S> task) {
    if (task.deadlineTracked || task.deadlineNanos == Long.MAX_VALUE) {
      return;
    }
    task.deadlineTracked = true;
    if (queue == null) {
      queue = new PriorityQueue<>((x, y) -> Long.compare(x.deadlineNanos, y.deadlineNanos));
    }
    queue.add(task);
  }

  /** The earliest deadline of an attempt not yet handled, {@link Long#MAX_VALUE} when none. */
  long next() {
    if (queue == null) {
      return Long.MAX_VALUE;
    }
    while (!queue.isEmpty() && queue.peek().handled) {
      queue.poll();
    }
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().deadlineNanos;
  }

  /** The next unhandled attempt whose deadline is at or before {@code now}, or null. */
  Task<S> pollExpired(long now) {
    while (next() <= now) {
      Task<S> t = queue.poll();
      if (!t.handled) {
        return t;
      }
    }
    return null;
  }

  void clear() {
    if (queue != null) {
      queue.clear();
    }
  }
}
