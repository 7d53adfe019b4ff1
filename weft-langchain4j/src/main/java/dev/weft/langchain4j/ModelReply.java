package dev.weft.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;

/**
 * What a model node got back: LangChain4j's response and Weft's measurement of the call.
 *
 * <pre>{@code
 * .delta((doc, reply) -> doc.withSummary(reply.text()).plusUsage(reply.usage()))
 * }</pre>
 *
 * @param response the provider's answer
 * @param call tokens, latency and cost of the call
 */
public record ModelReply(ChatResponse response, LlmCall call) {
  public ModelReply {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(call, "call");
  }

  /** The answer's text, or {@code ""} when the model only asked for tools. */
  public String text() {
    String text = response.aiMessage().text();
    return text == null ? "" : text;
  }

  /** This call's tokens and cost. */
  public LlmUsage usage() {
    return call.usage();
  }
}
