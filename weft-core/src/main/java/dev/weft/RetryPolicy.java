package dev.weft;

import dev.weft.internal.Backoff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * How often and how patiently a failed node is tried again.
 *
 * <p>The delay before attempt {@code n+1} is {@code min(baseDelay * multiplier^(n-1), maxDelay)}
 * plus a jitter of up to {@code jitter} times that delay, capped again at {@code maxDelay}. The
 * jitter is drawn from a generator seeded by (runId, order key, attempt), so one runId always gets
 * the same delays. Arithmetic saturates: no attempt count or delay overflows.
 *
 * <p>Classification, in order: {@link Error}, {@link PermanentException}, {@link NoRouteException}
 * and every {@code abortOn} type are never retried; {@link TransientException}, {@link
 * IOException}, {@link UncheckedIOException}, {@link TimeoutException} and {@link
 * NodeTimeoutException} are; {@code retryOn} types and {@code retryIf} predicates widen that set.
 * Anything else fails the node at once.
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.builder()
 *     .maxAttempts(4)                                         // 1 try + 3 retries
 *     .backoff(Duration.ofMillis(100), Duration.ofSeconds(5)) // base and cap
 *     .abortOn(IllegalArgumentException.class)
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
 * @param maxAttempts attempts in all, counting the first (≥ 1)
 * @param baseDelay delay before the second attempt
 * @param maxDelay largest delay, jitter included
 * @param multiplier growth factor per attempt (≥ 1)
 * @param jitter extra random delay as a fraction of the delay, in [0, 1]; 0 turns jitter off
 * @param retryOn extra exception types to retry
 * @param abortOn exception types never to retry (wins over everything else)
 * @param retryIf extra predicates; a match retries
 */
public record RetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    double multiplier,
    double jitter,
    List<Class<? extends Throwable>> retryOn,
    List<Class<? extends Throwable>> abortOn,
    List<Predicate<? super Throwable>> retryIf) {

  private static final String INVALID = "invalid RetryPolicy: ";
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  /** Validates; prefer {@link #builder()}. */
  public RetryPolicy {
    retryOn = List.copyOf(retryOn);
    abortOn = List.copyOf(abortOn);
    retryIf = List.copyOf(retryIf);
    List<String> problems = new ArrayList<>();
    if (maxAttempts < 1) {
      problems.add(
          "maxAttempts must be at least 1 (it counts the first attempt), was " + maxAttempts);
    }
    if (baseDelay == null || baseDelay.isNegative()) {
      problems.add("baseDelay must be zero or positive, was " + baseDelay);
    }
    if (maxDelay == null || maxDelay.isNegative()) {
      problems.add("maxDelay must be zero or positive, was " + maxDelay);
    } else if (baseDelay != null && maxDelay.compareTo(baseDelay) < 0) {
      problems.add(
          "maxDelay (" + maxDelay + ") must not be smaller than baseDelay (" + baseDelay + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      problems.add("multiplier must be a finite number ≥ 1, was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      problems.add("jitter must be in [0, 1], was " + jitter);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(INVALID + String.join("; ", problems));
    }
  }

  /**
   * A policy that never retries (one attempt): the default when neither node nor engine sets one.
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder with defaults: 3 attempts, 100 ms base, 10 s cap, multiplier 2, jitter 0.2. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this policy, to derive a changed one: {@code p.toBuilder().maxAttempts(5)}.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.baseDelay = baseDelay;
    b.maxDelay = maxDelay;
    b.multiplier = multiplier;
    b.jitter = jitter;
    b.retryOn.addAll(retryOn);
    b.abortOn.addAll(abortOn);
    b.retryIf.addAll(retryIf);
    return b;
  }

  /** Whether {@code failure} may be retried under this policy (attempts left aside). */
  public boolean isRetryable(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    if (failure instanceof Error
        || failure instanceof PermanentException
        || failure instanceof NoRouteException
        || isInstanceOfAny(failure, abortOn)) {
      return false;
    }
    if (failure instanceof TransientException
        || failure instanceof IOException
        || failure instanceof UncheckedIOException
        || failure instanceof TimeoutException
        || failure instanceof NodeTimeoutException
        || isInstanceOfAny(failure, retryOn)) {
      return true;
    }
    for (Predicate<? super Throwable> predicate : retryIf) {
      if (predicate.test(failure)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The delay before attempt {@code failedAttempt + 1}, without jitter, saturating at {@code
   * maxDelay}.
   */
  public Duration delayAfter(int failedAttempt) {
    return Duration.ofNanos(Backoff.delayNanos(this, failedAttempt, 0.0));
  }

  private static boolean isInstanceOfAny(Throwable t, List<Class<? extends Throwable>> types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Builds a {@link RetryPolicy}; {@link #build()} reports every invalid setting at once. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(10);
    private double multiplier = 2.0;
    private double jitter = 0.2;
    private final List<String> problems = new ArrayList<>(); // bad arguments, listed at build()
    private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
    private final List<Class<? extends Throwable>> abortOn = new ArrayList<>();
    private final List<Predicate<? super Throwable>> retryIf = new ArrayList<>();

    private Builder() {}

    /** Attempts in all, counting the first; 1 means no retry. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Delay before the second attempt, and the largest delay (jitter included). */
    public Builder backoff(Duration baseDelay, Duration maxDelay) {
      this.baseDelay = baseDelay;
      this.maxDelay = maxDelay;
      return this;
    }

    /** Growth factor of the delay per attempt; default 2. */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** Extra random delay as a fraction of the delay, in [0, 1]; default 0.2. */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Turns jitter off: delays are exactly the exponential sequence. */
    public Builder withoutJitter() {
      return jitter(0.0);
    }

    /** Also retry failures of these types. */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      if (types == null) {
        problems.add("retryOn(...) was given null; pass exception types such as IOException.class");
        return this;
      }
      for (Class<? extends Throwable> type : types) {
        addType(type, retryOn, "retryOn");
      }
      return this;
    }

    /** Never retry failures of these types, whatever else matches. */
    @SafeVarargs
    public final Builder abortOn(Class<? extends Throwable>... types) {
      if (types == null) {
        problems.add("abortOn(...) was given null; pass exception types such as IOException.class");
        return this;
      }
      for (Class<? extends Throwable> type : types) {
        addType(type, abortOn, "abortOn");
      }
      return this;
    }

    private void addType(
        Class<? extends Throwable> type, List<Class<? extends Throwable>> into, String what) {
      if (type == null) {
        problems.add(
            what + "(...) was given a null type; pass exception types such as IOException.class");
      } else {
        into.add(type);
      }
    }

    /** Also retry failures matching {@code predicate}. */
    public Builder retryIf(Predicate<? super Throwable> predicate) {
      if (predicate == null) {
        problems.add("retryIf(null): pass a predicate over the failure");
      } else {
        retryIf.add(predicate);
      }
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public RetryPolicy build() {
      List<String> all = new ArrayList<>(problems);
      try {
        RetryPolicy policy =
            new RetryPolicy(
                maxAttempts, baseDelay, maxDelay, multiplier, jitter, retryOn, abortOn, retryIf);
        if (all.isEmpty()) {
          return policy;
        }
      } catch (IllegalArgumentException e) {
        all.add(e.getMessage().substring(INVALID.length()));
      }
      throw new IllegalArgumentException(INVALID + String.join("; ", all));
    }
  }
}
