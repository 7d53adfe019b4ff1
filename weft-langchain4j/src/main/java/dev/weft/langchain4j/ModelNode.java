package dev.weft.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.weft.Node;
import dev.weft.NodeContext;
import dev.weft.NodeResult;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link Node} that calls a LangChain4j {@link ChatModel}: a function turns the state into a
 * request, the model answers, a function turns the answer into a delta. Failures are classified by
 * {@link ModelFailures} (429, 5xx, timeouts and connection resets are transient; authentication,
 * invalid requests and refused content are permanent), so the node's {@link dev.weft.RetryPolicy}
 * decides the retries and its {@link dev.weft.NodePolicy} timeout cuts a slow call. Build the model
 * with its own retries off ({@link OpenAiModels#builder()} does) so that Weft's deterministic
 * backoff is the only one. Each call's tokens, latency and cost go to {@link LlmMetrics} and to an
 * {@link dev.weft.EventType#LLM_CALL} event.
 *
 * <p>Immutable and thread-safe if the model and the functions are.
 *
 * <pre>{@code
 * Node<Doc> summarize = ModelNode.<Doc>builder(model)
 *     .messages(doc -> List.of(UserMessage.from("Summarize: " + doc.text())))
 *     .delta((doc, reply) -> doc.withSummary(reply.text()))
 *     .metrics(metrics)
 *     .prices(prices)
 *     .build();
 * }</pre>
 *
 * @param <S> the state type
 */
public final class ModelNode<S> implements Node<S> {
  private final ModelCaller caller;
  private final Function<? super S, ChatRequest> request;
  private final BiFunction<? super S, ModelReply, NodeResult<S>> result;

  private ModelNode(Builder<S> b) {
    this.caller = new ModelCaller(b.model, b.modelName, b.metrics, b.prices);
    this.request = b.request;
    this.result = b.result;
  }

  /** Starts a node calling {@code model}. */
  public static <S> Builder<S> builder(ChatModel model) {
    return new Builder<>(model);
  }

  @Override
  public NodeResult<S> apply(S state, NodeContext ctx) {
    ChatRequest req =
        Objects.requireNonNull(request.apply(state), "the request function returned null");
    return result.apply(state, caller.call(req, ctx, null));
  }

  /**
   * Configures a {@link ModelNode}; {@code messages} (or {@code request}) and {@code delta} (or
   * {@code result}) are required.
   *
   * @param <S> the state type
   */
  public static final class Builder<S> {
    private final ChatModel model;
    private Function<? super S, ChatRequest> request;
    private BiFunction<? super S, ModelReply, NodeResult<S>> result;
    private String modelName;
    private LlmMetrics metrics = LlmMetrics.none();
    private PriceTable prices = PriceTable.empty();

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** The messages to send, from the state. */
    public Builder<S> messages(Function<? super S, List<ChatMessage>> messages) {
      Objects.requireNonNull(messages, "messages");
      this.request = s -> ChatRequest.builder().messages(messages.apply(s)).build();
      return this;
    }

    /** The whole request (messages, tools, parameters), from the state. */
    public Builder<S> request(Function<? super S, ChatRequest> request) {
      this.request = Objects.requireNonNull(request, "request");
      return this;
    }

    /** The delta to merge, from the state and the reply; the node then follows its edges. */
    public Builder<S> delta(BiFunction<? super S, ModelReply, S> delta) {
      Objects.requireNonNull(delta, "delta");
      this.result = (s, reply) -> NodeResult.next(delta.apply(s, reply));
      return this;
    }

    /** The node's whole result (delta and route), from the state and the reply. */
    public Builder<S> result(BiFunction<? super S, ModelReply, NodeResult<S>> result) {
      this.result = Objects.requireNonNull(result, "result");
      return this;
    }

    /**
     * The model's name for metrics, events and prices when the provider does not report one;
     * default the model's configured name.
     */
    public Builder<S> modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName");
      return this;
    }

    /** Where each call's tokens and outcome go; default none. */
    public Builder<S> metrics(LlmMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Prices for the calls' cost; default none (cost unknown). */
    public Builder<S> prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * The node.
     *
     * @throws IllegalStateException when the request or the result function is missing
     */
    public ModelNode<S> build() {
      if (request == null) {
        throw new IllegalStateException(
            "ModelNode needs what to send: call messages(state -> ...) or request(state -> ...)");
      }
      if (result == null) {
        throw new IllegalStateException(
            "ModelNode needs what to merge: call delta((state, reply) -> ...) or result(...)");
      }
      return new ModelNode<>(this);
    }
  }
}
