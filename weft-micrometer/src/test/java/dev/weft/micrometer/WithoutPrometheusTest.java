package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.spi.EngineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus registry is an optional dependency: without its jars on the class path, metrics on
 * another registry work, and nothing loads a Prometheus class.
 */
class WithoutPrometheusTest {
  @Test
  void metricsOnAnotherRegistryNeedNoPrometheusClass() throws Exception {
    try (URLClassLoader isolated = new URLClassLoader(jarsButPrometheus(), platform())) {
      assertThatThrownBy(
              () -> isolated.loadClass("io.micrometer.prometheusmetrics.PrometheusMeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);

      @SuppressWarnings("unchecked")
      Supplier<Double> check =
          (Supplier<Double>)
              isolated
                  .loadClass(RecordOnSimpleRegistry.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();

      assertThat(check.get()).isEqualTo(2.0);
    }
  }

  /** Loaded in the isolated class loader: records a 2 ms attempt on a simple registry. */
  public static final class RecordOnSimpleRegistry implements Supplier<Double> {
    @Override
    public Double get() {
      MeterRegistry registry = new SimpleMeterRegistry();
      MicrometerMetrics metrics = MicrometerMetrics.of(registry, "g");
      metrics.nodeFinished("work", EngineMetrics.SUCCESS, 2_000_000);
      return registry
          .get("weft.node.duration")
          .tags("node", "work", "outcome", EngineMetrics.SUCCESS)
          .timer()
          .totalTime(TimeUnit.MILLISECONDS);
    }
  }

  /** Where the classes this test needs come from: weft, Micrometer and its own dependencies. */
  private static URL[] jarsButPrometheus() throws ClassNotFoundException {
    List<Class<?>> from =
        List.of(
            WithoutPrometheusTest.class, // test classes
            MicrometerMetrics.class,
            EngineMetrics.class,
            MeterRegistry.class,
            Class.forName("io.micrometer.common.KeyValue"), // micrometer-commons
            Class.forName("io.micrometer.observation.Observation"),
            Class.forName("org.HdrHistogram.Histogram"));
    return from.stream()
        .map(c -> c.getProtectionDomain().getCodeSource().getLocation())
        .peek(url -> assertThat(url.toString()).doesNotContain("prometheus"))
        .distinct()
        .toArray(URL[]::new);
  }

  private static ClassLoader platform() {
    return ClassLoader.getPlatformClassLoader();
  }
}
