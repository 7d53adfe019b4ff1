package dev.weft.langchain4j;

import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * OpenAI (and OpenAI-compatible) chat models set up for Weft: the client's own retries are off so
 * that the node's {@link dev.weft.RetryPolicy} is the only retry (deterministic backoff, visible as
 * {@code RETRY_SCHEDULED} events). Needs {@code langchain4j-open-ai} on the class path
 * (weft-langchain4j declares it optional). Stateless.
 *
 * <pre>{@code
 * ChatModel model = OpenAiModels.builder()
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .modelName("gpt-4o-mini")
 *     .build();
 * }</pre>
 */
public final class OpenAiModels {
  private OpenAiModels() {}

  /**
   * LangChain4j's OpenAI builder with {@code maxRetries(0)}; set the key, model, base URL and
   * timeout on it as usual. Setting {@code maxRetries} again turns provider retries back on (then
   * both retry, multiplying the attempts).
   */
  public static OpenAiChatModel.OpenAiChatModelBuilder builder() {
    return OpenAiChatModel.builder().maxRetries(0);
  }
}
