package dev.weft.cli.progress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Counters and attempt latencies of one node, summed over the runs of a command. Thread-safe. */
public final class NodeStats {
  final LongAdder attempts = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder failures = new LongAdder();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

  void finished(long durationNanos) {
    latencies.add(durationNanos);
  }

  /**
   * A snapshot.
   *
   * @param node the node
   * @param attempts attempts started
   * @param retries retries scheduled
   * @param timeouts attempts cut off by a time limit
   * @param failures attempts that failed (timeouts included)
   * @param p50Ms median latency of finished attempts, in milliseconds
   * @param p95Ms 95th percentile latency of finished attempts, in milliseconds
   */
  public record Row(
      String node,
      long attempts,
      long retries,
      long timeouts,
      long failures,
      double p50Ms,
      double p95Ms) {}

  Row row(String node) {
    List<Long> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    Collections.sort(sorted);
    return new Row(
        node,
        attempts.sum(),
        retries.sum(),
        timeouts.sum(),
        failures.sum(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.95));
  }

  /** Nearest-rank percentile in milliseconds, 0 when nothing finished. */
  static double percentile(List<Long> sortedNanos, double p) {
    if (sortedNanos.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sortedNanos.size());
    long nanos = sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, rank - 1)));
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
