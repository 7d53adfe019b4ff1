package dev.weft.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/** Converts between Weft's plain {@link Message} records and LangChain4j's messages. */
final class Conversation {
  private Conversation() {}

  static List<ChatMessage> toLangChain4j(List<Message> messages) {
    List<ChatMessage> out = new ArrayList<>(messages.size());
    for (Message m : messages) {
      out.add(
          switch (m) {
            case Message.Instructions i -> SystemMessage.from(i.text());
            case Message.User u -> UserMessage.from(u.text());
            case Message.Assistant a -> assistant(a);
            case Message.ToolResult r ->
                ToolExecutionResultMessage.builder()
                    .id(r.callId())
                    .toolName(r.toolName())
                    .text(r.text())
                    .isError(r.error())
                    .build();
          });
    }
    return out;
  }

  private static AiMessage assistant(Message.Assistant a) {
    if (a.toolCalls().isEmpty()) {
      return AiMessage.from(a.text());
    }
    List<ToolExecutionRequest> requests = new ArrayList<>();
    for (ToolCall c : a.toolCalls()) {
      requests.add(request(c));
    }
    return a.text().isEmpty() ? AiMessage.from(requests) : AiMessage.from(a.text(), requests);
  }

  static ToolExecutionRequest request(ToolCall c) {
    return ToolExecutionRequest.builder()
        .id(c.id())
        .name(c.name())
        .arguments(c.arguments())
        .build();
  }

  static Message.Assistant fromLangChain4j(AiMessage ai) {
    List<ToolCall> calls = new ArrayList<>();
    if (ai.hasToolExecutionRequests()) {
      List<ToolExecutionRequest> requests = ai.toolExecutionRequests();
      for (int i = 0; i < requests.size(); i++) {
        ToolExecutionRequest r = requests.get(i);
        String id = r.id() != null ? r.id() : "call_" + i;
        calls.add(new ToolCall(id, r.name(), r.arguments(), i));
      }
    }
    return new Message.Assistant(ai.text(), calls);
  }
}
