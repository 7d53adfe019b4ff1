package dev.weft.langchain4j;

/**
 * Receives every model call of the nodes it is given to; {@link MicrometerLlmMetrics} turns them
 * into {@code weft_llm_tokens_total} and {@code weft_llm_calls_total}. Calls come from many worker
 * threads at once: implementations must be thread-safe and quick. An implementation that throws is
 * ignored for that call; metrics never fail a node.
 *
 * <pre>{@code
 * LongAdder tokens = new LongAdder();
 * LlmMetrics counting = call -> tokens.add(call.inputTokens() + call.outputTokens());
 * }</pre>
 */
@FunctionalInterface
public interface LlmMetrics {
  /** A call ended, successfully or not. */
  void callFinished(LlmCall call);

  /** Metrics that record nothing. */
  static LlmMetrics none() {
    return call -> {};
  }
}
