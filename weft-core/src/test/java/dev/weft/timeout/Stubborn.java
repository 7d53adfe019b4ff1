package dev.weft.timeout;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Node bodies that ignore interrupts until the test releases them, so a test can prove the engine
 * does not wait for them and then stop them so no thread outlives the test.
 */
final class Stubborn implements AutoCloseable {
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicInteger running = new AtomicInteger();

  /** Spins on the CPU, never blocking, until released. Pins its carrier thread meanwhile. */
  void busyLoop() {
    running.incrementAndGet();
    try {
      long spins = 0;
      while (!released.get()) {
        spins++;
        Thread.onSpinWait();
      }
      if (spins < 0) {
        throw new AssertionError(); // keeps the loop from being optimised away
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /** Sleeps in a loop, swallowing every interrupt, until released. */
  void swallowInterrupts() {
    running.incrementAndGet();
    try {
      while (!released.get()) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException ignored) {
          // deliberately ignored: this node does not cooperate
        }
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /** Sleeps {@code millis} whatever happens: interrupts are swallowed, the time is served. */
  static void sleepUninterruptibly(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    boolean interrupted = false;
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many stubborn bodies are still running. */
  int running() {
    return running.get();
  }

  /** Lets every stubborn body return. */
  @Override
  public void close() {
    released.set(true);
  }
}
