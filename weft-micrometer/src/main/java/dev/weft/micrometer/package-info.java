/**
 * Weft metrics on Micrometer. Build a {@link dev.weft.micrometer.MicrometerMetrics} for a graph on
 * any {@code MeterRegistry} and pass it to {@code Engine.Builder.metrics}; with the Prometheus
 * registry the meters are exposed as {@code weft_node_duration_seconds}, {@code weft_runs_total}
 * and the rest of the catalogue in docs/observability.md.
 */
package dev.weft.micrometer;
