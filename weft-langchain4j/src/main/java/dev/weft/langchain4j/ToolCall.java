package dev.weft.langchain4j;

import java.util.Objects;

/**
 * A tool the model asked to run, as plain data.
 *
 * <pre>{@code
 * ToolCall call = new ToolCall("call_1", "search", "{\"query\":\"weft\"}", 0);
 * }</pre>
 *
 * @param id the provider's id of the call (tool results refer to it)
 * @param name the tool's name
 * @param arguments the arguments as the JSON object the model wrote; tools built from {@code @Tool}
 *     methods receive them parsed into typed parameters
 * @param index the call's position among the calls of its assistant message
 */
public record ToolCall(String id, String name, String arguments, int index) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
