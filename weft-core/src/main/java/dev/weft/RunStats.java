package dev.weft;

import java.time.Duration;

/**
 * Counters of one run (or one resume of it), for capacity planning and tests.
 *
 * <pre>{@code
 * RunStats stats = engine.runForResult("r1", initial).stats();
 * System.out.println("peak queue " + stats.peakQueueDepth() + ", waits " + stats.backpressureEvents());
 * }</pre>
 *
 * <p>Thread-safety: an immutable snapshot.
 *
 * @param steps steps committed
 * @param activations activations that finished (successfully or not)
 * @param attempts node attempts started
 * @param retries retries scheduled
 * @param timeouts attempts cut off by a time limit
 * @param enqueued activations put in the work queue (concurrent mode; a short attempt that runs on
 *     the coordinator skips it)
 * @param dequeued activations taken from the work queue by a worker
 * @param backpressureEvents times the coordinator found the queue full
 * @param backpressureWait total time the coordinator waited for queue space
 * @param peakQueueDepth most activations waiting in the queue at once
 * @param peakInFlight most attempts running at once
 */
public record RunStats(
    long steps,
    long activations,
    long attempts,
    long retries,
    long timeouts,
    long enqueued,
    long dequeued,
    long backpressureEvents,
    Duration backpressureWait,
    int peakQueueDepth,
    int peakInFlight) {}
