package dev.weft.bench;

import dev.weft.Options;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;

/**
 * The two sides of the monitoring-overhead benchmarks. Both use the same queue and worker settings,
 * so they schedule identically; only what is recorded differs.
 *
 * <ul>
 *   <li>{@code off}: {@link EngineMetrics#none()} and no backpressure timeout.
 *   <li>{@code on}: {@link CountingMetrics} (every metric into a {@code LongAdder}) and a
 *       backpressure timeout of one minute, which arms the timeout watch but never fires.
 * </ul>
 */
final class Monitoring {
  private Monitoring() {}

  /** Workers for the concurrent side. */
  static final int WORKERS = 16;

  /** A queue smaller than the fan-out so that the coordinator really meets backpressure. */
  static final int QUEUE_DEPTH = 8;

  static boolean on(String monitoring) {
    return switch (monitoring) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("monitoring must be on or off, was " + monitoring);
    };
  }

  static Options options(boolean on, boolean sequential) {
    Options.Builder b =
        Options.builder().maxConcurrentNodes(sequential ? 0 : WORKERS).queueDepth(QUEUE_DEPTH);
    if (on) {
      b.backpressureTimeout(Duration.ofMinutes(1));
    }
    return b.build();
  }

  static EngineMetrics metrics(boolean on) {
    return on ? new CountingMetrics() : EngineMetrics.none();
  }
}
