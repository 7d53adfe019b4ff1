/**
 * Extension points: what other modules and applications implement, and what the engine hands them.
 * {@link dev.weft.spi.CheckpointStore} persists runs (with {@link dev.weft.spi.Checkpoint}, {@link
 * dev.weft.spi.Activation} and {@link dev.weft.spi.ActivationResult} as its records), {@link
 * dev.weft.spi.EngineMetrics} receives measurements, and {@link dev.weft.spi.TimeSource} supplies
 * the monotonic clock and waiting (replaced only in tests).
 *
 * <p>Thread-safety: one engine calls an implementation from the coordinator threads of all its runs
 * at once, and {@code EngineMetrics} also from worker threads, so every implementation must be
 * thread-safe. Calls are on the run's critical path: keep them fast and never block on a lock held
 * across slow work.
 */
package dev.weft.spi;
