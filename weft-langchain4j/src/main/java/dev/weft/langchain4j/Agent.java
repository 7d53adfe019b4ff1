package dev.weft.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.RetryPolicy;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the tool-calling loop as a ready {@link Graph} over {@link AgentState}: the {@value
 * #MODEL_NODE} node calls the model; the tools it asks for run as a {@code send} fan-out (one
 * branch per call, concurrently when the engine allows, each tool a node {@code tool:NAME} with its
 * own timeout and retry policy); their results are appended in the order the model asked for them;
 * then the model is called again, until it answers without tool calls or {@link
 * Builder#maxModelCalls} is reached. Every step is checkpointed, so a resumed run does not repeat
 * committed model calls. A tool that still fails after its retries becomes an error result the
 * model can react to (or fails the run: {@link Builder#failRunOnToolError}).
 *
 * <p>Tools come from {@link Tool @Tool} methods ({@link Builder#tools}) or from a {@link
 * ToolSpecification} and a {@link ToolExecutor} ({@link Builder#tool}).
 *
 * <pre>{@code
 * Graph<AgentState> graph = Agent.builder(model)
 *     .tools(new ResearchTools())
 *     .maxModelCalls(8)
 *     .build();
 * AgentState done = Engine.builder(graph).store(store).build()
 *     .run("q-1", AgentState.start(new Message.User("Who founded Lisbon?")));
 * }</pre>
 *
 * <p>The builder is not thread-safe; the graph it builds is immutable.
 */
public final class Agent {
  /** The id of the model node. */
  public static final String MODEL_NODE = "model";

  /** The prefix of tool node ids: {@code tool:search}. */
  public static final String TOOL_NODE_PREFIX = "tool:";

  private Agent() {}

  /** Starts an agent around {@code model}. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /** Configures an agent graph. */
  public static final class Builder {
    private final ChatModel model;
    private final Map<String, Binding> tools = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private NodePolicy modelPolicy =
        NodePolicy.builder()
            .timeout(Duration.ofSeconds(60))
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(4)
                    .backoff(Duration.ofMillis(500), Duration.ofSeconds(20))
                    .build())
            .build();
    private Duration toolTimeout = Duration.ofSeconds(30);
    private RetryPolicy toolRetry = RetryPolicy.builder().maxAttempts(3).build();
    private int maxModelCalls = 10;
    private boolean reportToolFailures = true;
    private String modelName;
    private LlmMetrics metrics = LlmMetrics.none();
    private PriceTable prices = PriceTable.empty();

    private record Binding(ToolSpecification spec, ToolExecutor executor, NodePolicy policy) {}

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Adds every {@link Tool @Tool} method of each object (sorted by name) as a tool with the
     * default tool policy. Arguments are parsed from the model's JSON into the methods' typed
     * parameters; compile the tool classes with {@code -parameters} so their names are known.
     */
    public Builder tools(Object... objects) {
      for (Object o : objects) {
        Objects.requireNonNull(o, "tool object");
        int found = 0;
        // Sorted: getDeclaredMethods has no stable order, and the model sees the tools in this one.
        Method[] methods = o.getClass().getDeclaredMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
          if (m.isAnnotationPresent(Tool.class)) {
            found++;
            ToolExecutor executor =
                DefaultToolExecutor.builder()
                    .object(o)
                    .originalMethod(m)
                    .methodToInvoke(m)
                    .wrapToolArgumentsExceptions(true)
                    .propagateToolExecutionExceptions(true)
                    .build();
            add(ToolSpecifications.toolSpecificationFrom(m), executor, null);
          }
        }
        if (found == 0) {
          problems.add(o.getClass().getName() + " has no @Tool methods");
        }
      }
      return this;
    }

    /** Adds a tool from its specification and executor, with the default tool policy. */
    public Builder tool(ToolSpecification spec, ToolExecutor executor) {
      return add(spec, executor, null);
    }

    /**
     * Adds a tool with its own policy: its timeout and retry override the defaults ({@link
     * #toolTimeout}, {@link #toolRetry}).
     */
    public Builder tool(ToolSpecification spec, ToolExecutor executor, NodePolicy policy) {
      return add(spec, executor, Objects.requireNonNull(policy, "policy"));
    }

    private Builder add(ToolSpecification spec, ToolExecutor executor, NodePolicy policy) {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(executor, "executor");
      if (tools.putIfAbsent(spec.name(), new Binding(spec, executor, policy)) != null) {
        problems.add("two tools are named '" + spec.name() + "'; tool names must be unique");
      }
      return this;
    }

    /**
     * The model node's timeout and retry; default 60 s per call, 4 attempts with backoff from 500
     * ms to 20 s.
     */
    public Builder modelPolicy(NodePolicy policy) {
      this.modelPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Default time limit of one tool attempt; default 30 s. */
    public Builder toolTimeout(Duration timeout) {
      this.toolTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Default retry policy of tools; default 3 attempts with the builder's standard backoff. */
    public Builder toolRetry(RetryPolicy retry) {
      this.toolRetry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** Most model calls of a run (≥ 1); default 10. Reaching it ends the run as STEP_LIMIT. */
    public Builder maxModelCalls(int maxModelCalls) {
      this.maxModelCalls = maxModelCalls;
      return this;
    }

    /**
     * Fail the run when a tool still fails after its retries, instead of telling the model (the
     * default).
     */
    public Builder failRunOnToolError() {
      this.reportToolFailures = false;
      return this;
    }

    /** The model's name for metrics and prices when the provider reports none. */
    public Builder modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName");
      return this;
    }

    /** Where each model call's tokens and outcome go; default none. */
    public Builder metrics(LlmMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Prices for the run's cost; default none. */
    public Builder prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * The agent graph.
     *
     * @throws IllegalArgumentException listing every problem (duplicate tools, bad limits)
     */
    public Graph<AgentState> build() {
      List<String> all = new ArrayList<>(problems);
      if (maxModelCalls < 1) {
        all.add("maxModelCalls must be at least 1, was " + maxModelCalls);
      }
      if (toolTimeout.isNegative() || toolTimeout.isZero()) {
        all.add("toolTimeout must be positive, was " + toolTimeout);
      }
      if (!all.isEmpty()) {
        throw new IllegalArgumentException("invalid agent: " + String.join("; ", all));
      }
      Map<String, String> toolNodes = new LinkedHashMap<>();
      List<ToolSpecification> specs = new ArrayList<>();
      tools.forEach(
          (name, b) -> {
            toolNodes.put(name, TOOL_NODE_PREFIX + name);
            specs.add(b.spec());
          });
      ModelCaller caller = new ModelCaller(model, modelName, metrics, prices);
      Graph.Builder<AgentState> g =
          Graph.builder(AgentState::merge)
              .node(
                  MODEL_NODE,
                  new AgentModelNode(caller, specs, toolNodes, maxModelCalls),
                  modelPolicy)
              .start(MODEL_NODE);
      List<String> targets = new ArrayList<>(toolNodes.values());
      targets.add(MODEL_NODE);
      g.routes(MODEL_NODE, targets.toArray(String[]::new));
      tools.forEach(
          (name, b) -> {
            Duration timeout =
                b.policy() == null ? toolTimeout : b.policy().timeout().orElse(toolTimeout);
            RetryPolicy retry =
                b.policy() == null ? toolRetry : b.policy().retry().orElse(toolRetry);
            // The node times the tool itself; the engine's limit is only a backstop.
            NodePolicy enginePolicy =
                NodePolicy.builder().timeout(timeout.plusSeconds(1)).retry(retry).build();
            String id = TOOL_NODE_PREFIX + name;
            g.node(
                id,
                new ToolNode(b.spec(), b.executor(), timeout, retry, reportToolFailures),
                enginePolicy);
            g.edge(id, MODEL_NODE);
          });
      return g.build();
    }
  }
}
