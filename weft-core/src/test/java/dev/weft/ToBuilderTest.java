package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration values derive changed copies through toBuilder() without losing a setting. */
class ToBuilderTest {
  private static final RetryPolicy RETRY =
      RetryPolicy.builder()
          .maxAttempts(5)
          .backoff(Duration.ofMillis(20), Duration.ofSeconds(3))
          .multiplier(3.0)
          .jitter(0.5)
          .retryOn(UncheckedIOException.class)
          .abortOn(IllegalArgumentException.class)
          .retryIf(t -> t.getMessage() != null && t.getMessage().contains("busy"))
          .build();

  @Test
  void optionsRoundTripAndChangeOneSetting() {
    Options options =
        Options.builder()
            .maxConcurrentNodes(3)
            .queueDepth(7)
            .backpressureTimeout(Duration.ofSeconds(2))
            .defaultNodeTimeout(Duration.ofMillis(250))
            .runWallClockBudget(Duration.ofMinutes(5))
            .maxSteps(99)
            .defaultRetry(RETRY)
            .build();

    assertThat(options.toBuilder().build()).isEqualTo(options);
    Options changed = options.toBuilder().maxSteps(500).build();
    assertThat(changed.maxSteps()).isEqualTo(500);
    assertThat(changed).isEqualTo(options.toBuilder().maxSteps(500).build());
    assertThat(changed.toBuilder().maxSteps(99).build()).isEqualTo(options);
    assertThat(Options.defaults().toBuilder().build()).isEqualTo(Options.defaults());
  }

  @Test
  void retryPolicyRoundTripsWithItsClassifier() {
    assertThat(RETRY.toBuilder().build()).isEqualTo(RETRY);
    RetryPolicy more = RETRY.toBuilder().maxAttempts(8).build();
    assertThat(more.maxAttempts()).isEqualTo(8);
    assertThat(more.retryOn()).isEqualTo(RETRY.retryOn());
    assertThat(more.abortOn()).isEqualTo(RETRY.abortOn());
    assertThat(more.retryIf()).isEqualTo(RETRY.retryIf());
    assertThat(more.isRetryable(new IllegalStateException("gateway busy"))).isTrue();
    assertThat(more.isRetryable(new IllegalArgumentException("busy"))).isFalse();
    // Widening the copy leaves the original as it was.
    RetryPolicy wider = RETRY.toBuilder().retryOn(IllegalStateException.class).build();
    assertThat(wider.retryOn()).hasSize(2);
    assertThat(RETRY.retryOn()).hasSize(1);
  }

  @Test
  void nodePolicyRoundTrips() {
    NodePolicy policy = NodePolicy.builder().timeout(Duration.ofSeconds(4)).retry(RETRY).build();

    assertThat(policy.toBuilder().build()).isEqualTo(policy);
    assertThat(NodePolicy.defaults().toBuilder().build()).isEqualTo(NodePolicy.defaults());
    NodePolicy longer = policy.toBuilder().timeout(Duration.ofSeconds(9)).build();
    assertThat(longer.timeout()).contains(Duration.ofSeconds(9));
    assertThat(longer.retry()).contains(RETRY);
  }
}
