package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Invalid RetryPolicy, NodePolicy and Options are refused with every problem listed. */
class PolicyValidationTest {

  @Test
  void retryPolicyListsEveryInvalidSetting() {
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .maxAttempts(0)
                    .backoff(Duration.ofMillis(-1), Duration.ofMillis(-2))
                    .multiplier(0.5)
                    .jitter(1.5)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid RetryPolicy: ")
        .hasMessageContaining("maxAttempts must be at least 1")
        .hasMessageContaining("was 0")
        .hasMessageContaining("baseDelay must be zero or positive")
        .hasMessageContaining("maxDelay must be zero or positive")
        .hasMessageContaining("multiplier must be a finite number ≥ 1, was 0.5")
        .hasMessageContaining("jitter must be in [0, 1], was 1.5");
  }

  @Test
  void retryPolicyRefusesACapBelowTheBaseAndNonFiniteNumbers() {
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .multiplier(Double.NaN)
                    .jitter(Double.NaN)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay (PT1S) must not be smaller than baseDelay (PT2S)")
        .hasMessageContaining("multiplier")
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.POSITIVE_INFINITY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(null, null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseDelay")
        .hasMessageContaining("maxDelay");
  }

  @Test
  void retryPolicyDefaultsAndLimitsAreAccepted() {
    RetryPolicy p = RetryPolicy.builder().build();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.baseDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.maxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.multiplier()).isEqualTo(2.0);
    assertThat(p.jitter()).isEqualTo(0.2);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    // Edges of the valid ranges.
    RetryPolicy edge =
        RetryPolicy.builder()
            .maxAttempts(1)
            .backoff(Duration.ZERO, Duration.ZERO)
            .multiplier(1.0)
            .jitter(1.0)
            .build();
    assertThat(edge.delayAfter(5)).isZero();
  }

  @Test
  void nodePolicyRefusesAZeroOrNegativeTimeout() {
    assertThatThrownBy(() -> NodePolicy.builder().timeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid NodePolicy")
        .hasMessageContaining("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> NodePolicy.builder().timeout(Duration.ofMillis(-5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was PT-0.005S");
    NodePolicy ok = NodePolicy.builder().timeout(Duration.ofNanos(1)).build();
    assertThat(ok.timeout()).contains(Duration.ofNanos(1));
    assertThat(ok.retry()).isEmpty();
  }

  @Test
  void optionsListEveryInvalidValue() {
    assertThatThrownBy(
            () ->
                Options.builder()
                    .maxConcurrentNodes(-1)
                    .queueDepth(0)
                    .maxSteps(0)
                    .backpressureTimeout(Duration.ZERO)
                    .defaultNodeTimeout(Duration.ofSeconds(-1))
                    .runWallClockBudget(Duration.ZERO)
                    .defaultRetry(null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid Options: ")
        .hasMessageContaining("maxConcurrentNodes must be ≥ 0 (0 = sequential), was -1")
        .hasMessageContaining("queueDepth must be ≥ 1, was 0")
        .hasMessageContaining("maxSteps must be ≥ 1, was 0")
        .hasMessageContaining("backpressureTimeout must be positive")
        .hasMessageContaining("defaultNodeTimeout must be positive")
        .hasMessageContaining("runWallClockBudget must be positive")
        .hasMessageContaining("defaultRetry must not be null");
  }

  @Test
  void optionsRefuseNullOptionalsInTheCanonicalConstructor() {
    assertThatThrownBy(() -> new Options(1, 1, null, Optional.empty(), null, 1, RetryPolicy.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backpressureTimeout must not be null")
        .hasMessageContaining("runWallClockBudget must not be null");
  }

  @Test
  void optionsHaveTheDocumentedDefaults() {
    Options o = Options.defaults();
    assertThat(o.maxConcurrentNodes()).isEqualTo(16);
    assertThat(o.queueDepth()).isEqualTo(1024);
    assertThat(o.backpressureTimeout()).isEmpty();
    assertThat(o.defaultNodeTimeout()).isEmpty();
    assertThat(o.runWallClockBudget()).isEmpty();
    assertThat(o.maxSteps()).isEqualTo(10_000);
    assertThat(o.defaultRetry()).isEqualTo(RetryPolicy.none());
    assertThat(o.sequential()).isFalse();
    assertThat(Options.builder().maxConcurrentNodes(0).build().sequential()).isTrue();
  }
}
