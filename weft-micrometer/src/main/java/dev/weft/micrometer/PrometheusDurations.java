package dev.weft.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One graph's {@code weft_node_duration_seconds} on a Prometheus registry: each node's {@link
 * AttemptHistogram}, exposed through the registry's collector API as a classic histogram with the
 * buckets of {@link MicrometerMetrics#BUCKETS}. Several graphs on one registry each add a
 * collector; the scrape merges their series into one metric family.
 *
 * <p>Thread-safe. Only loaded when the registry is a {@code PrometheusMeterRegistry}, so the
 * Prometheus libraries stay optional for other registries.
 */
final class PrometheusDurations implements NodeDurations, MultiCollector {
  private static final String NAME = "weft_node_duration_seconds";

  private static final double[] BOUNDS = AttemptHistogram.boundsSeconds();

  private final String help;
  private final MeterRegistry registry;

  /** Appended once per node, when the node's meters are created; read by scrapes. */
  private final List<Series> nodes = new CopyOnWriteArrayList<>();

  /** A node's histogram and the labels of its series, but for {@code outcome}. */
  private record Series(Labels labels, AttemptHistogram histogram) {}

  private PrometheusDurations(MeterRegistry registry, String help) {
    this.registry = registry;
    this.help = help;
  }

  /** Adds a collector for one graph to {@code registry}, a {@code PrometheusMeterRegistry}. */
  static NodeDurations register(MeterRegistry registry, String help) {
    PrometheusDurations durations = new PrometheusDurations(registry, help);
    ((PrometheusMeterRegistry) registry).getPrometheusRegistry().register(durations);
    return durations;
  }

  /** Labels the node's series with the tags as registered, so common tags are on them too. */
  @Override
  public Recorder forNode(Tags nodeTags, Tags registered) {
    AttemptHistogram histogram = new AttemptHistogram();
    Labels.Builder labels = Labels.builder();
    for (Tag tag : registered) {
      labels.label(registry.config().namingConvention().tagKey(tag.getKey()), tag.getValue());
    }
    nodes.add(new Series(labels.build(), histogram));
    return histogram;
  }

  @Override
  public MetricSnapshots collect() {
    HistogramSnapshot.Builder family =
        HistogramSnapshot.builder().name(NAME).help(help).unit(Unit.SECONDS);
    for (Series s : nodes) {
      for (int o = 0; o < OUTCOMES.size(); o++) {
        family.dataPoint(
            HistogramDataPointSnapshot.builder()
                .labels(s.labels().add("outcome", OUTCOMES.get(o)))
                .classicHistogramBuckets(
                    ClassicHistogramBuckets.of(BOUNDS, s.histogram().counts(o)))
                .sum(s.histogram().sumSeconds(o))
                .build());
      }
    }
    return MetricSnapshots.of(family.build());
  }
}
