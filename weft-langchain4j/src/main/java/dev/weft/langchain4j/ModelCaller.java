package dev.weft.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.weft.EventType;
import dev.weft.NodeContext;
import dev.weft.PermanentException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls a model once for a node: times it, classifies a failure, prices the tokens, and reports the
 * call to the metrics and as an {@code LLM_CALL} event. Immutable; shared by every attempt.
 */
final class ModelCaller {
  private final ChatModel model;
  private final String configuredModel;
  private final LlmMetrics metrics;
  private final PriceTable prices;

  ModelCaller(ChatModel model, String modelName, LlmMetrics metrics, PriceTable prices) {
    this.model = model;
    this.configuredModel = modelName != null ? modelName : defaultModelName(model);
    this.metrics = metrics;
    this.prices = prices;
  }

  String modelName() {
    return configuredModel;
  }

  /**
   * Sends {@code request}. {@code runSoFar} (the run's usage before this call, when the state keeps
   * it) adds run totals to the event.
   */
  ModelReply call(ChatRequest request, NodeContext ctx, LlmUsage runSoFar) {
    long start = System.nanoTime();
    ChatResponse response;
    try {
      response = model.chat(request);
    } catch (RuntimeException e) {
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      RuntimeException classified = ModelFailures.classify(configuredModel, e);
      String outcome =
          Thread.currentThread().isInterrupted()
              ? LlmCall.INTERRUPTED
              : switch (ModelFailures.kindOf(e)) {
                case TRANSIENT -> LlmCall.TRANSIENT_ERROR;
                case PERMANENT -> LlmCall.PERMANENT_ERROR;
                case UNKNOWN -> LlmCall.ERROR;
              };
      report(
          ctx,
          new LlmCall(ctx.nodeId(), configuredModel, outcome, 0, 0, latency, Optional.empty()),
          runSoFar,
          classified.getMessage());
      throw classified;
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    String name = response.modelName() != null ? response.modelName() : configuredModel;
    TokenUsage tokens = response.tokenUsage();
    long in = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
    long out = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
    Optional<BigDecimal> cost =
        prices.cost(name, in, out).or(() -> prices.cost(configuredModel, in, out));
    boolean refused = response.finishReason() == FinishReason.CONTENT_FILTER;
    LlmCall call =
        new LlmCall(
            ctx.nodeId(),
            name,
            refused ? LlmCall.PERMANENT_ERROR : LlmCall.SUCCESS,
            in,
            out,
            latency,
            cost);
    String refusal =
        refused
            ? "model '" + name + "' refused the content (finish reason CONTENT_FILTER; permanent)"
            : null;
    report(ctx, call, runSoFar, refusal);
    if (refused) {
      throw new PermanentException(refusal);
    }
    return new ModelReply(response, call);
  }

  private void report(NodeContext ctx, LlmCall call, LlmUsage runSoFar, String error) {
    try {
      metrics.callFinished(call);
    } catch (RuntimeException ignored) {
      // metrics never fail a node
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("model", call.model());
    attributes.put("outcome", call.outcome());
    attributes.put("inputTokens", call.inputTokens());
    attributes.put("outputTokens", call.outputTokens());
    attributes.put("latencyNanos", call.latency().toNanos());
    call.cost().ifPresent(c -> attributes.put("cost", c));
    if (error != null) {
      attributes.put("error", error);
    }
    if (runSoFar != null) {
      LlmUsage total = runSoFar.plus(call.usage());
      attributes.put("runInputTokens", total.inputTokens());
      attributes.put("runOutputTokens", total.outputTokens());
      attributes.put("runCost", total.cost());
    }
    ctx.emit(EventType.LLM_CALL, attributes);
  }

  private static String defaultModelName(ChatModel model) {
    try {
      String name = model.defaultRequestParameters().modelName();
      return name != null ? name : "unknown";
    } catch (RuntimeException e) {
      return "unknown";
    }
  }
}
