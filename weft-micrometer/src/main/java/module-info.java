/**
 * Weft's engine metrics on Micrometer: {@link dev.weft.micrometer.MicrometerMetrics} implements
 * {@code dev.weft.spi.EngineMetrics} on any {@code MeterRegistry} (Prometheus names {@code
 * weft_*}).
 */
@SuppressWarnings({
  "requires-automatic",
  "requires-transitive-automatic"
}) // the library jar has no module descriptor, only a stable name
module dev.weft.micrometer {
  requires transitive dev.weft;
  requires transitive micrometer.core; // in the public API
  // optional: used only when the registry is a PrometheusMeterRegistry
  requires static micrometer.registry.prometheus;
  requires static io.prometheus.metrics.model;

  exports dev.weft.micrometer;
}
