package dev.weft.langchain4j;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Tokens and cost of one model call or of many, as plain data (it lives in checkpointed state).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * LlmUsage total = LlmUsage.NONE.plus(first).plus(second);
 * System.out.println(total.inputTokens() + " in, " + total.outputTokens() + " out, " + total.cost());
 * }</pre>
 *
 * @param calls model calls counted
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param cost their cost in the {@link PriceTable}'s currency; zero when nothing was priced
 * @param unpricedCalls calls whose model the price table did not know (their cost is missing)
 */
public record LlmUsage(
    long calls, long inputTokens, long outputTokens, BigDecimal cost, long unpricedCalls) {
  /** No calls. */
  public static final LlmUsage NONE = new LlmUsage(0, 0, 0, BigDecimal.ZERO, 0);

  public LlmUsage {
    Objects.requireNonNull(cost, "cost");
  }

  /** The sum of both. */
  public LlmUsage plus(LlmUsage other) {
    return new LlmUsage(
        calls + other.calls,
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cost.add(other.cost),
        unpricedCalls + other.unpricedCalls);
  }

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
