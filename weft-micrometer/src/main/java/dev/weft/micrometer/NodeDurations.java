package dev.weft.micrometer;

import dev.weft.spi.EngineMetrics;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * Where one graph's attempt durations go: Micrometer timers ({@link TimerDurations}) on any
 * registry, or compact histograms ({@link PrometheusDurations}) on a Prometheus registry.
 *
 * <p>Implementations are thread-safe.
 */
interface NodeDurations {
  /** The attempt outcomes, in the order of {@link #outcomeIndex}: success, error, timeout. */
  List<String> OUTCOMES =
      List.of(EngineMetrics.SUCCESS, EngineMetrics.ERROR, EngineMetrics.TIMEOUT);

  /**
   * The index of {@code outcome} in {@link #OUTCOMES}; anything but success and timeout is an
   * error.
   */
  static int outcomeIndex(String outcome) {
    return switch (outcome) {
      case EngineMetrics.SUCCESS -> 0;
      case EngineMetrics.TIMEOUT -> 2;
      default -> 1;
    };
  }

  /**
   * The recorder of one node's attempts; called once per node. {@code nodeTags} are the node's tags
   * as given; {@code registered} the same as the registry keeps them for another meter of the node,
   * after its meter filters (common tags, for one).
   */
  Recorder forNode(Tags nodeTags, Tags registered);

  /** Records one attempt of a node: its outcome and duration in nanoseconds. */
  @FunctionalInterface
  interface Recorder {
    void record(String outcome, long durationNanos);
  }
}
