package dev.weft.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table and the regression guard, on small hand-written JMH result files. */
class ReportTest {

  /**
   * One JMH result entry as {@code -rf json} writes it (trimmed to the fields the report reads).
   */
  static String entry(
      String benchmark, String params, double score, Object error, String unit, double alloc) {
    return entry(benchmark, params, score, score, error, unit, alloc);
  }

  static String entry(
      String benchmark,
      String params,
      double score,
      double median,
      Object error,
      String unit,
      double alloc) {
    String err = error instanceof String s ? "\"" + s + "\"" : String.valueOf(error);
    return """
        {
          "jmhVersion" : "1.37",
          "benchmark" : "dev.weft.bench.%s",
          "mode" : "avgt",
          "threads" : 1,
          "forks" : 1,
          "jvmArgs" : [ "-Xms1g", "-Xmx1g" ],
          "jdkVersion" : "25",
          "vmName" : "OpenJDK 64-Bit Server VM",
          "vmVersion" : "25+36-LTS",
          "params" : { %s },
          "primaryMetric" : {
            "score" : %s,
            "scoreError" : %s,
            "scoreConfidence" : [ 0.0, 1.0 ],
            "scorePercentiles" : { "0.0" : 0.5, "50.0" : %s, "100.0" : 1.0E9 },
            "scoreUnit" : "%s",
            "rawData" : [ [ 1.0, 2.0, 3.0 ] ]
          },
          "secondaryMetrics" : {
            "gc.alloc.rate" : { "score" : 1000.0, "scoreError" : 1.0, "scoreUnit" : "MB/sec" },
            "gc.alloc.rate.norm" : { "score" : %s, "scoreError" : 0.1, "scoreUnit" : "B/op" }
          }
        }"""
        .formatted(benchmark, params, score, err, median, unit, alloc);
  }

  static String file(String... entries) {
    return "[\n" + String.join(",\n", entries) + "\n]\n";
  }

  static final String RUN =
      file(
          entry("W1Chain.noCheckpoints", "\"steps\" : \"1000\"", 150.0, 3.0, "us/op", 280000),
          entry("B0Chain.run", "\"steps\" : \"1000\"", 5.0, 0.1, "us/op", 24000),
          entry("L2ShortChain.run", "", 1.3, 1.2, "NaN", "us/op", 900),
          entry("W4SlowBranches.run", "\"width\" : \"50\"", 21.5, 0.4, "ms/op", 150000),
          entry("MonitoringFanOut.run", "\"monitoring\" : \"off\"", 100.0, 1.0, "us/op", 50000),
          entry("MonitoringFanOut.run", "\"monitoring\" : \"on\"", 100.5, 1.0, "us/op", 50000));

  @Test
  void parsesScoresIntoNanosAndAllocation() {
    List<Result> results = Result.parse(RUN);
    assertThat(results).hasSize(6);
    Result w1 = results.getFirst();
    assertThat(w1.shortName()).isEqualTo("W1Chain.noCheckpoints");
    assertThat(w1.params()).isEqualTo(Map.of("steps", "1000"));
    assertThat(w1.nanos()).isEqualTo(150_000.0);
    assertThat(w1.errorNanos()).isEqualTo(3_000.0);
    assertThat(w1.allocBytes()).isEqualTo(280_000.0);
    assertThat(w1.steps()).isEqualTo(1000);
    assertThat(results.get(2).errorNanos()).isNaN(); // "NaN" error: too few iterations
    assertThat(results.get(2).nanos()).isEqualTo(1300.0);
    assertThat(results.get(2).medianNanos()).isEqualTo(1200.0);
    assertThat(results.get(3).nanos()).isEqualTo(21_500_000.0);
  }

