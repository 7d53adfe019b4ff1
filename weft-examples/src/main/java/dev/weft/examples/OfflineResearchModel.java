package dev.weft.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a real model so that the agent example runs offline: an OpenAI-compatible chat
 * completions endpoint on 127.0.0.1 (a free port) that plays a short research script. The first
 * request gets a 429 (to show Weft's backoff); then it searches the notes, reads the two best hits
 * at once, and answers from what the tools returned.
 */
final class OfflineResearchModel implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger requests = new AtomicInteger();

  OfflineResearchModel() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the offline model on 127.0.0.1", e);
    }
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (requests.incrementAndGet() == 1) {
        send(exchange, 429, "{\"error\":{\"message\":\"Rate limit reached (offline demo)\"}}");
        return;
      }
      List<String> toolResults = new ArrayList<>();
      request
          .path("messages")
          .forEach(
              m -> {
                if (m.path("role").asText().equals("tool")) {
                  toolResults.add(m.path("content").asText());
                }
              });
      String body =
          switch (toolResults.size()) {
            case 0 ->
                toolCalls(
                    120, 18, call("call_search", "search_notes", "{\"query\":\"checkpoints\"}"));
            case 1 -> {
              // The search answered "ids: n2, n3 ..."; read both hits at once.
              List<String> ids =
                  List.of(
                      toolResults.get(0).replaceAll(".*ids: ([^\\n]*).*", "$1").split(", ", -1));
              List<ObjectNode> calls = new ArrayList<>();
              for (int i = 0; i < Math.min(2, ids.size()); i++) {
                calls.add(call("call_read_" + i, "read_note", "{\"id\":\"" + ids.get(i) + "\"}"));
              }
              yield toolCalls(210, 30, calls.toArray(ObjectNode[]::new));
            }
            default ->
                answer(
                    380,
                    60,
                    "From my notes: " + toolResults.get(1) + " Also: " + toolResults.get(2));
          };
      send(exchange, 200, body);
    }
  }

  private static ObjectNode call(String id, String name, String arguments) {
    ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    return call;
  }

  private static String toolCalls(int in, int out, ObjectNode... calls) {
    ObjectNode body = completion(in, out, "tool_calls");
    ObjectNode message = (ObjectNode) body.path("choices").get(0).path("message");
    message.putNull("content");
    ArrayNode list = message.putArray("tool_calls");
    for (ObjectNode c : calls) {
      list.add(c);
    }
    return body.toString();
  }

  private static String answer(int in, int out, String text) {
    ObjectNode body = completion(in, out, "stop");
    ((ObjectNode) body.path("choices").get(0).path("message")).put("content", text);
    return body.toString();
  }

  private static ObjectNode completion(int in, int out, String finish) {
    ObjectNode body = JSON.createObjectNode().put("id", "offline").put("object", "chat.completion");
    body.put("created", 0).put("model", "offline-research-1");
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.put("finish_reason", finish).putObject("message").put("role", "assistant");
    body.putObject("usage")
        .put("prompt_tokens", in)
        .put("completion_tokens", out)
        .put("total_tokens", in + out);
    return body;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
