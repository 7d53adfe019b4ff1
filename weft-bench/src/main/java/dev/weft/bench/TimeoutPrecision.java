package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.NodeTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures how precisely node timeouts fire: for each limit, runs a single node that sleeps far
 * longer than its limit (sequential mode) and records the firing error, the time from just before
 * {@code engine.run} to catching the {@link NodeTimeoutException}, minus the limit. Nothing else
 * is subtracted: the error includes starting the run and the attempt's thread, the wake-up of the
 * coordinator and building the exception. Prints p50/p99/max of the absolute and relative error.
 *
 * <p>Usage: {@code java -cp weft-bench.jar dev.weft.bench.TimeoutPrecision [runs]} (default 200
 * runs per limit, after 10 unrecorded warm-up runs).
 */
public final class TimeoutPrecision {
  private static final long[] LIMITS_MILLIS = {20, 200};
  private static final int WARMUP = 10;

  private TimeoutPrecision() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    System.out.printf(Locale.ROOT, "Node timeout firing error (actual - limit), %d runs per limit, sequential mode%n", runs);
    System.out.println("| limit | p50 | p99 | max | min | p50 rel | p99 rel | target (max(1%, 2 ms)) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (long limit : LIMITS_MILLIS) {
      long[] errors = measure(Duration.ofMillis(limit), runs);
      Arrays.sort(errors);
      long limitNanos = Duration.ofMillis(limit).toNanos();
      long p50 = percentile(errors, 50);
      long p99 = percentile(errors, 99);
      long target = Math.max(limitNanos / 100, Duration.ofMillis(2).toNanos());
      System.out.printf(Locale.ROOT, "| %d ms | %s | %s | %s | %s | %.2f%% | %.2f%% | p99 %s |%n",
          limit, ms(p50), ms(p99), ms(errors[errors.length - 1]), ms(errors[0]),
          100.0 * p50 / limitNanos, 100.0 * p99 / limitNanos, p99 <= target ? "met" : "missed");
    }
  }

  /** Firing errors in nanoseconds of {@code runs} timed-out runs, unsorted. */
  static long[] measure(Duration limit, int runs) {
    Graph<LState> graph =
        Graph.builder(LState::merge)
            .node(
                "sleeper",
                (state, ctx) -> {
                  Thread.sleep(limit.toMillis() * 100 + 10_000);
                  return NodeResult.stop(null);
                },
                NodePolicy.builder().timeout(limit).build())
            .start("sleeper")
            .build();
    Engine<LState> engine = Engine.builder(graph).options(Graphs.SEQUENTIAL).emitter(Emitter.none()).build();
    RunIds ids = new RunIds("timeout-" + limit.toMillis());
    long[] errors = new long[runs];
    for (int i = -WARMUP; i < runs; i++) {
      long start = System.nanoTime();
      long end;
      try {
        engine.run(ids.next(), LState.EMPTY);
        throw new IllegalStateException("the node was expected to time out after " + limit);
      } catch (NodeTimeoutException expected) {
        end = System.nanoTime();
      }
      if (i >= 0) {
        errors[i] = end - start - limit.toNanos();
      }
    }
    return errors;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
