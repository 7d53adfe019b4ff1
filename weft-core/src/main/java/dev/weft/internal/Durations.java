package dev.weft.internal;

/** Human-readable durations for messages. */
final class Durations {
  private Durations() {}

  /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} when it does not fit (about 292 years). */
  static long saturatedNanos(java.time.Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  static String format(long nanos) {
    if (nanos % 1_000_000L == 0) {
      return (nanos / 1_000_000L) + "ms";
    }
    return String.format(java.util.Locale.ROOT, "%.3fms", nanos / 1e6);
  }
}
