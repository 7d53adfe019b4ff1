package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.NodeTimeoutException;
import dev.weft.Options;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how precisely the engine fires node timeouts: for each limit and mode, runs a node that
 * sleeps far past its limit many times and reports the firing error (actual − limit) at p50, p99
 * and max, in milliseconds and as a share of the limit.
 *
 * <p>Two errors per run. <em>engine</em>: the {@code elapsedNanos} of {@code NODE_TIMED_OUT}, the
 * coordinator's own monotonic measure from the attempt's start to the cut. <em>node</em>: from the
 * moment {@code NODE_STARTED} reached the emitter to the moment the node saw its interrupt, as an
 * outside observer (and the node) experience it. A <em>baseline</em> row times the bare wait the
 * coordinator uses ({@link LinkedBlockingQueue#poll(long, TimeUnit)}) on the same machine, for the
 * share of the error that is the OS's rather than the engine's.
 *
 * <pre>{@code
 * bench/run --timeouts                                  # 200 runs of 20ms and 200ms
 * java -cp weft-bench/target/weft-bench.jar dev.weft.bench.TimeoutPrecision 100 5 50
 * java -Dwarmup=1000 -cp weft-bench/target/weft-bench.jar dev.weft.bench.TimeoutPrecision
 * }</pre>
 *
 * Target: p50 within max(1% of the limit, 2ms), p99 within 5% of the limit.
 */
public final class TimeoutPrecision {
  /** Runs before measuring, at a short limit, so the JIT has compiled the engine's paths. */
  private static final int WARMUP = Integer.getInteger("warmup", 300);

  private TimeoutPrecision() {}

  record State(int n) {
    State merge(State d) {
      return d;
    }
  }

  /** The errors of one limit and mode, in nanoseconds, sorted. */
  @SuppressWarnings("ArrayRecordComponent") // a print-once value, never compared or hashed
  record Sample(long limitNanos, int concurrency, long[] engine, long[] node) {}

  public static void main(String[] args) throws InterruptedException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long[] limitsMillis =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
            : new long[] {20, 200};
    System.out.printf(
        Locale.ROOT,
        "timeout firing error, %d runs per row; %s, JDK %s, %s %s, %d cores%n",
        runs,
        LocalDate.now(ZoneOffset.UTC),
        Runtime.version(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "limit   mode        | engine p50        p99       max      | node p50          p99       max      | target");
    baseline(5, WARMUP);
    for (int concurrency : new int[] {0, 4}) {
      measure(5, concurrency, WARMUP);
    }
    for (long limit : limitsMillis) {
      print(baseline(limit, runs));
      for (int concurrency : new int[] {0, 4}) {
        print(measure(limit, concurrency, runs));
      }
    }
  }

  /** The oversleep of a bare timed queue poll: the platform's floor under the engine's error. */
  static Sample baseline(long limitMillis, int runs) throws InterruptedException {
    long limitNanos = Duration.ofMillis(limitMillis).toNanos();
    LinkedBlockingQueue<Object> empty = new LinkedBlockingQueue<>();
    long[] error = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      empty.poll(limitNanos, TimeUnit.NANOSECONDS);
      error[i] = System.nanoTime() - t0 - limitNanos;
    }
    Arrays.sort(error);
    return new Sample(limitNanos, -1, error, error);
  }

  static Sample measure(long limitMillis, int concurrency, int runs) throws InterruptedException {
    long limitNanos = Duration.ofMillis(limitMillis).toNanos();
    long[] engine = new long[runs];
    long[] node = new long[runs];
    for (int i = 0; i < runs; i++) {
      AtomicLong startedAt = new AtomicLong();
      AtomicLong interruptedAt = new AtomicLong();
      List<Event> timedOut = new ArrayList<>(1);
      Emitter emitter =
          event -> {
            if (event.type() == EventType.NODE_STARTED) {
              startedAt.set(System.nanoTime());
            } else if (event.type() == EventType.NODE_TIMED_OUT) {
              synchronized (timedOut) {
                timedOut.add(event);
              }
            }
          };
      Graph<State> graph =
          Graph.builder(State::merge)
              .node(
                  "timed",
                  (s, ctx) -> {
                    try {
                      Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                      interruptedAt.set(System.nanoTime());
                      throw e;
                    }
                    return NodeResult.stop(s);
                  },
                  NodePolicy.builder().timeout(Duration.ofMillis(limitMillis)).build())
              .start("timed")
              .build();
      Engine<State> e =
          Engine.builder(graph)
              .options(Options.builder().maxConcurrentNodes(concurrency).build())
              .emitter(emitter)
              .build();
      try {
        e.run("precision-" + i, new State(0));
        throw new AssertionError("the node was not timed out");
      } catch (NodeTimeoutException expected) {
        // the point of the exercise
      }
      while (interruptedAt.get() == 0) {
        Thread.sleep(1); // the node sees its interrupt a moment after the engine gave up on it
      }
      synchronized (timedOut) {
        engine[i] = (Long) timedOut.getFirst().attribute("elapsedNanos") - limitNanos;
      }
      node[i] = interruptedAt.get() - startedAt.get() - limitNanos;
    }
    Arrays.sort(engine);
    Arrays.sort(node);
    return new Sample(limitNanos, concurrency, engine, node);
  }

  static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void print(Sample s) {
    double limitMs = s.limitNanos() / 1e6;
    long p50Target = Math.max(s.limitNanos() / 100, 2_000_000);
    long p99Target = s.limitNanos() / 20;
    boolean ok =
        percentile(s.node(), 50) <= p50Target
            && percentile(s.node(), 99) <= p99Target
            && s.engine()[0] >= 0
            && s.node()[0] >= 0;
    System.out.printf(
        Locale.ROOT,
        "%5.0fms %-11s | %s %s %s | %s %s %s | %s%n",
        limitMs,
        s.concurrency() < 0 ? "baseline" : s.concurrency() == 0 ? "sequential" : "concurrent",
        cell(percentile(s.engine(), 50), s.limitNanos()),
        cell(percentile(s.engine(), 99), s.limitNanos()),
        cell(s.engine()[s.engine().length - 1], s.limitNanos()),
        cell(percentile(s.node(), 50), s.limitNanos()),
        cell(percentile(s.node(), 99), s.limitNanos()),
        cell(s.node()[s.node().length - 1], s.limitNanos()),
        ok ? "met" : "MISSED");
  }

  private static String cell(long errorNanos, long limitNanos) {
    return String.format(
        Locale.ROOT, "%6.3fms %5.2f%%", errorNanos / 1e6, 100.0 * errorNanos / limitNanos);
  }
}
