package dev.weft.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which nodes of an engine ran short the last time: their latest attempt took less than {@link
 * #SHORT_NANOS}, less than handing an attempt to a worker and its result back costs. A concurrent
 * run executes the next attempt of such a node on its coordinator, as a sequential run does; the
 * first attempt of a node, and every attempt after a long one, goes to a worker. Only graphs whose
 * nodes have no time limit, in runs without a budget, run attempts inline (see {@link
 * Runner#inlinesShortAttempts}): a limit needs a worker the coordinator can stop waiting for.
 *
 * <p>Why: on two cores a worker's wake-up and the completion's way back cost about 1.5 µs per
 * attempt in a wide step and some 20 µs for a lone one, while an empty node runs in 0.1 µs. The
 * parallel speed-up of a node of length d on c cores saves d·(1 − 1/c), which pays for the hand-off
 * only above a few microseconds.
 *
 * <p>Thread-safety: shared by every run of one engine; each run's coordinator records the attempts
 * it ends. A flag flips only when a node's latest attempt lands on the other side of the threshold,
 * so runs that agree write nothing.
 */
final class ShortAttempts {
  /** Attempts shorter than this run on the coordinator next time. */
  static final long SHORT_NANOS = 5_000;

  private static final int UNKNOWN = 0;
  private static final int SHORT = 1;
  private static final int LONG = 2;

  private final AtomicIntegerArray lengths; // per node: UNKNOWN until its first attempt ends
  private final AtomicInteger shortNodes = new AtomicInteger();
  private final AtomicInteger longNodes = new AtomicInteger();

  ShortAttempts(int nodes) {
    this.lengths = new AtomicIntegerArray(nodes);
  }

  /** Whether {@code node}'s latest attempt was short. */
  boolean isShort(int node) {
    return lengths.get(node) == SHORT;
  }

  /**
   * Whether a run would execute every attempt inline: some node ran short and none ran long. Nodes
   * that never ran (a rarely taken branch) do not count; their first attempt goes to a worker.
   */
  boolean allShort() {
    return longNodes.get() == 0 && shortNodes.get() > 0;
  }

  /** Notes how long an attempt of {@code node} took, in nanoseconds. */
  void record(int node, long nanos) {
    int now = isShort(nanos) ? SHORT : LONG;
    int was = lengths.get(node);
    if (was != now && lengths.compareAndSet(node, was, now)) {
      counter(now).incrementAndGet();
      if (was != UNKNOWN) {
        counter(was).decrementAndGet();
      }
    }
  }

  private AtomicInteger counter(int length) {
    return length == SHORT ? shortNodes : longNodes;
  }

  /** Whether an attempt of this length counts as short. */
  static boolean isShort(long nanos) {
    return nanos < SHORT_NANOS;
  }
}
