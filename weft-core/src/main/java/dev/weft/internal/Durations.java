package dev.weft.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * The one place for duration arithmetic and formatting: saturating conversions and sums of
 * nanosecond values, and the short form messages use ({@code 2s}, {@code 250ms}, {@code 0.125ms}).
 * Public only so the exceptions and policies of {@code dev.weft} can share it; the package is not
 * exported. Stateless and thread-safe.
 */
public final class Durations {
  private Durations() {}

  /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} when it does not fit (about 292 years). */
  public static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * {@code a + b}, or {@link Long#MAX_VALUE} when the sum overflows upwards: a deadline that far
   * out is never reached. Callers add non-negative durations only.
   */
  public static long saturatingAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /** {@code d} in the short form messages use. */
  public static String format(Duration d) {
    return format(saturatedNanos(d));
  }

  /** {@code nanos} in the short form messages use: whole seconds, whole or fractional millis. */
  public static String format(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return (nanos / 1_000_000_000L) + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return (nanos / 1_000_000L) + "ms";
    }
    return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
  }
}