  @Test
  void tableHasPerStepFiguresAndRatios() {
    String table = Table.render(Result.parse(RUN), null);
    assertThat(table.lines().count()).isEqualTo(2 + 6);
    assertThat(table)
        .contains(
            "| W1Chain.noCheckpoints ×1000 | 150 ± 3 µs | 150 ns | 273.4 KB | 280 B | 30× B0 |",
            "| L2ShortChain | 1.20 ± n/a µs |  | 900 B |  |  |",
            "| W4SlowBranches (width=50) | 21.5 ± 0.4 ms |",
            "| MonitoringFanOut (monitoring=on) | 101 ± 1 µs |  | 48.8 KB |  | +0.50% vs off |");
    // L-series first, then W, B0, monitoring.
    assertThat(table.indexOf("L2ShortChain")).isLessThan(table.indexOf("W1Chain"));
    assertThat(table.indexOf("W4SlowBranches")).isLessThan(table.indexOf("B0Chain"));
    assertThat(table.indexOf("B0Chain")).isLessThan(table.indexOf("MonitoringFanOut"));
  }

  @Test
  void guardFlagsOnlySlowdownsBeyondErrorAndThreshold() {
    List<Result> baseline =
        Result.parse(
            file(
                entry("A.run", "", 100.0, 1.0, "us/op", 0),
                entry("B.run", "", 100.0, 1.0, "us/op", 0),
                entry("C.run", "", 100.0, 1.0, "us/op", 0),
                entry("D.run", "", 100.0, 1.0, "us/op", 0),
                entry("E.run", "", 100.0, "NaN", "us/op", 0),
                entry("Gone.run", "", 100.0, 1.0, "us/op", 0)));
    List<Result> current =
        Result.parse(
            file(
                entry("A.run", "", 110.0, 2.0, "us/op", 0), // 10% slower, beyond error: regressed
                entry("B.run", "", 110.0, 12.0, "us/op", 0), // 10% slower, within error
                entry("C.run", "", 104.0, 0.5, "us/op", 0), // beyond error but only 4%
                entry("D.run", "", 0.090, 0.001, "ms/op", 0), // faster, in another unit
                entry(
                    "E.run", "", 120.0, "NaN", "us/op",
                    0), // unknown error counts as none: regressed
                entry("New.run", "", 1.0, 0.1, "us/op", 0)));
    Map<String, Baseline.Comparison> c = Baseline.compareAll(current, baseline);
    assertThat(c.keySet()).containsExactly("A.run", "B.run", "C.run", "D.run", "E.run");
    assertThat(c.get("E.run").regressed()).isTrue();
    assertThat(c.get("A.run").regressed()).isTrue();
    assertThat(c.get("A.run").change()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.get("B.run").regressed()).isFalse();
    assertThat(c.get("C.run").regressed()).isFalse();
    assertThat(c.get("D.run").regressed()).isFalse();
    assertThat(c.get("D.run").change()).isCloseTo(-0.10, org.assertj.core.data.Offset.offset(1e-9));
    String table = Table.render(current, c);
    assertThat(table)
        .contains("| A | 110 ± 2 µs |", "+10.0% **REGRESSED** |", "| New | ", " new |");
  }

  @Test
  void mainExitsNonZeroOnRegression(@TempDir Path dir) throws Exception {
    Path base =
        Files.writeString(
            dir.resolve("base.json"), file(entry("A.run", "", 100.0, 1.0, "us/op", 0)));
    Path slow =
        Files.writeString(
            dir.resolve("slow.json"), file(entry("A.run", "", 120.0, 1.0, "us/op", 0)));
    Path same =
        Files.writeString(
            dir.resolve("same.json"), file(entry("A.run", "", 101.0, 1.0, "us/op", 0)));
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(Report.run(new String[] {slow.toString(), "--baseline", base.toString()}))
          .isEqualTo(1);
      assertThat(Report.run(new String[] {same.toString(), "--baseline", base.toString()}))
          .isZero();
      assertThat(Report.run(new String[] {same.toString()})).isZero();
      assertThat(Report.run(new String[] {})).isEqualTo(2);
    } finally {
      System.setOut(out);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("REGRESSED A: 100 ± 1 µs -> 120 ± 1 µs (+20.0%)", "1 regressed", "0 regressed");
  }

  @Test
  void jsonReaderHandlesEscapesAndRejectsGarbage() {
    assertThat(Json.parse("{\"a\\\"b\" : [1, -2.5e3, true, null, \"\\u00b5s\"]}"))
        .isEqualTo(Map.of("a\"b", java.util.Arrays.asList(1.0, -2500.0, true, null, "µs")));
    assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("offset");
    assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing");
  }
}
