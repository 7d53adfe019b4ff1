package dev.weft;

/**
 * What an {@link Event} reports. Attributes each type carries are listed on the constant.
 *
 * <pre>{@code
 * buffered.byType(EventType.RETRY_SCHEDULED).forEach(e -> System.out.println(e.attributes()));
 * }</pre>
 */
public enum EventType {
  /** A run began (not on resume); a fork carries {@code originRunId} and {@code originStep}. */
  RUN_STARTED,
  /** A run was resumed from its checkpoint; {@code fromStep}. */
  RUN_RESUMED,
  /** A run finished; {@code steps}, {@code durationNanos}. */
  RUN_COMPLETED,
  /** A run stopped on an error; {@code error} (the exception's class name), {@code message}. */
  RUN_FAILED,
  /** A run paused (an {@code interrupt} route or a breakpoint); {@code reason}. */
  RUN_PAUSED,
  /**
   * An external input was merged and committed as its own step (the event's step); {@code label}.
   * The delta itself is not an attribute: it may hold what must not reach logs.
   */
  INPUT_RECEIVED,
  /** An attempt began; {@code orderKey}. */
  NODE_STARTED,
  /** An attempt succeeded; {@code durationNanos}, {@code route}. */
  NODE_SUCCEEDED,
  /**
   * An attempt failed; {@code error} (the exception's class name), {@code message}, {@code
   * willRetry}, {@code durationNanos}.
   */
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
   * An attempt that had started was stopped because the run stopped (cancelled, run budget spent)
   * before its end was handled; {@code reason} ({@code cancelled} or {@code budget}), {@code
   * completed} (true when the attempt had already finished: a success is kept, so resume does not
   * run it again). With this, every {@link #NODE_STARTED} has exactly one end event: {@link
   * #NODE_SUCCEEDED}, {@link #NODE_FAILED} (a timeout is {@link #NODE_TIMED_OUT} then {@link
   * #NODE_FAILED}) or this.
   */
  NODE_CANCELLED,
  /**
   * A failed attempt will be tried again after a delay (also emitted when a resume schedules a
   * retry that was pending); {@code delayNanos}, {@code nextAttempt}.
   */
  RETRY_SCHEDULED,
  /** A node's route was applied; {@code route}, {@code targets}. */
  ROUTED,
  /**
   * A step's deltas were merged and its next frontier formed; {@code activations}, {@code next}.
   */
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
  /**
   * A backpressure wait exceeded its timeout; {@code depth}, {@code capacity}, {@code waitNanos}.
   */
  BACKPRESSURE_TIMEOUT,
  /**
   * A node called a language model (emitted by the node through {@link NodeContext#emit}); {@code
   * model}, {@code outcome}, {@code inputTokens}, {@code outputTokens}, {@code latencyNanos}, and
   * {@code cost} when a price is known. Agent loops add the run's totals so far: {@code
   * runInputTokens}, {@code runOutputTokens}, {@code runCost}.
   */
  LLM_CALL;

  /**
   * Whether a node may emit this type through {@link NodeContext#emit}: the engine owns the rest.
   */
  public boolean emittedByNodes() {
    return this == LLM_CALL;
  }
}
