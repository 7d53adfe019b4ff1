package dev.weft.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
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
    Timer[] byOutcome =
        OUTCOMES.stream()
            .map(
                outcome ->
                    MicrometerMetrics.timer(
                        registry, "weft.node.duration", help, nodeTags.and("outcome", outcome)))
            .toArray(Timer[]::new);
    return (outcome, nanos) ->
        byOutcome[NodeDurations.outcomeIndex(outcome)].record(nanos, TimeUnit.NANOSECONDS);
  }
}
