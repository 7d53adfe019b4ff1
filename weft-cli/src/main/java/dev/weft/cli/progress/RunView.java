package dev.weft.cli.progress;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What the display knows of one run while it executes, fed by events. Thread-safe. */
public final class RunView {
  /** Where a run stands for the display. */
  public enum Phase {
    STARTING,
    RUNNING,
    COMPLETED,
    PAUSED,
    FAILED,
    CANCELLED
  }

  final String runId;
  final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
  final AtomicLong step = new AtomicLong();
  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder attempts = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final long startNanos = System.nanoTime();
  final AtomicLong endNanos = new AtomicLong();
  final AtomicReference<String> detail = new AtomicReference<>("");

  RunView(String runId) {
    this.runId = runId;
  }

  /** The run's id. */
  public String runId() {
    return runId;
  }

  /** Where it stands. */
  public Phase phase() {
    return phase.get();
  }

  /** Steps committed. */
  public long step() {
    return step.get();
  }

  /** Time since the command started tracking it, or until it ended. */
  public long elapsedNanos() {
    long end = endNanos.get();
    return (end == 0 ? System.nanoTime() : end) - startNanos;
  }

  void end(Phase p, String why) {
    phase.set(p);
    detail.set(why == null ? "" : why);
    endNanos.compareAndSet(0, System.nanoTime());
  }
}
