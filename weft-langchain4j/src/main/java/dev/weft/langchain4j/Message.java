package dev.weft.langchain4j;

import java.util.List;
import java.util.Objects;

/**
 * One message of an agent's conversation, as plain data: records of strings and numbers that a
 * checkpoint store can keep and a JSON codec can write without type information. {@link AgentState}
 * holds them; the agent converts them to LangChain4j messages for each call.
 *
 * <pre>{@code
 * List<Message> start = List.of(
 *     new Message.Instructions("You are a careful research assistant."),
 *     new Message.User("What is the tallest building in Lisbon?"));
 * }</pre>
 */
public sealed interface Message {
  /** The text of the message ({@code ""} for an assistant message that only calls tools). */
  String text();

  /** Instructions to the model (a system message). */
  record Instructions(String text) implements Message {
    public Instructions {
      Objects.requireNonNull(text, "text");
    }
  }

  /** What the user said. */
  record User(String text) implements Message {
    public User {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * What the model answered: text, tool calls, or both.
   *
   * @param text the answer's text, {@code ""} when none
   * @param toolCalls tools the model asked to run, in the order it asked
   */
  record Assistant(String text, List<ToolCall> toolCalls) implements Message {
    public Assistant {
      text = text == null ? "" : text;
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /**
   * A tool's answer to one {@link ToolCall}.
   *
   * @param callId the call's id, as the model gave it
   * @param toolName the tool
   * @param text the result, or the error the model is told about
   * @param error whether the tool failed
   * @param index the call's position in the assistant message (results are kept in this order)
   */
  record ToolResult(String callId, String toolName, String text, boolean error, int index)
      implements Message {
    public ToolResult {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(text, "text");
    }
  }
}
