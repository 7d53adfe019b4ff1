package dev.weft.langchain4j;

import static dev.weft.langchain4j.ScriptedOpenAi.call;
import static dev.weft.langchain4j.ScriptedOpenAi.status;
import static dev.weft.langchain4j.ScriptedOpenAi.text;
import static dev.weft.langchain4j.ScriptedOpenAi.tools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.emit.BufferedEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tool-calling loop over LangChain4j's real OpenAI client and a scripted server. */
class AgentTest {
  private final ScriptedOpenAi server;
  private final BufferedEmitter events = new BufferedEmitter(10_000);
  private final PriceTable prices =
      PriceTable.builder().price("gpt-test", new BigDecimal("1"), new BigDecimal("4")).build();

  AgentTest() throws Exception {
    server = new ScriptedOpenAi();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Two tools as @Tool methods; the first is slow so it finishes last. */
  static final class Research {
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger flaky = new AtomicInteger();

    @Tool("Searches the web")
    String search(@P("the query") String query) throws InterruptedException {
      Thread.sleep(200);
      ran.add("search:" + query);
      return "results for " + query;
    }

    @Tool("Looks a page up by id")
    String lookup(@P("page id") int id) {
      ran.add("lookup:" + id);
      return "page " + id;
    }

    @Tool("Fails once with an I/O error, then works")
    String flaky() throws IOException {
      if (flaky.incrementAndGet() == 1) {
        throw new IOException("connection reset");
      }
      return "worked on attempt " + flaky.get();
    }

    @Tool("Always fails")
    @SuppressWarnings("DoNotCallSuggester") // the model calls it through LangChain4j, by design
    String broken() {
      throw new IllegalStateException("the index is corrupt");
    }
  }

  private static AgentState question() {
    return AgentState.start(
        new Message.Instructions("Be brief."), new Message.User("Tell me about Weft."));
  }

  private Engine<AgentState> engine(Graph<AgentState> graph, int concurrency) {
    return Engine.builder(graph)
        .options(Options.builder().maxConcurrentNodes(concurrency).build())
        .emitter(events)
        .build();
  }

  private static List<String> roles(JsonNode request) {
    List<String> roles = new ArrayList<>();
    request.path("messages").forEach(m -> roles.add(m.path("role").asText()));
    return roles;
  }

  @Test
  void toolLoopRunsRequestedToolsAndFeedsResultsBackInOrder() {
    Research research = new Research();
    server.then(
        tools(
            100,
            20,
            call("c1", "search", "{\"query\":\"weft\"}"),
            call("c2", "lookup", "{\"id\":7}")),
        text("Weft is a graph engine.", 180, 30));
    Graph<AgentState> graph = Agent.builder(server.model()).tools(research).prices(prices).build();

    AgentState done = engine(graph, 4).run("a1", question());

    assertThat(done.status()).isEqualTo(AgentState.Status.ANSWERED);
    assertThat(done.answer()).contains("Weft is a graph engine.");
    assertThat(research.ran).containsExactlyInAnyOrder("search:weft", "lookup:7");
    assertThat(server.requestCount()).isEqualTo(2);
    JsonNode second = server.requests().get(1);
    assertThat(roles(second)).containsExactly("system", "user", "assistant", "tool", "tool");
    JsonNode messages = second.path("messages");
    assertThat(messages.get(2).path("tool_calls").get(0).path("id").asText()).isEqualTo("c1");
    // search finished last (it sleeps) but its result comes first: the order the model asked.
    assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("c1");
    assertThat(messages.get(3).path("content").asText()).isEqualTo("results for weft");
    assertThat(messages.get(4).path("tool_call_id").asText()).isEqualTo("c2");
    assertThat(messages.get(4).path("content").asText()).isEqualTo("page 7");
    assertThat(server.requests().get(0).path("tools")).hasSize(4);

    // 280 in, 50 out at 1 and 4 per million
    assertThat(done.usage()).isEqualTo(new LlmUsage(2, 280, 50, new BigDecimal("0.00048"), 0));
    assertThat(done.modelCalls()).isEqualTo(2);
    var llm = events.byType(EventType.LLM_CALL);
    assertThat(llm).hasSize(2);
    assertThat(llm.get(1).attributes())
        .containsEntry("runInputTokens", 280L)
        .containsEntry("runOutputTokens", 50L)
        .containsEntry("runCost", new BigDecimal("0.00048"));
  }

  @Test
  void finalStateIsTheSameSequentiallyAndConcurrently() {
    List<AgentState> finals = new ArrayList<>();
    for (int concurrency : new int[] {0, 1, 4}) {
      server.then(
          tools(
              10,
              2,
              call("c1", "search", "{\"query\":\"a\"}"),
              call("c2", "lookup", "{\"id\":1}"),
              call("c3", "search", "{\"query\":\"b\"}")),
          text("done", 20, 3));
      Graph<AgentState> graph = Agent.builder(server.model()).tools(new Research()).build();
      finals.add(engine(graph, concurrency).run("same-run", question()));
    }
    assertThat(finals.get(1)).isEqualTo(finals.get(0));
    assertThat(finals.get(2)).isEqualTo(finals.get(0));
    assertThat(finals.get(0).messages())
        .filteredOn(Message.ToolResult.class::isInstance)
        .extracting(m -> ((Message.ToolResult) m).callId())
        .containsExactly("c1", "c2", "c3");
  }

  @Test
  void failingToolBecomesAnErrorResultTheModelSees() {
    server.then(tools(5, 1, call("c1", "broken", "{}")), text("The index is broken; sorry.", 9, 2));
    Graph<AgentState> graph =
        Agent.builder(server.model()).tools(new Research()).toolRetry(RetryPolicy.none()).build();

    AgentState done = engine(graph, 0).run("a1", question());

    assertThat(done.answer()).contains("The index is broken; sorry.");
    JsonNode toolMessage = server.requests().get(1).path("messages").get(3);
    assertThat(toolMessage.path("content").asText())
        .isEqualTo("error: tool 'broken' failed: the index is corrupt");
    assertThat(done.messages().get(3))
        .isInstanceOfSatisfying(Message.ToolResult.class, r -> assertThat(r.error()).isTrue());
  }

  @Test
  void failRunOnToolErrorFailsTheRun() {
    server.then(tools(5, 1, call("c1", "broken", "{}")));
    Graph<AgentState> graph =
        Agent.builder(server.model())
            .tools(new Research())
            .toolRetry(RetryPolicy.none())
            .failRunOnToolError()
            .build();

    Throwable failure = catchThrowable(() -> engine(graph, 0).run("a1", question()));

    assertThat(failure)
        .hasMessageContaining("tool:broken")
        .hasRootCauseMessage("the index is corrupt");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void transientToolFailureIsRetriedByItsOwnPolicy() {
    Research research = new Research();
    server.then(tools(5, 1, call("c1", "flaky", "{}")), text("fine", 9, 2));
    ToolSpecification spec =
        dev.langchain4j.agent.tool.ToolSpecifications.toolSpecificationsFrom(research).stream()
            .filter(s -> s.name().equals("flaky"))
            .findFirst()
            .orElseThrow();
    Graph<AgentState> graph =
        Agent.builder(server.model())
            .tool(
                spec,
                (request, memory) -> {
                  try {
                    return research.flaky();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                },
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                            .build())
                    .build())
            .build();

    AgentState done = engine(graph, 2).run("a1", question());

    assertThat(done.answer()).contains("fine");
    assertThat(events.byType(EventType.RETRY_SCHEDULED))
        .singleElement()
        .satisfies(e -> assertThat(e.nodeId()).isEqualTo("tool:flaky"));
    assertThat(server.requests().get(1).path("messages").get(3).path("content").asText())
        .isEqualTo("worked on attempt 2");
  }

  @Test
  void slowToolTimesOutIntoAnErrorResult() {
    server.then(tools(5, 1, call("c1", "wait", "{}")), text("gave up waiting", 9, 2));
    ToolSpecification wait =
        ToolSpecification.builder()
            .name("wait")
            .description("Waits a long time")
            .parameters(JsonObjectSchema.builder().build())
            .build();
    Graph<AgentState> graph =
        Agent.builder(server.model())
            .tool(
                wait,
                (request, memory) -> {
                  try {
                    Thread.sleep(30_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return "late";
                },
                NodePolicy.builder()
                    .timeout(Duration.ofMillis(200))
                    .retry(RetryPolicy.none())
                    .build())
            .build();

    AgentState done = engine(graph, 2).run("a1", question());

    assertThat(done.answer()).contains("gave up waiting");
    assertThat(server.requests().get(1).path("messages").get(3).path("content").asText())
        .startsWith("error: tool 'wait' failed: tool 'wait' timed out after 200ms");
  }

  @Test
  void unknownToolAndStepLimit() {
    server.then(
        tools(5, 1, call("c1", "teleport", "{}")),
        tools(5, 1, call("c2", "lookup", "{\"id\":1}")),
        tools(5, 1, call("c3", "lookup", "{\"id\":2}")));
    Graph<AgentState> graph =
        Agent.builder(server.model()).tools(new Research()).maxModelCalls(3).build();

    AgentState done = engine(graph, 0).run("a1", question());

    assertThat(done.status()).isEqualTo(AgentState.Status.STEP_LIMIT);
    assertThat(done.answer()).isEmpty();
    assertThat(done.modelCalls()).isEqualTo(3);
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.requests().get(1).path("messages").get(3).path("content").asText())
        .startsWith("error: no tool named 'teleport'; available: [broken, flaky, lookup, search]");
  }

  @Test
  void modelRateLimitInsideTheLoopIsRetried() {
    server.then(status(429, "slow down"), text("ok", 3, 1));
    Graph<AgentState> graph =
        Agent.builder(server.model())
            .modelPolicy(
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                            .build())
                    .build())
            .build();

    assertThat(engine(graph, 0).run("a1", question()).answer()).contains("ok");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void resumeAfterAKillDoesNotRepeatCommittedModelCalls() throws Exception {
    Research research = new Research();
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    server.then(
        tools(10, 1, call("c1", "lookup", "{\"id\":1}")),
        tools(20, 1, call("c2", "lookup", "{\"id\":2}")),
        new ScriptedOpenAi.Blocked(arrived, never, text("never delivered", 1, 1)));
    InMemoryCheckpointStore<AgentState> store = new InMemoryCheckpointStore<>();
    Graph<AgentState> graph = Agent.builder(server.model()).tools(research).prices(prices).build();

    // First process: killed while the third model call is in flight.
    CompletableFuture<AgentState> first =
        Engine.builder(graph).store(store).build().runAsync("a1", question());
    assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
    first.cancel(true);
    assertThat(catchThrowable(first::join)).isInstanceOf(CancellationException.class);
    assertThat(research.ran).containsExactly("lookup:1", "lookup:2");

    // Second process: a new engine on the same store; the model answers this time.
    server.then(text("two pages", 30, 2));
    AgentState done = Engine.builder(graph).store(store).emitter(events).build().resume("a1");

    assertThat(done.answer()).contains("two pages");
    assertThat(server.requestCount()).as("calls 1 and 2 were committed, not repeated").isEqualTo(4);
    assertThat(research.ran)
        .as("no committed tool ran again")
        .containsExactly("lookup:1", "lookup:2");
    assertThat(roles(server.requests().get(3)))
        .containsExactly("system", "user", "assistant", "tool", "assistant", "tool");
    // Tokens of the three answered calls only: 10+20+30 in, 1+1+2 out.
    assertThat(done.usage()).isEqualTo(new LlmUsage(3, 60, 4, new BigDecimal("0.000076"), 0));
    assertThat(events.byType(EventType.LLM_CALL)).hasSize(1);
  }
}
