package dev.weft.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The one way a run moves onto a virtual thread of its own, named {@code weft-coordinator-<runId>}:
 * for {@code Engine.runAsync} and friends, and for a concurrent run called from a platform thread
 * (workers wake a virtual coordinator far more cheaply than a platform one). Interrupting it is how
 * the run is cancelled; the run still saves its progress before the outcome completes.
 *
 * <p>Thread-safety: {@link #interrupt} and {@link #outcome} may be called from any thread; {@link
 * #join} by the thread that waits for the run.
 *
 * @param <T> what the run returns
 */
public final class CoordinatorThread<T> {
  private final Thread thread;
  private final CompletableFuture<T> outcome;

  private CoordinatorThread(String runId, Supplier<T> body, CompletableFuture<T> outcome) {
    this.outcome = outcome;
    this.thread =
        Thread.ofVirtual()
            .name("weft-coordinator-" + runId)
            .unstarted(
                () -> {
                  try {
                    outcome.complete(body.get());
                  } catch (Throwable t) {
                    outcome.completeExceptionally(t);
                  }
                });
  }

  /** Starts {@code body} on a new virtual thread. */
  public static <T> CoordinatorThread<T> start(String runId, Supplier<T> body) {
    return start(runId, body, new CompletableFuture<>());
  }

  /** Starts {@code body} on a new virtual thread; it completes {@code outcome} when done. */
  public static <T> CoordinatorThread<T> start(
      String runId, Supplier<T> body, CompletableFuture<T> outcome) {
    CoordinatorThread<T> c = new CoordinatorThread<>(runId, body, outcome);
    c.thread.start();
    return c;
  }

  /** Asks the run to stop: the coordinator sees the interrupt, saves and fails the run. */
  public void interrupt() {
    thread.interrupt();
  }

  /** Completes with the run's result or failure once the coordinator is done. */
  public CompletableFuture<T> outcome() {
    return outcome;
  }

  /**
   * Waits for the run and returns or rethrows its outcome. An interrupt of the waiting thread is
   * passed on to the coordinator (cancelling the run), the wait goes on until the run has saved,
   * and the interrupt flag is restored.
   */
  public T join() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return outcome.get();
        } catch (InterruptedException e) {
          interrupted = true;
          thread.interrupt();
        } catch (ExecutionException e) {
          Throwable t = e.getCause();
          if (t instanceof RuntimeException re) {
            throw re;
          }
          if (t instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(t);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
