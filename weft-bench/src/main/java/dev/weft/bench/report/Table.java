package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Renders results as one Markdown table: workload, median time per operation (median of the
 * measurement iterations) with JMH's error (99.9% confidence half-width of the mean), time per
 * step, allocation per operation and per step, the ratio to a reference (B0 for W1 and W3, the
 * monitoring-off twin for monitoring-on and -full rows) and, when a baseline is given, the change
 * against it.
 */
final class Table {
  private Table() {}

  /** The table; {@code comparisons} (by result key) may be {@code null} for no baseline column. */
  static String render(List<Result> results, Map<String, Baseline.Comparison> comparisons) {
    Map<String, Result> byKey = new LinkedHashMap<>();
    for (Result r : results) {
      byKey.put(r.key(), r);
    }
    List<Result> rows = new ArrayList<>(results);
    rows.sort(
        Comparator.comparingInt((Result r) -> group(r.className())).thenComparing(Result::key));
    StringBuilder sb = new StringBuilder();
    sb.append("| workload | median/op ± error | per step | alloc/op | alloc/step | ratio |");
    sb.append(comparisons == null ? "\n" : " vs baseline |\n");
    sb.append("|---|---:|---:|---:|---:|---:|");
    sb.append(comparisons == null ? "\n" : "---:|\n");
    for (Result r : rows) {
      int steps = r.steps();
      sb.append("| ")
          .append(label(r))
          .append(" | ")
          .append(timeWithError(r.medianNanos(), r.errorNanos()))
          .append(" | ")
          .append(steps > 0 ? time(r.medianNanos() / steps) : "")
          .append(" | ")
          .append(bytes(r.allocBytes()))
          .append(" | ")
          .append(steps > 0 ? bytes(r.allocBytes() / steps) : "")
          .append(" | ")
          .append(ratio(r, byKey))
          .append(" |");
      if (comparisons != null) {
        Baseline.Comparison c = comparisons.get(r.key());
        sb.append(' ').append(c == null ? "new" : change(c)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** {@code Class.method (param=value, …)}, leaving out {@code .run} and the steps parameter. */
  static String label(Result r) {
    String name = r.shortName();
    if (name.endsWith(".run")) {
      name = name.substring(0, name.length() - 4);
    }
    StringJoiner params = new StringJoiner(", ", " (", ")").setEmptyValue("");
    r.params()
        .forEach(
            (k, v) -> {
              if (!k.equals("steps")) {
                params.add(k + "=" + v);
              }
            });
    String steps = r.steps() > 0 ? " ×" + r.steps() : "";
    return name + params + steps;
  }

  /** The reference ratio of a row, or empty. */
  static String ratio(Result r, Map<String, Result> byKey) {
    String level = r.params().get("monitoring");
    if (level != null && !"off".equals(level)) {
      Result off = byKey.get(r.keyWith("monitoring", "off"));
      return off == null
          ? ""
          : String.format(
              Locale.ROOT, "%+.2f%% vs off", 100 * (r.medianNanos() / off.medianNanos() - 1));
    }
    String b0 =
        switch (r.className()) {
          case "W1Chain" -> "B0Chain.run";
          case "W3Loop" -> "B0Loop.run";
          default -> null;
        };
    if (b0 == null) {
      return "";
    }
    Result floor = byKey.get(b0 + " " + Map.of("steps", String.valueOf(r.steps())));
    if (floor == null) {
      return "";
    }
    double x = r.medianNanos() / floor.medianNanos();
    return String.format(Locale.ROOT, x >= 10 ? "%.0f× B0" : "%.2f× B0", x);
  }

  private static String change(Baseline.Comparison c) {
    String pct = String.format(Locale.ROOT, "%+.1f%%", 100 * c.change());
    return c.regressed() ? pct + " **REGRESSED**" : pct;
  }

  private static int group(String className) {
    if (className.startsWith("L")) {
      return 0;
    }
    if (className.startsWith("W")) {
      return 1;
    }
    if (className.startsWith("B0")) {
      return 2;
    }
    return className.startsWith("Monitoring") ? 3 : 4;
  }

  /** A duration in the unit that keeps 3–4 significant digits. */
  static String time(double nanos) {
    String[] t = scaled(nanos);
    return t[0] + " " + t[1];
  }

  static String timeWithError(double nanos, double error) {
    String[] t = scaled(nanos);
    double factor = Double.parseDouble(t[2]);
    if (!Double.isFinite(error)) {
      return t[0] + " ± n/a " + t[1];
    }
    return t[0]
        + " ± "
        + String.format(Locale.ROOT, digits(nanos / factor), error / factor)
        + " "
        + t[1];
  }

  /** {value, unit, nanos per unit}. */
  private static String[] scaled(double nanos) {
    double factor;
    String unit;
    if (nanos < 1e3) {
      factor = 1;
      unit = "ns";
    } else if (nanos < 1e6) {
      factor = 1e3;
      unit = "µs";
    } else if (nanos < 1e9) {
      factor = 1e6;
      unit = "ms";
    } else {
      factor = 1e9;
      unit = "s";
    }
    double v = nanos / factor;
    return new String[] {String.format(Locale.ROOT, digits(v), v), unit, String.valueOf(factor)};
  }

  private static String digits(double v) {
    return v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f";
  }

  /** Bytes as B, KB or MB (powers of 1024); empty when not measured. */
  static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "";
    }
    if (b < 1024) {
      return String.format(Locale.ROOT, "%.0f B", b);
    }
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", b / 1024);
    }
    return String.format(Locale.ROOT, "%.2f MB", b / (1024 * 1024));
  }
}
