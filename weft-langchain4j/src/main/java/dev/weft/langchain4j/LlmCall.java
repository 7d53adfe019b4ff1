package dev.weft.langchain4j;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One model call as measured by a model node: what {@link LlmMetrics} receive and what the {@code
 * LLM_CALL} event reports.
 *
 * <pre>{@code
 * LlmMetrics printing = call -> System.out.println(call.model() + " " + call.outcome());
 * }</pre>
 *
 * @param nodeId the node that called
 * @param model the model name the provider reported (else the configured one)
 * @param outcome {@link #SUCCESS}, {@link #TRANSIENT_ERROR}, {@link #PERMANENT_ERROR}, {@link
 *     #INTERRUPTED} or {@link #ERROR}
 * @param inputTokens prompt tokens (0 on failure or when the provider reported none)
 * @param outputTokens completion tokens
 * @param latency from sending the request to the answer or the failure
 * @param cost the call's cost, when the price table knows the model
 */
public record LlmCall(
    String nodeId,
    String model,
    String outcome,
    long inputTokens,
    long outputTokens,
    Duration latency,
    Optional<BigDecimal> cost) {
  /** The model answered. */
  public static final String SUCCESS = "success";

  /** The call failed in a way worth retrying (429, 5xx, timeout, connection reset). */
  public static final String TRANSIENT_ERROR = "transient_error";

  /** The call failed in a way retrying cannot fix (authentication, invalid request, refusal). */
  public static final String PERMANENT_ERROR = "permanent_error";

  /**
   * The call was interrupted: the engine cut the attempt at its time limit, or the run was
   * cancelled.
   */
  public static final String INTERRUPTED = "interrupted";

  /** The call failed for another reason (for example the node's own code). */
  public static final String ERROR = "error";

  public LlmCall {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(cost, "cost");
  }

  /** This call's tokens and cost as a usage to add up. */
  public LlmUsage usage() {
    boolean succeeded = SUCCESS.equals(outcome);
    return new LlmUsage(
        1,
        inputTokens,
        outputTokens,
        cost.orElse(BigDecimal.ZERO),
        cost.isPresent() || !succeeded ? 0 : 1);
  }
}
