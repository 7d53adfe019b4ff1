package dev.weft.micrometer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * One node's attempt durations by outcome, as a sum and bucket counts in one array: recording a
 * successful attempt of up to a millisecond adds to two neighbouring longs, on one cache line. A
 * Micrometer {@code Timer} touches about fifteen lines per observation (adders, a decaying max, a
 * rotating histogram), which on a graph of many nodes misses the cache on nearly every attempt.
 *
 * <p>Thread-safe: any thread records, a scrape reads meanwhile. A scrape may see an attempt in its
 * bucket before its duration is in the sum; the next scrape sees both.
 */
final class AttemptHistogram implements NodeDurations.Recorder {
  /** Upper bounds of the finite buckets in nanoseconds; the last bucket is {@code +Inf}. */
  private static final long[] BOUNDS_NANOS =
      MicrometerMetrics.BUCKETS.stream().mapToLong(Duration::toNanos).toArray();

  /** Per outcome: the sum in nanoseconds, then the bucket counts. */
  private static final int STRIDE = BOUNDS_NANOS.length + 2;

  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);

  /** Read and added to only through {@link #VALUES}, atomically. */
  private final long[] values = new long[NodeDurations.OUTCOMES.size() * STRIDE];

  /** Records an attempt of {@code nanos}; a negative duration is ignored, as Micrometer does. */
  @Override
  public void record(String outcome, long nanos) {
    if (nanos < 0) {
      return;
    }
    int base = NodeDurations.outcomeIndex(outcome) * STRIDE;
    VALUES.getAndAdd(values, base + 1 + bucket(nanos), 1L);
    VALUES.getAndAdd(values, base, nanos);
  }

  /**
   * Per-bucket (not cumulative) counts of the outcome at {@code outcome} in {@link
   * NodeDurations#OUTCOMES}; the last is {@code +Inf}.
   */
  long[] counts(int outcome) {
    long[] counts = new long[STRIDE - 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = (long) VALUES.getVolatile(values, outcome * STRIDE + 1 + i);
    }
    return counts;
  }

  /** The sum of the durations of {@code outcome}, in seconds. */
  double sumSeconds(int outcome) {
    return (long) VALUES.getVolatile(values, outcome * STRIDE) / 1e9;
  }

  /** Upper bounds of the buckets in seconds, {@code +Inf} last. */
  static double[] boundsSeconds() {
    double[] bounds = new double[BOUNDS_NANOS.length + 1];
    for (int i = 0; i < BOUNDS_NANOS.length; i++) {
      bounds[i] = BOUNDS_NANOS[i] / 1e9;
    }
    bounds[BOUNDS_NANOS.length] = Double.POSITIVE_INFINITY;
    return bounds;
  }

  /** The index of the first bucket whose bound is at least {@code nanos}. */
  private static int bucket(long nanos) {
    int low = 0;
    int high = BOUNDS_NANOS.length; // the +Inf bucket
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (BOUNDS_NANOS[mid] < nanos) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
