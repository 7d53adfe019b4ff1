package dev.weft.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.NodeTimeoutException;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RetryPolicy;
import dev.weft.TimeoutSource;
import dev.weft.TransientException;
import dev.weft.internal.Backoff;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The policy's arithmetic, validation and classification, without an engine. */
class RetryPolicyTest {
  private static final Duration BASE = Duration.ofMillis(100);

  @Test
  void defaultsAreDocumented() {
    RetryPolicy p = RetryPolicy.builder().build();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.baseDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.maxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.multiplier()).isEqualTo(2.0);
    assertThat(p.jitter()).isEqualTo(0.2);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(Options.defaults().defaultRetry()).isEqualTo(RetryPolicy.none());
  }

  @Test
  void delayGrowsExponentiallyUpToTheCap() {
    RetryPolicy p =
        RetryPolicy.builder().backoff(BASE, Duration.ofSeconds(1)).withoutJitter().build();
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.delayAfter(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(50)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void multiplierShapesTheSequence() {
    RetryPolicy constant =
        RetryPolicy.builder().backoff(BASE, Duration.ofSeconds(1)).multiplier(1).build();
    RetryPolicy triple =
        RetryPolicy.builder().backoff(BASE, Duration.ofSeconds(10)).multiplier(3).build();
    assertThat(Backoff.delayNanos(constant, 7, 0.0)).isEqualTo(BASE.toNanos());
    assertThat(Backoff.delayNanos(triple, 3, 0.0)).isEqualTo(900_000_000L);
  }

  @Test
  void jitterAddsAtMostItsFractionAndNeverPassesTheCap() {
    RetryPolicy p = RetryPolicy.builder().backoff(BASE, Duration.ofMillis(500)).jitter(0.5).build();
    assertThat(Backoff.delayNanos(p, 1, 0.0)).isEqualTo(100_000_000L);
    assertThat(Backoff.delayNanos(p, 1, 0.5)).isEqualTo(125_000_000L);
    assertThat(Backoff.delayNanos(p, 1, 0.999_999)).isBetween(100_000_000L, 150_000_000L);
    assertThat(Backoff.delayNanos(p, 3, 0.999_999))
        .isEqualTo(500_000_000L); // 400 ms + 200 ms, capped
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMillis(400)); // no jitter sample, no jitter
  }

  @Test
  void hugeAttemptsDelaysAndMultipliersSaturateAtTheCap() {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    RetryPolicy huge =
        RetryPolicy.builder()
            .maxAttempts(Integer.MAX_VALUE)
            .backoff(forever, forever)
            .multiplier(Double.MAX_VALUE)
            .jitter(1.0)
            .build();
    for (int attempt : new int[] {1, 2, 64, 1_100, Integer.MAX_VALUE}) {
      for (double u : new double[] {0.0, 0.5, 0.999_999_999}) {
        assertThat(Backoff.delayNanos(huge, attempt, u)).isEqualTo(Long.MAX_VALUE);
      }
    }
    RetryPolicy capped =
        RetryPolicy.builder()
            .maxAttempts(Integer.MAX_VALUE)
            .backoff(Duration.ofNanos(1), Duration.ofSeconds(30))
            .multiplier(1e300)
            .build();
    for (int attempt : new int[] {2, 3, 1_000, Integer.MAX_VALUE}) {
      assertThat(Backoff.delayNanos(capped, attempt, 0.999))
          .isEqualTo(Duration.ofSeconds(30).toNanos());
    }
    assertThat(Backoff.delayNanos(capped, 1, 0.0)).isEqualTo(1);
  }

  @Test
  void delaysNeverGoNegativeAndNeverShrinkWithTheAttempt() {
    RetryPolicy p =
        RetryPolicy.builder()
            .backoff(Duration.ofMillis(3), Duration.ofDays(365))
            .multiplier(1.7)
            .withoutJitter()
            .build();
    long previous = 0;
    for (int attempt = 1; attempt < 5_000; attempt++) {
      long d = Backoff.delayNanos(p, attempt, 0.0);
      assertThat(d).isGreaterThanOrEqualTo(previous);
      previous = d;
    }
    assertThat(previous).isEqualTo(Duration.ofDays(365).toNanos());
  }

  @Test
  void aZeroBaseDelayStaysZeroForEveryAttempt() {
    RetryPolicy p = RetryPolicy.builder().backoff(Duration.ZERO, Duration.ofSeconds(10)).build();
    for (int attempt : new int[] {1, 2, 100, 1_100, Integer.MAX_VALUE}) {
      assertThat(Backoff.delayNanos(p, attempt, 0.9)).as("attempt %d", attempt).isZero();
    }
  }

  @Test
  void buildReportsEveryInvalidSettingAtOnce() {
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .maxAttempts(0)
                    .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .multiplier(0.5)
                    .jitter(1.5)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid RetryPolicy: ")
        .hasMessageContaining("maxAttempts must be at least 1 (it counts the first attempt), was 0")
        .hasMessageContaining("maxDelay (PT1S) must not be smaller than baseDelay (PT2S)")
        .hasMessageContaining("multiplier must be a finite number ≥ 1, was 0.5")
        .hasMessageContaining("jitter must be in [0, 1], was 1.5");
  }

  @Test
  void buildRejectsNegativeAndMissingDelaysAndNonFiniteNumbers() {
    assertThatThrownBy(
            () ->
                RetryPolicy.builder().backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)).build())
        .hasMessageContaining("baseDelay must be zero or positive, was PT-0.001S");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(BASE, null).build())
        .hasMessageContaining("maxDelay must be zero or positive, was null");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.NaN).build())
        .hasMessageContaining("multiplier must be a finite number ≥ 1, was NaN");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.POSITIVE_INFINITY).build())
        .hasMessageContaining("multiplier must be a finite number ≥ 1, was Infinity");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(-0.1).build())
        .hasMessageContaining("jitter must be in [0, 1], was -0.1");
  }

  @Test
  void transientIoAndTimeoutFamiliesAreRetriedByDefault() {
    RetryPolicy p = RetryPolicy.builder().build();
    assertThat(p.isRetryable(new TransientException("503"))).isTrue();
    assertThat(p.isRetryable(new IOException("reset"))).isTrue();
    assertThat(p.isRetryable(new SocketTimeoutException("read"))).isTrue(); // an IOException
    assertThat(p.isRetryable(new UncheckedIOException(new IOException("reset")))).isTrue();
    assertThat(p.isRetryable(new TimeoutException("slow"))).isTrue();
    assertThat(
            p.isRetryable(
                new NodeTimeoutException(
                    "r", 0, "n", 1, 3, Duration.ofMillis(10), TimeoutSource.NODE_POLICY)))
        .isTrue();
  }

  @Test
  void permanentErrorsAndEverythingElseAreNotRetriedByDefault() {
    RetryPolicy p = RetryPolicy.builder().build();
    assertThat(p.isRetryable(new PermanentException("card expired"))).isFalse();
    assertThat(p.isRetryable(new OutOfMemoryError())).isFalse();
    assertThat(p.isRetryable(new AssertionError("bug"))).isFalse();
    assertThat(p.isRetryable(new IllegalStateException("bug"))).isFalse();
    assertThat(p.isRetryable(new RuntimeException(new IOException("wrapped")))).isFalse();
  }

  @Test
  void abortOnWinsOverEveryRetryRule() {
    RetryPolicy p =
        RetryPolicy.builder()
            .abortOn(FileNotFoundException.class, TransientException.class)
            .retryOn(FileNotFoundException.class)
            .retryIf(t -> true)
            .build();
    assertThat(p.isRetryable(new FileNotFoundException("gone"))).isFalse();
    assertThat(p.isRetryable(new TransientException("busy"))).isFalse();
    assertThat(p.isRetryable(new IOException("reset"))).isTrue();
  }

  @Test
  void retryOnAndRetryIfWidenButNeverToPermanentFailuresOrErrors() {
    RetryPolicy p =
        RetryPolicy.builder()
            .retryOn(IllegalStateException.class, PermanentException.class, Error.class)
            .retryIf(t -> t.getMessage() != null && t.getMessage().contains("429"))
            .build();
    assertThat(p.isRetryable(new IllegalStateException("pool exhausted"))).isTrue();
    assertThat(p.isRetryable(new RuntimeException("HTTP 429"))).isTrue();
    assertThat(p.isRetryable(new RuntimeException("HTTP 400"))).isFalse();
    assertThat(p.isRetryable(new PermanentException("HTTP 429"))).isFalse();
    assertThat(p.isRetryable(new StackOverflowError())).isFalse();
  }
}
