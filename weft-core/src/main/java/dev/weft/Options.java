package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Engine-wide settings. Every field has a documented default; {@link Builder#build()} reports every
 * invalid value at once.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>maxConcurrentNodes</td><td>16 (0 = sequential: one activation at a time)</td></tr>
 *   <tr><td>queueDepth</td><td>1024 activations waiting for a worker</td></tr>
 *   <tr><td>backpressureTimeout</td><td>none (wait for a worker as long as it takes)</td></tr>
 *   <tr><td>defaultNodeTimeout</td><td>none</td></tr>
 *   <tr><td>runWallClockBudget</td><td>none</td></tr>
 *   <tr><td>maxSteps</td><td>10,000</td></tr>
 *   <tr><td>defaultRetry</td><td>{@link RetryPolicy#none()}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Options options = Options.builder()
 *     .maxConcurrentNodes(8)
 *     .queueDepth(1024)
 *     .defaultNodeTimeout(Duration.ofSeconds(30))
 *     .runWallClockBudget(Duration.ofMinutes(10))
 *     .build();
 * }</pre>
 *
 * <p>Build it with {@code builder()} or {@link #toBuilder()}: a new setting is added to the builder
 * without breaking callers, while the canonical constructor gains a parameter with every new
 * setting.
 *
 * <p>Thread-safety: immutable and thread-safe; share one instance freely. Its {@code Builder} is
 * not thread-safe: use it on one thread.
 *
 * @param maxConcurrentNodes activations running at once; 0 runs them one at a time
 * @param queueDepth activations that may wait for a worker before the coordinator waits
 * @param backpressureTimeout longest the coordinator waits for queue space before the run fails
 *     with {@link BackpressureTimeoutException} (checkpointed, resumable)
 * @param defaultNodeTimeout per-attempt limit for nodes whose {@link NodePolicy} sets none
 * @param runWallClockBudget hard limit for a whole run (or one resume of it), backoff included
 * @param maxSteps steps a run may take before it fails with {@link MaxStepsExceededException}
 * @param defaultRetry retry policy for nodes whose {@link NodePolicy} sets none
 */
public record Options(
    int maxConcurrentNodes,
    int queueDepth,
    Optional<Duration> backpressureTimeout,
    Optional<Duration> defaultNodeTimeout,
    Optional<Duration> runWallClockBudget,
    int maxSteps,
    RetryPolicy defaultRetry) {

  private static final Options DEFAULTS = builder().build();

  /** Validates; prefer {@link #builder()}. */
  public Options {
    List<String> problems = new ArrayList<>();
    if (maxConcurrentNodes < 0) {
      problems.add("maxConcurrentNodes must be ≥ 0 (0 = sequential), was " + maxConcurrentNodes);
    }
    if (queueDepth < 1) {
      problems.add("queueDepth must be ≥ 1, was " + queueDepth);
    }
    if (maxSteps < 1) {
      problems.add("maxSteps must be ≥ 1, was " + maxSteps);
    }
    checkPositive("backpressureTimeout", backpressureTimeout, problems);
    checkPositive("defaultNodeTimeout", defaultNodeTimeout, problems);
    checkPositive("runWallClockBudget", runWallClockBudget, problems);
    if (defaultRetry == null) {
      problems.add("defaultRetry must not be null (use RetryPolicy.none())");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid Options: " + String.join("; ", problems));
    }
  }

  private static void checkPositive(String name, Optional<Duration> value, List<String> problems) {
    if (value == null) {
      problems.add(name + " must not be null (use Optional.empty() for none)");
    } else if (value.isPresent() && (value.get().isZero() || value.get().isNegative())) {
      problems.add(name + " must be positive, was " + value.get() + "; leave it unset for none");
    }
  }

  /** The defaults listed above. */
  public static Options defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options, to derive changed ones: {@code
   * o.toBuilder().maxSteps(50).build()}.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxConcurrentNodes = maxConcurrentNodes;
    b.queueDepth = queueDepth;
    b.backpressureTimeout = backpressureTimeout.orElse(null);
    b.defaultNodeTimeout = defaultNodeTimeout.orElse(null);
    b.runWallClockBudget = runWallClockBudget.orElse(null);
    b.maxSteps = maxSteps;
    b.defaultRetry = defaultRetry;
    return b;
  }

  /** Whether activations run one at a time on the coordinator ({@code maxConcurrentNodes == 0}). */
  public boolean sequential() {
    return maxConcurrentNodes == 0;
  }

  /** Builds {@link Options}. */
  public static final class Builder {
    private int maxConcurrentNodes = 16;
    private int queueDepth = 1024;
    private Duration backpressureTimeout;
    private Duration defaultNodeTimeout;
    private Duration runWallClockBudget;
    private int maxSteps = 10_000;
    private RetryPolicy defaultRetry = RetryPolicy.none();

    private Builder() {}

    /**
     * Activations running at once; 0 runs them one at a time. Default 16. Attempts run on virtual
     * worker threads, except that in a graph without time limits, in a run without a budget, a node
     * whose latest attempt took under 5 µs runs its next one on the run's coordinator (within this
     * limit), where a hand-off would cost more than the attempt.
     */
    public Builder maxConcurrentNodes(int maxConcurrentNodes) {
      this.maxConcurrentNodes = maxConcurrentNodes;
      return this;
    }

    /** Activations that may wait for a worker. Default 1024. */
    public Builder queueDepth(int queueDepth) {
      this.queueDepth = queueDepth;
      return this;
    }

    /**
     * Longest wait for queue space before the run is checkpointed and fails with {@link
     * BackpressureTimeoutException}; {@link Engine#resume} continues it. Default none.
     */
    public Builder backpressureTimeout(Duration backpressureTimeout) {
      this.backpressureTimeout = backpressureTimeout;
      return this;
    }

    /** Per-attempt limit for nodes whose policy sets none. Default none. */
    public Builder defaultNodeTimeout(Duration defaultNodeTimeout) {
      this.defaultNodeTimeout = defaultNodeTimeout;
      return this;
    }

    /** Hard limit for a whole run, backoff waits included. Default none. */
    public Builder runWallClockBudget(Duration runWallClockBudget) {
      this.runWallClockBudget = runWallClockBudget;
      return this;
    }

    /** Steps a run may take. Default 10,000. */
    public Builder maxSteps(int maxSteps) {
      this.maxSteps = maxSteps;
      return this;
    }

    /** Retry policy for nodes whose policy sets none. Default {@link RetryPolicy#none()}. */
    public Builder defaultRetry(RetryPolicy defaultRetry) {
      this.defaultRetry = defaultRetry;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException listing every invalid value
     */
    public Options build() {
      return new Options(
          maxConcurrentNodes,
          queueDepth,
          Optional.ofNullable(backpressureTimeout),
          Optional.ofNullable(defaultNodeTimeout),
          Optional.ofNullable(runWallClockBudget),
          maxSteps,
          defaultRetry);
    }
  }
}
