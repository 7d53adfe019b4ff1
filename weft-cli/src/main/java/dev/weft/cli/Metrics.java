package dev.weft.cli;

import dev.weft.cli.demo.ResearchPipeline;
import dev.weft.micrometer.MicrometerMetrics;
import dev.weft.spi.EngineMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The engine metrics {@code weft serve} exposes on /metrics: weft-micrometer's {@code weft_*}
 * meters on a Prometheus registry, for the demo graph (tag {@code graph="research"}).
 */
final class Metrics {
  /** The value of the {@code graph} tag. */
  static final String GRAPH = "research";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerMetrics engineMetrics =
      MicrometerMetrics.builder(registry, GRAPH).nodes(ResearchPipeline.graph().nodeIds()).build();

  EngineMetrics engineMetrics() {
    return engineMetrics;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  String scrape() {
    return registry.scrape();
  }
}
