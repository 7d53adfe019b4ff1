package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The precedence between a step's stop causes is defined once, whatever the order they arise. */
class StepStopTest {
  private static StepStop stop(StepStop.Cause cause) {
    return new StepStop(cause, new IllegalStateException(cause.reason));
  }

  @Test
  void theHigherCauseWinsInEitherOrderAndTheFirstOfEqualsStays() {
    StepStop cancel = stop(StepStop.Cause.CANCELLED);
    StepStop budget = stop(StepStop.Cause.BUDGET);
    StepStop backpressure = stop(StepStop.Cause.BACKPRESSURE);

    assertThat(cancel.over(budget)).isSameAs(cancel);
    assertThat(budget.over(cancel)).isSameAs(cancel);
    assertThat(budget.over(backpressure)).isSameAs(budget);
    assertThat(backpressure.over(budget)).isSameAs(budget);
    assertThat(cancel.over(backpressure)).isSameAs(cancel);
    assertThat(backpressure.over(null)).isSameAs(backpressure);
    StepStop laterBudget = stop(StepStop.Cause.BUDGET);
    assertThat(laterBudget.over(budget)).isSameAs(budget);
  }

  @Test
  void onlyTheBackpressureTimeoutDrains() {
    assertThat(stop(StepStop.Cause.BACKPRESSURE).drains()).isTrue();
    assertThat(stop(StepStop.Cause.BUDGET).drains()).isFalse();
    assertThat(stop(StepStop.Cause.CANCELLED).drains()).isFalse();
  }
}
