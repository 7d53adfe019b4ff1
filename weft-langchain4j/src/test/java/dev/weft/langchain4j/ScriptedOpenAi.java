package dev.weft.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 (a free port), answering from a
 * script: text, tool calls, error statuses, slow or blocked answers, with token usage. Records
 * every request body.
 */
final class ScriptedOpenAi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

  /** One scripted answer. */
  sealed interface Reply {}

  record Text(String content, int in, int out, String model) implements Reply {}

  record Tools(List<Call> calls, int in, int out) implements Reply {}

  record Call(String id, String name, String arguments) {}

  record Status(int code, String body) implements Reply {}

  record Slow(Duration delay, Reply then) implements Reply {}

  record Blocked(CountDownLatch arrived, CountDownLatch release, Reply then) implements Reply {}

  record Filtered(int in, int out) implements Reply {}

  ScriptedOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** LangChain4j's real OpenAI client pointed at this server, its own retries off. */
  ChatModel model() {
    return model(Duration.ofSeconds(30));
  }

  ChatModel model(Duration clientTimeout) {
    return OpenAiModels.builder()
        .baseUrl(baseUrl())
        .apiKey("test-key")
        .modelName("gpt-test")
        .timeout(clientTimeout)
        .build();
  }

  ScriptedOpenAi then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  static Text text(String content, int in, int out) {
    return new Text(content, in, out, "gpt-test");
  }

  static Tools tools(int in, int out, Call... calls) {
    return new Tools(List.of(calls), in, out);
  }

  static Call call(String id, String name, String arguments) {
    return new Call(id, name, arguments);
  }

  static Status status(int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("message", message).put("type", "scripted");
    return new Status(code, body.toString());
  }

  /** The request bodies received, in arrival order. */
  List<JsonNode> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      requests.add(request);
      Reply reply = script.poll();
      if (reply == null) {
        reply = status(400, "the test script has no reply left for request " + requests.size());
      }
      respond(exchange, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void respond(HttpExchange exchange, Reply reply)
      throws IOException, InterruptedException {
    switch (reply) {
      case Slow s -> {
        Thread.sleep(s.delay().toMillis());
        respond(exchange, s.then());
      }
      case Blocked b -> {
        b.arrived().countDown();
        b.release().await(30, TimeUnit.SECONDS);
        respond(exchange, b.then());
      }
      case Status s -> send(exchange, s.code(), s.body());
      case Text t ->
          send(exchange, 200, completion(t.model(), t.content(), null, "stop", t.in(), t.out()));
      case Filtered f ->
          send(exchange, 200, completion("gpt-test", "", null, "content_filter", f.in(), f.out()));
      case Tools t -> {
        ArrayNode calls = JSON.createArrayNode();
        for (Call c : t.calls()) {
          ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
          call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
        }
        send(exchange, 200, completion("gpt-test", null, calls, "tool_calls", t.in(), t.out()));
      }
    }
  }

  private static String completion(
      String model, String content, ArrayNode toolCalls, String finish, int in, int out) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1);
    body.put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", finish);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (content == null) {
      message.putNull("content");
    } else {
      message.put("content", content);
    }
    if (toolCalls != null) {
      message.set("tool_calls", toolCalls);
    }
    body.putObject("usage")
        .put("prompt_tokens", in)
        .put("completion_tokens", out)
        .put("total_tokens", in + out);
    return body.toString();
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
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
