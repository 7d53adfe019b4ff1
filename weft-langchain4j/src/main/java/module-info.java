/**
 * Weft for LLM agents on LangChain4j: a model node and an agent loop over any {@code ChatModel},
 * token and cost metrics, and an SSRF-guarded HTTP tool. Exports {@code dev.weft.langchain4j} only.
 */
@SuppressWarnings({
  "requires-automatic",
  "requires-transitive-automatic"
}) // the LangChain4j jars have no module descriptor; their names come from the jar names
module dev.weft.langchain4j {
  requires transitive dev.weft;
  requires transitive langchain4j.core; // ChatModel, messages and tool specifications in the API
  requires transitive langchain4j;
  requires transitive langchain4j.open.ai; // OpenAiModels returns its builder
  requires transitive micrometer.core; // MicrometerLlmMetrics takes a MeterRegistry
  requires com.fasterxml.jackson.databind;
  requires java.net.http;

  exports dev.weft.langchain4j;
}
