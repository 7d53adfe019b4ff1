package dev.weft;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-node overrides of the engine's {@link Options}: a per-attempt timeout and a retry policy.
 * Whatever is left unset falls back to {@link Options#defaultNodeTimeout()} and {@link
 * Options#defaultRetry()}.
 *
 * <pre>{@code
 * NodePolicy lookup = NodePolicy.builder()
 *     .timeout(Duration.ofMillis(50))
 *     .retry(RetryPolicy.builder().maxAttempts(2).build())
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
 * @param timeout per-attempt limit, if set
 * @param retry retry policy, if set
 */
public record NodePolicy(Optional<Duration> timeout, Optional<RetryPolicy> retry) {
  private static final NodePolicy DEFAULTS = new NodePolicy(Optional.empty(), Optional.empty());

  /** Validates; prefer {@link #builder()}. */
  public NodePolicy {
    if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
      throw new IllegalArgumentException(
          "invalid NodePolicy: timeout must be positive, was "
              + timeout.get()
              + "; leave it unset to use Options.defaultNodeTimeout");
    }
  }

  /** A policy that overrides nothing. */
  public static NodePolicy defaults() {
    return DEFAULTS;
  }

  /** A builder that overrides nothing until told to. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy, to derive a changed one. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeout = timeout.orElse(null);
    b.retry = retry.orElse(null);
    return b;
  }

  /** Builds a {@link NodePolicy}. */
  public static final class Builder {
    private Duration timeout;
    private RetryPolicy retry;

    private Builder() {}

    /** Per-attempt time limit; must be positive. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Retry policy for this node. */
    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException when the timeout is zero or negative
     */
    public NodePolicy build() {
      return new NodePolicy(Optional.ofNullable(timeout), Optional.ofNullable(retry));
    }
  }
}
