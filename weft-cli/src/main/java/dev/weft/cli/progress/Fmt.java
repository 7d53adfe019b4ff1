package dev.weft.cli.progress;

import java.util.Locale;

/** Number formats shared by the displays and the summary. */
public final class Fmt {
  private Fmt() {}

  /** Seconds with two decimals: {@code 1.23s}. */
  public static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
  }

  /** Milliseconds, one decimal under 10 ms: {@code 4.2ms}, {@code 41ms}. */
  public static String millis(double ms) {
    return ms < 10
        ? String.format(Locale.ROOT, "%.1fms", ms)
        : String.format(Locale.ROOT, "%.0fms", ms);
  }

  /** {@code n word} with a plural s. */
  public static String count(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
