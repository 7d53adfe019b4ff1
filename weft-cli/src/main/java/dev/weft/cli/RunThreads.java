package dev.weft.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runs of one command, each on its own virtual thread, and what Ctrl-C does to them: SIGINT
 * starts the JVM's shutdown, whose hook interrupts every run (the engine then checkpoints it as
 * cancelled, resumable) and waits until the command has reported them; the JVM then exits with 130.
 */
final class RunThreads {
  private static final long GRACE_SECONDS = 10;

  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final CountDownLatch reported = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onShutdown, "weft-sigint");

  RunThreads() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  void start(Runnable run) {
    Thread t = Thread.ofVirtual().name("weft-run").start(run);
    synchronized (threads) {
      threads.add(t);
    }
  }

  /** Waits for every run to end (also when interrupted: the hook interrupts them). */
  void joinAll() {
    for (Thread t : snapshot()) {
      boolean done = false;
      while (!done) {
        try {
          t.join();
          done = true;
        } catch (InterruptedException e) {
          t.interrupt();
        }
      }
    }
  }

  /** Whether Ctrl-C (or SIGTERM) ended the runs. */
  boolean interrupted() {
    return interrupted.get();
  }

  /**
   * Called once the runs are reported: lets an interrupted JVM exit, or removes the hook of a
   * command that ended by itself.
   */
  void done() {
    reported.countDown();
    if (!interrupted.get()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook will find the latch open
      }
    }
  }

  private List<Thread> snapshot() {
    synchronized (threads) {
      return List.copyOf(threads);
    }
  }

  private void onShutdown() {
    interrupted.set(true);
    for (Thread t : snapshot()) {
      t.interrupt();
    }
    try {
      reported.await(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
