/**
 * LLM calls as Weft nodes, on LangChain4j: {@link dev.weft.langchain4j.ModelNode} (one model call
 * with classified failures, {@link dev.weft.langchain4j.ModelFailures}), {@link
 * dev.weft.langchain4j.Agent} (the tool-calling loop as a ready graph over {@link
 * dev.weft.langchain4j.AgentState}), tokens and cost ({@link dev.weft.langchain4j.LlmMetrics},
 * {@link dev.weft.langchain4j.MicrometerLlmMetrics}, {@link dev.weft.langchain4j.PriceTable}), and
 * {@link dev.weft.langchain4j.HttpTool}, an HTTP tool with an SSRF guard.
 *
 * <pre>{@code
 * Graph<AgentState> agent = Agent.builder(OpenAiModels.builder().apiKey(key).modelName("gpt-4o-mini").build())
 *     .tools(new MyTools())
 *     .build();
 * }</pre>
 */
package dev.weft.langchain4j;
