package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import dev.weft.langchain4j.AddressGuard;
import dev.weft.langchain4j.Agent;
import dev.weft.langchain4j.AgentState;
import dev.weft.langchain4j.HttpTool;
import dev.weft.langchain4j.HttpToolException;
import dev.weft.langchain4j.LlmMetrics;
import dev.weft.langchain4j.Message;
import dev.weft.langchain4j.MicrometerLlmMetrics;
import dev.weft.langchain4j.ModelNode;
import dev.weft.langchain4j.OpenAiModels;
import dev.weft.langchain4j.PriceTable;
import dev.weft.spi.CheckpointStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippets of docs/llm.md, compiled; the parts that need no provider are run. */
class LlmDoc {
  /** An article and its summary. */
  record Article(String text, String summary) {
    Article merge(Article delta) {
      return new Article(
          delta.text != null ? delta.text : text, delta.summary != null ? delta.summary : summary);
    }
  }

  /** Two tools over a notebook. */
  static final class Notebook {
    @Tool(name = "search_notes", value = "Finds notes about a topic; returns matching note ids")
    String search(@P("the topic") String topic) {
      return "ids: n1";
    }

    @Tool(name = "read_note", value = "Reads one note by id")
    String read(@P("a note id") String id) {
      return "Every step is committed, so a resumed run repeats no finished step.";
    }
  }

  static ChatModel model() {
    // region model
    ChatModel model =
        OpenAiModels.builder()
            .apiKey(System.getenv("OPENAI_API_KEY"))
            .modelName("gpt-4o-mini")
            .timeout(Duration.ofSeconds(60))
            .build();
    // endregion
    return model;
  }

  static Graph<Article> modelNode(ChatModel model, MeterRegistry registry) {
    // region model-node
    PriceTable prices =
        PriceTable.builder()
            .price("gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60")) // per 1M tokens
            .build();
    LlmMetrics metrics = MicrometerLlmMetrics.create(registry, "articles");

    Graph<Article> graph =
        Graph.builder(Article::merge)
            .node(
                "summarize",
                ModelNode.<Article>builder(model)
                    .messages(a -> List.of(UserMessage.from("Summarize in one line: " + a.text())))
                    .delta((a, reply) -> new Article(null, reply.text()))
                    .metrics(metrics)
                    .prices(prices)
                    .build(),
                NodePolicy.builder()
                    .timeout(Duration.ofSeconds(30))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(4)
                            .retryOn(TransientException.class)
                            .build())
                    .build())
            .start("summarize")
            .build();
    // endregion
    return graph;
  }

  static String agent(ChatModel model, CheckpointStore<AgentState> store, LlmMetrics metrics) {
    // region agent
    Graph<AgentState> agent =
        Agent.builder(model)
            .tools(new Notebook()) // @Tool methods; or .tool(specification, executor[, policy])
            .toolTimeout(Duration.ofSeconds(10))
            .maxModelCalls(8)
            .metrics(metrics)
            .build();
    Engine<AgentState> engine =
        Engine.builder(agent)
            .options(Options.builder().maxConcurrentNodes(4).build())
            .store(store)
            .build();

    AgentState done =
        engine.run(
            "question-1",
            AgentState.start(
                new Message.Instructions("Answer from the notes."),
                new Message.User("How does Weft resume a run?")));
    String answer = done.answer().orElse("no answer: " + done.status());
    long tokens = done.usage().totalTokens();
    // endregion
    return answer + tokens;
  }

  static HttpTool httpTool() {
    // region http-tool
    HttpTool http =
        HttpTool.builder()
            .allowedMethods("GET", "HEAD")
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(10))
            .maxResponseBytes(200_000)
            .maxRedirects(2)
            .guard(
                AddressGuard.builder()
                    .allow("10.20.0.0/16") // the internal API's subnet
                    .allowHost("search.internal") // a trusted name, whatever it resolves to
                    .build())
            .build();
    // endregion
    return http;
  }

  static Graph<AgentState> agentWithHttp(ChatModel model, HttpTool http) {
    // region agent-http
    Graph<AgentState> agent =
        Agent.builder(model).tool(http.specification(), http.executor()).build();
    // endregion
    return agent;
  }

  @Test
  void theGraphsBuildWithoutAProvider() {
    ChatModel model = OpenAiModels.builder().apiKey("unused").modelName("gpt-4o-mini").build();
    assertThat(modelNode(model, new SimpleMeterRegistry()).nodeIds()).containsExactly("summarize");
    Graph<AgentState> agent = agentWithHttp(model, httpTool());
    assertThat(agent.nodeIds()).contains(Agent.MODEL_NODE, Agent.TOOL_NODE_PREFIX + "http_request");
  }

  @Test
  void theHttpToolRefusesTheMetadataAddressBeforeConnecting() {
    assertThatThrownBy(
            () -> httpTool().send("GET", "http://169.254.169.254/latest/meta-data", null))
        .isInstanceOf(HttpToolException.class)
        .hasMessageContaining("169.254.169.254");
  }
}
