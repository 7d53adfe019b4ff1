package dev.weft.internal;

import dev.weft.RunStats;
import java.time.Duration;

/** Mutable counters of one run, written by its coordinator only. */
final class Stats {
  long steps;
  long activations;
  long attempts;
  long retries;
  long timeouts;
  long enqueued;
  long dequeued;
  long backpressureEvents;
  long backpressureWaitNanos;
  int peakQueueDepth;
  int peakInFlight;

  RunStats snapshot() {
    return new RunStats(
        steps,
        activations,
        attempts,
        retries,
        timeouts,
        enqueued,
        dequeued,
        backpressureEvents,
        Duration.ofNanos(backpressureWaitNanos),
        peakQueueDepth,
        peakInFlight);
  }
}
