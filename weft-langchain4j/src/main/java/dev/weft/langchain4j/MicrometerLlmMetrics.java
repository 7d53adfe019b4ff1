package dev.weft.langchain4j;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * {@link LlmMetrics} on a Micrometer {@link MeterRegistry} (needs {@code micrometer-core} on the
 * class path; weft-langchain4j declares it optional). In Prometheus exposition:
 *
 * <ul>
 *   <li>{@code weft_llm_tokens_total{graph,node,model,type}} — {@code type} is {@code input} or
 *       {@code output};
 *   <li>{@code weft_llm_calls_total{graph,node,model,outcome}} — {@code outcome} as in {@link
 *       LlmCall#outcome()};
 *   <li>{@code weft_llm_call_duration_seconds{graph,node,model,outcome}} — latency;
 *   <li>{@code weft_llm_cost_total{graph,node,model}} — cost in the price table's currency, for
 *       priced models.
 * </ul>
 *
 * No run id is ever a label. Thread-safe: Micrometer meters are.
 *
 * <pre>{@code
 * LlmMetrics metrics = MicrometerLlmMetrics.create(registry, "research");
 * }</pre>
 */
public final class MicrometerLlmMetrics implements LlmMetrics {
  private final MeterRegistry registry;
  private final String graph;

  private MicrometerLlmMetrics(MeterRegistry registry, String graph) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.graph = Objects.requireNonNull(graph, "graph");
  }

  /**
   * Metrics for the graph named {@code graph} (a bounded label, so that engines can share a
   * registry).
   */
  public static MicrometerLlmMetrics create(MeterRegistry registry, String graph) {
    return new MicrometerLlmMetrics(registry, graph);
  }

  @Override
  public void callFinished(LlmCall call) {
    tokens(call, "input").increment((double) call.inputTokens());
    tokens(call, "output").increment((double) call.outputTokens());
    Counter.builder("weft.llm.calls")
        .description("Model calls by outcome")
        .tags("graph", graph, "node", call.nodeId(), "model", call.model())
        .tag("outcome", call.outcome())
        .register(registry)
        .increment();
    Timer.builder("weft.llm.call.duration")
        .description("Latency of model calls")
        .tags("graph", graph, "node", call.nodeId(), "model", call.model())
        .tag("outcome", call.outcome())
        .register(registry)
        .record(call.latency());
    call.cost()
        .ifPresent(
            cost ->
                Counter.builder("weft.llm.cost")
                    .description("Cost of model calls in the price table's currency")
                    .tags("graph", graph, "node", call.nodeId(), "model", call.model())
                    .register(registry)
                    .increment(cost.doubleValue()));
  }

  private Counter tokens(LlmCall call, String type) {
    return Counter.builder("weft.llm.tokens")
        .description("Tokens sent to (input) and received from (output) models")
        .tags("graph", graph, "node", call.nodeId(), "model", call.model())
        .tag("type", type)
        .register(registry);
  }
}
