package dev.weft.internal;

import dev.weft.TimeoutSource;

/** An attempt running on its own thread; owned by the coordinator, which alone reads and writes it. */
final class InFlight {
  final int index;
  final int attempt;
  final long startNanos;
  final long deadlineNanos;
  final long limitNanos;
  final TimeoutSource source;
  Thread thread;
  /** Set when the coordinator has handled the attempt (finished or timed out); late results are dropped. */
  boolean done;

  InFlight(int index, int attempt, long startNanos, long deadlineNanos, long limitNanos, TimeoutSource source) {
    this.index = index;
    this.attempt = attempt;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
    this.limitNanos = limitNanos;
    this.source = source;
  }
}
