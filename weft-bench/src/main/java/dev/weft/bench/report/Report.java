package dev.weft.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Prints a JMH JSON result file as one Markdown table and, with {@code --baseline FILE}, flags
 * every workload that regressed against a saved result (see {@link Baseline}).
 *
 * <p>Usage: {@code java -cp weft-bench.jar dev.weft.bench.report.Report RESULTS.json [--baseline
 * BASELINE.json]}. Exit status: 0 when nothing regressed, 1 when something did, 2 on bad input.
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Path results = null;
    Path baseline = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--baseline") && i + 1 < args.length) {
        baseline = Path.of(args[++i]);
      } else if (results == null && !args[i].startsWith("--")) {
        results = Path.of(args[i]);
      } else {
        return usage("unexpected argument '" + args[i] + "'");
      }
    }
    if (results == null) {
      return usage("no result file given");
    }
    try {
      List<Result> current = Result.read(results);
      if (current.isEmpty()) {
        System.err.println("error: " + results + " holds no results");
        return 2;
      }
      Map<String, Baseline.Comparison> comparisons = null;
      if (baseline != null) {
        if (!Files.exists(baseline)) {
          System.err.println("error: baseline " + baseline + " does not exist");
          return 2;
        }
        comparisons = Baseline.compareAll(current, Result.read(baseline));
      }
      Result first = current.getFirst();
      System.out.printf(
          "Weft benchmarks, %s, JDK %s (%s), %d cores, %s %s%n%n",
          LocalDate.now(ZoneOffset.UTC),
          first.jdk(),
          first.vm(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.name"),
          System.getProperty("os.arch"));
      System.out.print(Table.render(current, comparisons));
      if (comparisons == null) {
        return 0;
      }
      return printVerdict(baseline, current.size(), comparisons);
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("error: cannot read results: " + e.getMessage());
      return 2;
    }
  }

  private static int printVerdict(
      Path baseline, int total, Map<String, Baseline.Comparison> comparisons) {
    List<Baseline.Comparison> regressed =
        comparisons.values().stream().filter(Baseline.Comparison::regressed).toList();
    System.out.printf(
        "%nAgainst %s: %d of %d workloads compared, %d regressed (> %.0f%% slower beyond the error).%n",
        baseline, comparisons.size(), total, regressed.size(), Baseline.THRESHOLD * 100);
    for (Baseline.Comparison c : regressed) {
      System.out.printf(
          "REGRESSED %s: %s -> %s (%+.1f%%)%n",
          Table.label(c.current()),
          Table.timeWithError(c.base().nanos(), c.base().errorNanos()),
          Table.timeWithError(c.current().nanos(), c.current().errorNanos()),
          100 * c.change());
    }
    return regressed.isEmpty() ? 0 : 1;
  }

  private static int usage(String problem) {
    System.err.println("error: " + problem);
    System.err.println("usage: Report RESULTS.json [--baseline BASELINE.json]");
    return 2;
  }
}
