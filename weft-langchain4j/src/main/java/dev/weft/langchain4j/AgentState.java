package dev.weft.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of an {@link Agent} run: the conversation, the tokens and cost so far, how many model
 * calls were made and whether the agent is done. Plain data (records, lists, strings, numbers), so
 * every step is checkpointed and a resumed run continues without calling the model again for
 * committed steps. Immutable and thread-safe.
 *
 * <p>The same type is the agent's deltas: {@link #merge} appends messages (tool results in the
 * order the model asked for them, whatever order the tools finished in), adds usage and model
 * calls, and takes the newer status. A state with a {@link #toolCall} is the input of one tool
 * branch, never a run's state.
 *
 * <pre>{@code
 * AgentState start = AgentState.start(
 *     new Message.Instructions("Answer briefly."), new Message.User("Where is Weft hosted?"));
 * AgentState done = engine.run("q-1", start);
 * System.out.println(done.answer().orElse("no answer: " + done.status()));
 * }</pre>
 *
 * @param messages the conversation so far
 * @param usage tokens and cost of the run's model calls
 * @param modelCalls model calls committed
 * @param status where the agent is
 * @param toolCall the call a tool branch runs; {@code null} in run states and in deltas
 */
public record AgentState(
    List<Message> messages, LlmUsage usage, int modelCalls, Status status, ToolCall toolCall) {

  /** Where an agent run is. */
  public enum Status {
    /** Still calling the model and tools. */
    RUNNING,
    /** The model answered without asking for tools. */
    ANSWERED,
    /** The model still asked for tools when the agent's model-call limit was reached. */
    STEP_LIMIT
  }

  public AgentState {
    messages = List.copyOf(messages);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(status, "status");
  }

  /** A new run's state: these messages, nothing spent, running. */
  public static AgentState start(Message... messages) {
    return start(List.of(messages));
  }

  /** A new run's state: these messages, nothing spent, running. */
  public static AgentState start(List<Message> messages) {
    return new AgentState(messages, LlmUsage.NONE, 0, Status.RUNNING, null);
  }

  static AgentState delta(List<Message> messages, LlmUsage usage, int modelCalls, Status status) {
    return new AgentState(messages, usage, modelCalls, status, null);
  }

  static AgentState branch(ToolCall call) {
    return new AgentState(List.of(), LlmUsage.NONE, 0, Status.RUNNING, call);
  }

  /**
   * The reducer of agent graphs: {@code delta}'s messages appended, tool results kept in call
   * order, usage and model calls added, {@code delta}'s status when it is not {@link
   * Status#RUNNING}.
   */
  public static AgentState merge(AgentState state, AgentState delta) {
    List<Message> merged = new ArrayList<>(state.messages);
    for (Message m : delta.messages) {
      int at = merged.size();
      if (m instanceof Message.ToolResult r) {
        while (at > 0
            && merged.get(at - 1) instanceof Message.ToolResult earlier
            && earlier.index() > r.index()) {
          at--;
        }
      }
      merged.add(at, m);
    }
    Status status = delta.status == Status.RUNNING ? state.status : delta.status;
    return new AgentState(
        merged,
        state.usage.plus(delta.usage),
        state.modelCalls + delta.modelCalls,
        status,
        state.toolCall);
  }

  /** The model's final answer, when it gave one. */
  public Optional<String> answer() {
    if (status != Status.ANSWERED || messages.isEmpty()) {
      return Optional.empty();
    }
    return messages.get(messages.size() - 1) instanceof Message.Assistant a
        ? Optional.of(a.text())
        : Optional.empty();
  }
}
