package dev.weft.internal;

/** Human-readable durations for messages. */
final class Durations {
  private Durations() {}

  static String format(long nanos) {
    if (nanos % 1_000_000L == 0) {
      return (nanos / 1_000_000L) + "ms";
    }
    return String.format(java.util.Locale.ROOT, "%.3fms", nanos / 1e6);
  }
}
