package dev.weft.internal;

import dev.weft.RetryPolicy;

/**
 * The backoff delay of a {@link RetryPolicy}: exponential from the base delay, capped, plus a
 * jitter drawn by the caller. Kept out of the policy so the engine's jitter sample stays an
 * implementation detail. Stateless and thread-safe.
 */
public final class Backoff {
  private Backoff() {}

  /**
   * The delay in nanoseconds before attempt {@code failedAttempt + 1} given a uniform sample {@code
   * u} in [0, 1) for the jitter; saturates at the policy's {@code maxDelay}. The engine draws
   * {@code u} from (runId, order key, attempt).
   */
  public static long delayNanos(RetryPolicy policy, int failedAttempt, double u) {
    double base = Durations.saturatedNanos(policy.baseDelay());
    double cap = Durations.saturatedNanos(policy.maxDelay());
    double exponent = Math.max(0, failedAttempt - 1);
    // A zero base stays zero: 0 * pow(...) is NaN once the power overflows to infinity.
    double delay = base == 0 ? 0 : base * Math.pow(policy.multiplier(), exponent);
    if (!(delay <= cap)) { // also catches NaN and infinity
      delay = cap;
    }
    delay += delay * policy.jitter() * u;
    return (long) Math.min(delay, cap);
  }
}
