package dev.weft.langchain4j;

import static dev.weft.langchain4j.ScriptedOpenAi.call;
import static dev.weft.langchain4j.ScriptedOpenAi.status;
import static dev.weft.langchain4j.ScriptedOpenAi.text;
import static dev.weft.langchain4j.ScriptedOpenAi.tools;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.Tool;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.RetryPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LLM metrics as Prometheus scrapes them, after an agent run with a retried 429. */
class LlmMetricsTest {
  private final ScriptedOpenAi server;

  LlmMetricsTest() throws Exception {
    server = new ScriptedOpenAi();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static final class Clock {
    @Tool("The time")
    String now() {
      return "noon";
    }
  }

  @Test
  void tokensCallsAndCostAreExactInTheScrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server.then(
        status(429, "slow down"),
        tools(1000, 50, call("c1", "now", "{}")),
        text("It is noon.", 1100, 20));
    Graph<AgentState> graph =
        Agent.builder(server.model())
            .tools(new Clock())
            .metrics(MicrometerLlmMetrics.create(registry, "clock-agent"))
            .prices(
                PriceTable.builder()
                    .price("gpt-test", new BigDecimal("0.15"), new BigDecimal("0.60"))
                    .build())
            .modelPolicy(
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                            .build())
                    .build())
            .build();

    AgentState done =
        Engine.builder(graph).build().run("m1", AgentState.start(new Message.User("time?")));

    assertThat(done.answer()).contains("It is noon.");
    String scrape = registry.scrape();
    List<String> llm =
        Arrays.stream(scrape.split("\n"))
            .filter(
                l ->
                    l.startsWith("weft_llm_tokens_total")
                        || l.startsWith("weft_llm_calls_total")
                        || l.startsWith("weft_llm_cost_total"))
            .sorted()
            .toList();
    String labels = "graph=\"clock-agent\",model=\"gpt-test\",node=\"model\"";
    assertThat(llm)
        .containsExactly(
            "weft_llm_calls_total{" + labels + ",outcome=\"success\"} 2.0",
            "weft_llm_calls_total{" + labels + ",outcome=\"transient_error\"} 1.0",
            // (2100 * 0.15 + 70 * 0.60) / 1M = 0.000357
            "weft_llm_cost_total{" + labels + "} 3.57E-4",
            "weft_llm_tokens_total{" + labels + ",type=\"input\"} 2100.0",
            "weft_llm_tokens_total{" + labels + ",type=\"output\"} 70.0");
    assertThat(scrape)
        .contains("weft_llm_call_duration_seconds_count{" + labels + ",outcome=\"success\"} 2");
    assertThat(done.usage()).isEqualTo(new LlmUsage(2, 2100, 70, new BigDecimal("0.000357"), 0));
  }
}
