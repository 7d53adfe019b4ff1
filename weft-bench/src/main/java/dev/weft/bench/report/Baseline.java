package dev.weft.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regression guard: a workload regressed when it is slower than its baseline by more than
 * {@link #THRESHOLD} <em>and</em> beyond the measurement error of both runs, that is when {@code
 * score - error > baseline.score + baseline.error}. Either condition alone is noise or too small to
 * matter.
 */
final class Baseline {
  /** Slow-downs up to 5% are accepted. */
  static final double THRESHOLD = 0.05;

  private Baseline() {}

  /**
   * A workload of this run against the same workload of the baseline.
   *
   * @param current this run's result
   * @param base the baseline's result
   * @param change relative change of the score, {@code +0.10} = 10% slower
   * @param regressed whether the guard flags it
   */
  record Comparison(Result current, Result base, double change, boolean regressed) {}

  /** Compares one result with its baseline. */
  static Comparison compare(Result current, Result base) {
    double change = current.nanos() / base.nanos() - 1;
    boolean beyondError =
        current.nanos() - known(current.errorNanos()) > base.nanos() + known(base.errorNanos());
    return new Comparison(current, base, change, beyondError && change > THRESHOLD);
  }

  /** An unknown error (too few iterations) counts as none. */
  private static double known(double error) {
    return Double.isFinite(error) ? error : 0;
  }

  /** Comparisons by {@link Result#key()}, for every workload present in both runs. */
  static Map<String, Comparison> compareAll(List<Result> current, List<Result> baseline) {
    Map<String, Result> base = new LinkedHashMap<>();
    for (Result r : baseline) {
      base.put(r.key(), r);
    }
    Map<String, Comparison> out = new LinkedHashMap<>();
    for (Result r : current) {
      Result b = base.get(r.key());
      if (b != null) {
        out.put(r.key(), compare(r, b));
      }
    }
    return out;
  }
}
