package dev.weft.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.weft.Node;
import dev.weft.NodeContext;
import dev.weft.NodeResult;
import dev.weft.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's model step: sends the conversation and the tool specifications, appends the answer,
 * and either stops (an answer, or the model-call limit) or fans out one {@code send} branch per
 * requested tool. A call to a tool the agent does not have becomes an error result at once.
 */
final class AgentModelNode implements Node<AgentState> {
  private final ModelCaller caller;
  private final List<ToolSpecification> specs;
  private final Map<String, String> toolNodes; // tool name -> node id
  private final int maxModelCalls;

  AgentModelNode(
      ModelCaller caller,
      List<ToolSpecification> specs,
      Map<String, String> toolNodes,
      int maxModelCalls) {
    this.caller = caller;
    this.specs = List.copyOf(specs);
    this.toolNodes = Collections.unmodifiableMap(new TreeMap<>(toolNodes)); // sorted: stable text
    this.maxModelCalls = maxModelCalls;
  }

  @Override
  public NodeResult<AgentState> apply(AgentState state, NodeContext ctx) {
    if (state.status() != AgentState.Status.RUNNING) {
      return NodeResult.stop(null);
    }
    ChatRequest.Builder request =
        ChatRequest.builder().messages(Conversation.toLangChain4j(state.messages()));
    if (!specs.isEmpty()) {
      request.toolSpecifications(specs);
    }
    ModelReply reply = caller.call(request.build(), ctx, state.usage());
    Message.Assistant answer = Conversation.fromLangChain4j(reply.response().aiMessage());
    List<Message> added = new ArrayList<>();
    added.add(answer);
    if (answer.toolCalls().isEmpty()) {
      return NodeResult.stop(delta(added, reply, AgentState.Status.ANSWERED));
    }
    if (state.modelCalls() + 1 >= maxModelCalls) {
      return NodeResult.stop(delta(added, reply, AgentState.Status.STEP_LIMIT));
    }
    List<Route.Branch<AgentState>> branches = new ArrayList<>();
    for (ToolCall call : answer.toolCalls()) {
      String node = toolNodes.get(call.name());
      if (node == null) {
        added.add(
            new Message.ToolResult(
                call.id(),
                call.name(),
                "error: no tool named '" + call.name() + "'; available: " + toolNodes.keySet(),
                true,
                call.index()));
      } else {
        branches.add(Route.Branch.of(node, AgentState.branch(call)));
      }
    }
    AgentState delta = delta(added, reply, AgentState.Status.RUNNING);
    return branches.isEmpty()
        ? NodeResult.goTo(delta, Agent.MODEL_NODE)
        : NodeResult.send(delta, branches);
  }

  private static AgentState delta(List<Message> added, ModelReply reply, AgentState.Status s) {
    return AgentState.delta(added, reply.usage(), 1, s);
  }
}
