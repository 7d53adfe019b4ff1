package dev.weft;

/**
 * What an {@link Event} reports. Attributes each type carries are listed on the constant.
 *
 * <pre>{@code
 * buffered.byType(EventType.RETRY_SCHEDULED).forEach(e -> System.out.println(e.attributes()));
 * }</pre>
 */
public enum EventType {
  /** A run began (not on resume). */
  RUN_STARTED,
  /** A run was resumed from its checkpoint; {@code fromStep}. */
  RUN_RESUMED,
  /** A run finished; {@code steps}, {@code durationNanos}. */
  RUN_COMPLETED,
  /** A run stopped on an error; {@code error}, {@code message}. */
  RUN_FAILED,
  /** A run paused ({@code interrupt} route); {@code reason}. */
  RUN_PAUSED,
  /** An attempt began; {@code orderKey}. */
  NODE_STARTED,
  /** An attempt succeeded; {@code durationNanos}, {@code route}. */
  NODE_SUCCEEDED,
  /** An attempt failed; {@code error}, {@code message}, {@code willRetry}, {@code durationNanos}. */
  NODE_FAILED,
  /**
   * An attempt ran past its limit and was cut off; {@code limitNanos}, {@code source} (a {@link
   * TimeoutSource} name), {@code elapsedNanos} (from the attempt's start to the cut).
   */
  NODE_TIMED_OUT,
  /**
   * A timed-out attempt ignored its interrupt and still ran after a grace period: its thread is
   * abandoned; {@code graceNanos}.
   */
  NODE_ABANDONED,
  /**
   * A failed attempt will be tried again after a delay (also emitted when a resume schedules a
   * retry that was pending); {@code delayNanos}, {@code nextAttempt}.
   */
  RETRY_SCHEDULED,
  /** A node's route was applied; {@code route}, {@code targets}. */
  ROUTED,
  /** A step's deltas were merged and its next frontier formed; {@code activations}, {@code next}. */
  STEP_COMMITTED,
  /** The store saved a checkpoint; {@code durationNanos}. */
  CHECKPOINT_SAVED,
  /**
   * The coordinator found the work queue full with activations left to admit; the node is the one
   * waiting; {@code depth}, {@code capacity}, {@code inFlight}.
   */
  BACKPRESSURE,
  /** Queue space came free and the waiting activation was admitted; {@code waitNanos}. */
  BACKPRESSURE_RESOLVED,
  /** A backpressure wait exceeded its timeout; {@code depth}, {@code capacity}, {@code waitNanos}. */
  BACKPRESSURE_TIMEOUT
}
