package dev.weft.internal;

import dev.weft.spi.Activation;
import dev.weft.spi.ActivationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one step has done so far: each activation's result or terminal failure, the attempt it
 * starts with next, its latest queued task, and which activations are still to be admitted. It is
 * what a stopped step saves ({@link #frontierToSave}, {@link #completed}) and what a finished one
 * returns ({@link #results}).
 *
 * <p>Coordinator thread only. One per run; {@link #begin} resets it for the next step and reuses
 * its arrays while the frontier size stays the same.
 *
 * @param <S> the state type
 */
final class StepProgress<S> {
  private List<Activation<S>> frontier;
  private ActivationResult<S>[] results;
  private RuntimeException[] failures; // created on the first terminal failure
  private int[] attempt; // the attempt each activation starts with next
  private Task<S>[] tasks; // the latest queued task of each activation
  private int[] todo; // null means "every activation, in frontier order"
  private int toRun;
  private int cursor; // activations admitted so far
  private int unfinished; // activations not yet succeeded, failed for good or deferred to resume

  /**
   * Starts a step: activations found in {@code carried} are done already; those saved with a retry
   * pending ({@code firstAttempt > 1}) wait for {@link Retries}; the others are to be admitted.
   */
  @SuppressWarnings("unchecked")
  void begin(List<Activation<S>> frontier, List<ActivationResult<S>> carried) {
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
        retrying++;
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
  }

  private static <S> ActivationResult<S> find(List<ActivationResult<S>> carried, Activation<S> a) {
    for (ActivationResult<S> r : carried) {
      if (r.orderKey() == a.orderKey() && r.nodeId().equals(a.nodeId())) {
        return r;
      }
    }
    return null;
  }

  int size() {
    return frontier.size();
  }

  Activation<S> activation(int index) {
    return frontier.get(index);
  }

  /** Whether activation {@code index} was saved with a retry pending and has no result yet. */
  boolean resumesWithRetry(int index) {
    return frontier.get(index).firstAttempt() > 1 && results[index] == null;
  }

  int attempt(int index) {
    return attempt[index];
  }

  /** Whether activations remain to be admitted for the first time. */
  boolean hasNext() {
    return cursor < toRun;
  }

  /** The node of the next activation to admit (call only when {@link #hasNext}). */
  String nextNodeId() {
    return frontier.get(todoAt(cursor)).nodeId();
  }

  /** The next activation to admit, or -1 when none is left. */
  int next() {
    return cursor < toRun ? todoAt(cursor++) : -1;
  }

  private int todoAt(int position) {
    return todo == null ? position : todo[position];
  }

  /** Activations still to succeed or fail for good in this step. */
  int unfinished() {
    return unfinished;
  }

  void queued(Task<S> task) {
    tasks[task.index] = task;
  }

  /** The latest queued task of each activation (null slots included); do not modify. */
  Task<S>[] tasks() {
    return tasks;
  }

  /** Activation {@code index} succeeded. */
  void succeeded(int index, ActivationResult<S> result) {
    if (results[index] != null) {
      throw new IllegalStateException("activation " + index + " succeeded twice");
    }
    results[index] = result;
    unfinished--;
  }

  /** A cut-off task had completed: its result is kept so resume does not run it again. */
  void keep(int index, ActivationResult<S> result) {
    results[index] = result;
  }

  /** Attempt {@code failed} of activation {@code index} will be followed by another. */
  void retrying(int index, int failed) {
    attempt[index] = failed + 1;
  }

  /** The next attempt of activation {@code index} runs on resume, not in this step. */
  void deferred(int index, int failed) {
    attempt[index] = failed + 1;
    unfinished--;
  }

  /** Activation {@code index} failed for good with {@code terminal}. */
  void failed(int index, RuntimeException terminal) {
    if (failures == null) {
      failures = new RuntimeException[frontier.size()];
    }
    failures[index] = terminal;
    attempt[index] = 1; // a fixed node gets a fresh set of attempts on resume
    unfinished--;
  }

  /**
   * What the step fails with: {@code stop} if given, else the terminal failure with the smallest
   * order key; the step's other failures attached as suppressed, in order-key order. Null when the
   * step succeeded.
   */
  RuntimeException error(RuntimeException stop) {
    RuntimeException error = stop;
    for (int i = 0; failures != null && i < failures.length; i++) {
      RuntimeException f = failures[i];
      if (f == null) {
        continue;
      }
      if (error == null) {
        error = f;
      } else {
        error.addSuppressed(f);
      }
    }
    return error;
  }

  /** Results in order-key order, valid until the next {@link #begin}. */
  ActivationResult<S>[] results() {
    return results;
  }

  /** The step's frontier with each unfinished activation at the attempt it will start with. */
  List<Activation<S>> frontierToSave() {
    List<Activation<S>> out = new ArrayList<>(frontier.size());
    for (int i = 0; i < frontier.size(); i++) {
      Activation<S> a = frontier.get(i);
      out.add(a.firstAttempt() == attempt[i] ? a : a.atAttempt(attempt[i]));
    }
    return out;
  }

  /** The results so far, to carry into the saved checkpoint. */
  List<ActivationResult<S>> completed() {
    List<ActivationResult<S>> done = new ArrayList<>();
    for (ActivationResult<S> r : results) {
      if (r != null) {
        done.add(r);
      }
    }
    return done;
  }
}
