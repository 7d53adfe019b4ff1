package dev.weft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result of a JMH JSON file, with its time converted to nanoseconds.
 *
 * @param benchmark the fully qualified benchmark method
 * @param params JMH parameters, sorted by name
 * @param mode JMH mode ({@code avgt}, {@code ss}, …)
 * @param nanos score (mean of the measurement iterations) in nanoseconds per operation
 * @param medianNanos median of the measurement iterations in nanoseconds per operation
 * @param errorNanos 99.9% half-width of the score in nanoseconds; NaN when JMH could not compute
 *     one (fewer than 3 iterations)
 * @param allocBytes bytes allocated per operation ({@code gc.alloc.rate.norm}), or NaN without
 *     {@code -prof gc}
 * @param jdk the JDK version that ran it
 * @param vm the VM name and version
 */
record Result(
    String benchmark,
    Map<String, String> params,
    String mode,
    double nanos,
    double medianNanos,
    double errorNanos,
    double allocBytes,
    String jdk,
    String vm) {

  /** {@code Class.method} without the package. */
  String shortName() {
    int last = benchmark.lastIndexOf('.');
    int previous = last < 0 ? -1 : benchmark.lastIndexOf('.', last - 1);
    return previous < 0 ? benchmark : benchmark.substring(previous + 1);
  }

  /** The simple class name of the benchmark. */
  String className() {
    return shortName().substring(0, shortName().indexOf('.'));
  }

  /** Identifies the same workload across runs: the short name and every parameter. */
  String key() {
    return shortName() + (params.isEmpty() ? "" : " " + params);
  }

  /** Steps per operation (the {@code steps} parameter), or 0 when per-step figures do not apply. */
  int steps() {
    String s = params.get("steps");
    return s == null ? 0 : Integer.parseInt(s);
  }

  /** This result with one parameter changed (to find a related result). */
  String keyWith(String param, String value) {
    Map<String, String> p = new TreeMap<>(params);
    p.put(param, value);
    return shortName() + " " + p;
  }

  /** Reads every result of a JMH JSON result file ({@code -rf json}). */
  static List<Result> read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /** Parses the text of a JMH JSON result file. */
  @SuppressWarnings("unchecked")
  static List<Result> parse(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof List<?> entries)) {
      throw new IllegalArgumentException("not a JMH result file: the top level is not an array");
    }
    List<Result> results = new ArrayList<>();
    for (Object entry : entries) {
      Map<String, Object> e = (Map<String, Object>) entry;
      Map<String, Object> primary = (Map<String, Object>) e.get("primaryMetric");
      String unit = (String) primary.get("scoreUnit");
      double perNano = nanosPer(unit);
      Map<String, String> params = new TreeMap<>();
      Object p = e.get("params");
      if (p instanceof Map<?, ?> map) {
        map.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
      }
      double alloc = Double.NaN;
      Object secondary = e.get("secondaryMetrics");
      if (secondary instanceof Map<?, ?> metrics) {
        for (Map.Entry<?, ?> m : metrics.entrySet()) {
          // Older JMH versions prefix secondary metric names with a middle dot.
          String name = ((String) m.getKey()).replace("\u00b7", "");
          if (name.equals("gc.alloc.rate.norm")) {
            alloc = number(((Map<String, Object>) m.getValue()).get("score"));
          }
        }
      }
      double error = number(primary.get("scoreError"));
      double score = number(primary.get("score"));
      double median = score;
      if (primary.get("scorePercentiles") instanceof Map<?, ?> percentiles
          && percentiles.get("50.0") != null) {
        median = number(percentiles.get("50.0"));
      }
      results.add(
          new Result(
              (String) e.get("benchmark"),
              params,
              String.valueOf(e.get("mode")),
              score * perNano,
              median * perNano,
              error * perNano,
              alloc,
              String.valueOf(e.get("jdkVersion")),
              e.get("vmName") + " " + e.get("vmVersion")));
    }
    return results;
  }

  /** Nanoseconds in one unit of a JMH time-per-operation unit such as {@code us/op}. */
  static double nanosPer(String unit) {
    return switch (unit) {
      case "ns/op" -> 1;
      case "us/op" -> 1e3;
      case "ms/op" -> 1e6;
      case "s/op" -> 1e9;
      default ->
          throw new IllegalArgumentException(
              "unsupported score unit '"
                  + unit
                  + "'; run benchmarks in a time-per-operation mode (avgt, ss, sample)");
    };
  }

  private static double number(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof String s) {
      return Double.parseDouble(s); // JMH writes "NaN" as a string
    }
    return Double.NaN;
  }
}
