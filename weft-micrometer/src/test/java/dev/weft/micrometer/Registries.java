package dev.weft.micrometer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Registries for tests. */
final class Registries {
  private Registries() {}

  /**
   * A Prometheus registry on which a meter that cannot be registered (for example another
   * Micrometer name that maps to the same Prometheus name) is an error, not a silently missing
   * meter.
   */
  static PrometheusMeterRegistry strictPrometheus() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
        .throwExceptionOnRegistrationFailure();
  }
}
