package dev.weft.micrometer;

import dev.weft.spi.EngineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Attempt durations as Micrometer timers {@code weft.node.duration}, one per node and outcome, with
 * the buckets of {@link MicrometerMetrics#BUCKETS}: what any registry can publish.
 *
 * <p>Thread-safe.
 */
final class TimerDurations implements NodeDurations {
  private final MeterRegistry registry;
  private final String help;

  TimerDurations(MeterRegistry registry, String help) {
    this.registry = registry;
    this.help = help;
  }

  @Override
  public Recorder forNode(Tags nodeTags, Tags registered) {
    Timer success = timer(nodeTags, EngineMetrics.SUCCESS);
    Timer error = timer(nodeTags, EngineMetrics.ERROR);
    Timer timeout = timer(nodeTags, EngineMetrics.TIMEOUT);
    return (outcome, nanos) -> {
      Timer t =
          switch (outcome) {
            case EngineMetrics.SUCCESS -> success;
            case EngineMetrics.TIMEOUT -> timeout;
            default -> error;
          };
      t.record(nanos, TimeUnit.NANOSECONDS);
    };
  }

  private Timer timer(Tags nodeTags, String outcome) {
    return Timer.builder("weft.node.duration")
        .description(help)
        .tags(nodeTags.and("outcome", outcome))
        .serviceLevelObjectives(MicrometerMetrics.BUCKETS.toArray(Duration[]::new))
        .register(registry);
  }
}
