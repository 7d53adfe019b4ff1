package dev.weft.langchain4j;

import static dev.weft.langchain4j.ScriptedOpenAi.status;
import static dev.weft.langchain4j.ScriptedOpenAi.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeTimeoutException;
import dev.weft.PermanentException;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import dev.weft.emit.BufferedEmitter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A model node over LangChain4j's real OpenAI client, against a scripted server on 127.0.0.1. */
class ModelNodeTest {
  /** The state: a question, the answer and what it cost. */
  record Qa(String question, String answer, LlmUsage usage) {
    static Qa merge(Qa s, Qa d) {
      return new Qa(s.question, d.answer != null ? d.answer : s.answer, s.usage.plus(d.usage));
    }
  }

  private final ScriptedOpenAi server;
  private final BufferedEmitter events = new BufferedEmitter(1000);
  private final List<LlmCall> calls = Collections.synchronizedList(new ArrayList<>());
  private final PriceTable prices =
      PriceTable.builder().price("gpt-test", new BigDecimal("2.50"), new BigDecimal("10")).build();

  ModelNodeTest() throws Exception {
    server = new ScriptedOpenAi();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Graph<Qa> graph(ChatModel model, NodePolicy policy) {
    ModelNode<Qa> ask =
        ModelNode.<Qa>builder(model)
            .messages(qa -> List.of(UserMessage.from(qa.question())))
            .delta((qa, reply) -> new Qa(null, reply.text(), reply.usage()))
            .metrics(calls::add)
            .prices(prices)
            .build();
    return Graph.<Qa>builder(Qa::merge).node("ask", ask, policy).start("ask").build();
  }

  private Qa run(NodePolicy policy) {
    return Engine.builder(graph(server.model(), policy))
        .emitter(events)
        .build()
        .run("r1", new Qa("What is Weft?", null, LlmUsage.NONE));
  }

  private static NodePolicy retrying(int attempts) {
    return NodePolicy.builder()
        .retry(
            RetryPolicy.builder()
                .maxAttempts(attempts)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .build())
        .build();
  }

  @Test
  void answerTokensAndCostReachStateMetricsAndEvents() {
    server.then(text("A graph engine.", 1200, 300));

    Qa done = run(NodePolicy.defaults());

    assertThat(done.answer()).isEqualTo("A graph engine.");
    // 1200 * 2.50 / 1M + 300 * 10 / 1M = 0.003 + 0.003
    assertThat(done.usage()).isEqualTo(new LlmUsage(1, 1200, 300, new BigDecimal("0.006"), 0));
    assertThat(server.requests().get(0).path("messages").get(0).path("content").asText())
        .isEqualTo("What is Weft?");
    assertThat(calls).hasSize(1);
    LlmCall call = calls.get(0);
    assertThat(call.nodeId()).isEqualTo("ask");
    assertThat(call.model()).isEqualTo("gpt-test");
    assertThat(call.outcome()).isEqualTo(LlmCall.SUCCESS);
    assertThat(call.inputTokens()).isEqualTo(1200);
    assertThat(call.outputTokens()).isEqualTo(300);
    assertThat(call.cost()).contains(new BigDecimal("0.006"));

    List<Event> llm = events.byType(EventType.LLM_CALL);
    assertThat(llm).hasSize(1);
    assertThat(llm.get(0).nodeId()).isEqualTo("ask");
    assertThat(llm.get(0).attributes())
        .containsEntry("model", "gpt-test")
        .containsEntry("outcome", "success")
        .containsEntry("inputTokens", 1200L)
        .containsEntry("outputTokens", 300L)
        .containsEntry("cost", new BigDecimal("0.006"))
        .containsKey("latencyNanos");
  }

  @Test
  void rateLimitIsRetriedWithWeftBackoffAndSucceeds() {
    server.then(status(429, "Rate limit reached for gpt-test"), text("ok", 10, 2));

    Qa done = run(retrying(3));

    assertThat(done.answer()).isEqualTo("ok");
    assertThat(server.requestCount()).as("the client's own retries are off").isEqualTo(2);
    List<Event> retries = events.byType(EventType.RETRY_SCHEDULED);
    assertThat(retries).hasSize(1);
    assertThat((Long) retries.get(0).attribute("delayNanos")).isPositive();
    assertThat(events.byType(EventType.NODE_FAILED).get(0).attribute("message").toString())
        .contains("HTTP 429", "Rate limit reached for gpt-test");
    assertThat(calls)
        .extracting(LlmCall::outcome)
        .containsExactly(LlmCall.TRANSIENT_ERROR, LlmCall.SUCCESS);
    assertThat(done.usage().inputTokens()).as("only the answer's tokens").isEqualTo(10);
  }

  @Test
  void serverErrorIsRetried() {
    server.then(
        status(500, "The server had an error"), status(503, "overloaded"), text("ok", 1, 1));

    assertThat(run(retrying(3)).answer()).isEqualTo("ok");
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void authenticationErrorIsNotRetriedAndKeepsTheProviderMessage() {
    server.then(status(401, "Incorrect API key provided: te**ey"), text("never", 1, 1));

    Throwable failure = catchThrowable(() -> run(retrying(5)));

    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(failure).hasCauseInstanceOf(PermanentException.class);
    assertThat(failure.getCause())
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("Incorrect API key provided");
    assertThat(events.byType(EventType.RETRY_SCHEDULED)).isEmpty();
    assertThat(calls).extracting(LlmCall::outcome).containsExactly(LlmCall.PERMANENT_ERROR);
  }

  @Test
  void invalidRequestAndRefusedContentArePermanent() {
    server.then(status(400, "This model's maximum context length is 8192 tokens"));
    Throwable invalid = catchThrowable(() -> run(retrying(3)));
    assertThat(invalid.getCause())
        .isInstanceOf(PermanentException.class)
        .hasMessageContaining("maximum context length");

    server.then(new ScriptedOpenAi.Filtered(40, 0));
    Throwable refused =
        catchThrowable(
            () ->
                Engine.builder(graph(server.model(), retrying(3)))
                    .build()
                    .run("r2", new Qa("?", null, LlmUsage.NONE)));
    assertThat(refused.getCause())
        .isInstanceOf(PermanentException.class)
        .hasMessageContaining("refused the content");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void slowAnswerIsCutAtTheNodeTimeout() {
    server.then(new ScriptedOpenAi.Slow(Duration.ofSeconds(20), text("late", 1, 1)));
    NodePolicy policy =
        NodePolicy.builder().timeout(Duration.ofMillis(300)).retry(RetryPolicy.none()).build();

    long start = System.nanoTime();
    Throwable failure = catchThrowable(() -> run(policy));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure).isInstanceOf(NodeTimeoutException.class).hasMessageContaining("300ms");
    assertThat(took)
        .as("cut by Weft, not by the 30 s client timeout")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(events.byType(EventType.NODE_TIMED_OUT)).hasSize(1);
  }

  @Test
  void clientTimeoutAndRefusedConnectionAreTransient() throws Exception {
    server.then(new ScriptedOpenAi.Slow(Duration.ofSeconds(5), text("late", 1, 1)));
    Throwable timeout = catchThrowable(() -> server.model(Duration.ofMillis(200)).chat("hello"));
    assertThat(ModelFailures.kindOf(timeout)).isEqualTo(ModelFailures.Kind.TRANSIENT);
    assertThat(ModelFailures.classify("gpt-test", timeout)).isInstanceOf(TransientException.class);

    String closed;
    try (ScriptedOpenAi gone = new ScriptedOpenAi()) {
      closed = gone.baseUrl();
    }
    ChatModel nowhere =
        OpenAiModels.builder().baseUrl(closed).apiKey("k").modelName("gpt-test").build();
    Throwable refused = catchThrowable(() -> nowhere.chat("hello"));
    assertThat(ModelFailures.kindOf(refused)).isEqualTo(ModelFailures.Kind.TRANSIENT);
  }
}
