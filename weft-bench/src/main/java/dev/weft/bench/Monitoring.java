package dev.weft.bench;

import dev.weft.Options;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;

/**
 * The levels of the monitoring-overhead benchmarks. All use the same queue and worker settings, so
 * they schedule identically; only what is recorded differs.
 *
 * <ul>
 *   <li>{@code off}: {@link EngineMetrics#none()} and no backpressure timeout.
 *   <li>{@code on}: backpressure monitoring, {@link BackpressureMetrics} (queue depth, in-flight,
 *       backpressure events and waits into {@code LongAdder}s).
 *   <li>{@code full}: {@link CountingMetrics}, every metric including node durations (two clock
 *       reads per attempt).
 *   <li>{@code timeout}: no metrics, but a backpressure timeout of one minute, which arms the
 *       timeout watch and never fires: the cost of enforcement, not of monitoring.
 * </ul>
 */
final class Monitoring {
  private Monitoring() {}

  /** Workers for the concurrent side. */
  static final int WORKERS = 16;

  /** A queue smaller than the fan-out so that the coordinator really meets backpressure. */
  static final int QUEUE_DEPTH = 8;

  /** Whether the level arms a backpressure timeout. */
  static boolean armsTimeout(String monitoring) {
    return switch (monitoring) {
      case "timeout" -> true;
      case "off", "on", "full" -> false;
      default ->
          throw new IllegalArgumentException(
              "monitoring must be off, on, full or timeout, was " + monitoring);
    };
  }

  static Options options(boolean timeout, boolean sequential) {
    Options.Builder b =
        Options.builder().maxConcurrentNodes(sequential ? 0 : WORKERS).queueDepth(QUEUE_DEPTH);
    if (!sequential) {
      // A limit (never reached) keeps every attempt on a worker, so the queue fills and the
      // coordinator waits; without one, a warm engine would run these empty nodes inline.
      b.defaultNodeTimeout(Duration.ofMinutes(1));
    }
    if (timeout) {
      b.backpressureTimeout(Duration.ofMinutes(1));
    }
    return b.build();
  }

  static EngineMetrics metrics(String monitoring) {
    return switch (monitoring) {
      case "full" -> new CountingMetrics();
      case "on" -> new BackpressureMetrics();
      default -> EngineMetrics.none();
    };
  }
}
