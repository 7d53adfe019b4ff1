package dev.weft.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.langchain4j.Agent;
import dev.weft.langchain4j.AgentState;
import dev.weft.langchain4j.Message;
import dev.weft.langchain4j.OpenAiModels;
import dev.weft.langchain4j.PriceTable;
import dev.weft.store.InMemoryCheckpointStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small research agent: a model with two tools over a notebook ({@code search_notes}, {@code
 * read_note}), run as Weft's tool-calling loop. Offline by default, against a scripted local model
 * that first answers 429 (Weft retries it with backoff), then searches, reads two notes at once (a
 * {@code send} fan-out) and answers. With {@code OPENAI_API_KEY} set it asks the real OpenAI API
 * instead ({@code OPENAI_MODEL} picks the model, default {@code gpt-4o-mini}; {@code
 * OPENAI_BASE_URL} another OpenAI-compatible endpoint).
 */
public final class AgentExample {
  private AgentExample() {}

  /** The agent's notebook: the two tools. */
  static final class Notebook {
    private final Map<String, String> notes = new LinkedHashMap<>();

    Notebook() {
      notes.put("n1", "Retries: transient failures are retried with exponential backoff.");
      notes.put("n2", "Checkpoints: every step is committed, so a crash loses no finished step.");
      notes.put(
          "n3", "Resume: a resumed run continues from its last checkpoint without repeating it.");
      notes.put("n4", "Timeouts: the engine cuts an attempt that runs past its limit.");
    }

    @Tool(name = "search_notes", value = "Finds notes about a topic; returns matching note ids")
    String search(@P("the topic to look for") String query) {
      String q = query.toLowerCase(Locale.ROOT);
      String ids =
          notes.entrySet().stream()
              .filter(e -> e.getValue().toLowerCase(Locale.ROOT).contains(q.replaceAll("s$", "")))
              .map(Map.Entry::getKey)
              .collect(Collectors.joining(", "));
      // "resume" notes are about checkpoints too
      if (q.contains("checkpoint") && !ids.contains("n3")) {
        ids = ids.isEmpty() ? "n3" : ids + ", n3";
      }
      return ids.isEmpty() ? "no notes match '" + query + "'" : "ids: " + ids;
    }

    @Tool(name = "read_note", value = "Reads one note by id")
    String read(@P("a note id such as n1") String id) {
      String note = notes.get(id);
      if (note == null) {
        throw new IllegalArgumentException("no note " + id + "; ids are " + notes.keySet());
      }
      return note;
    }
  }

  public static void run() {
    String key = System.getenv("OPENAI_API_KEY");
    boolean offline = key == null || key.isBlank() || Boolean.getBoolean("weft.agent.offline");
    if (offline) {
      try (OfflineResearchModel local = new OfflineResearchModel()) {
        System.out.println("(offline: a scripted model on " + local.baseUrl() + ")");
        ChatModel model =
            OpenAiModels.builder()
                .baseUrl(local.baseUrl())
                .apiKey("offline")
                .modelName("offline-research-1")
                .build();
        research(model);
      }
    } else {
      String name = System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini");
      var builder = OpenAiModels.builder().apiKey(key).modelName(name);
      String baseUrl = System.getenv("OPENAI_BASE_URL");
      if (baseUrl != null && !baseUrl.isBlank()) {
        builder.baseUrl(baseUrl);
      }
      System.out.println("(OpenAI: " + name + ")");
      research(builder.build());
    }
  }

  static AgentState research(ChatModel model) {
    PriceTable prices =
        PriceTable.builder()
            .price("offline-research-1", new BigDecimal("0.15"), new BigDecimal("0.60"))
            .price("gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"))
            .build();
    Graph<AgentState> graph =
        Agent.builder(model)
            .tools(new Notebook())
            .modelPolicy(
                NodePolicy.builder()
                    .timeout(Duration.ofSeconds(60))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                            .build())
                    .build())
            .maxModelCalls(6)
            .prices(prices)
            .build();
    Engine<AgentState> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(4).build())
            .store(new InMemoryCheckpointStore<>())
            .emitter(AgentExample::print)
            .build();
    AgentState done =
        engine.run(
            "research-1",
            AgentState.start(
                new Message.Instructions(
                    "You are a research assistant. Use search_notes, then read_note, and answer"
                        + " only from the notes."),
                new Message.User("What does Weft do about crashes?")));
    System.out.println("status:  " + done.status());
    System.out.println("answer:  " + done.answer().orElse("(none)"));
    System.out.printf(
        "usage:   %d model calls, %d input + %d output tokens, cost %s USD%n",
        done.usage().calls(),
        done.usage().inputTokens(),
        done.usage().outputTokens(),
        done.usage().cost().toPlainString());
    return done;
  }

  private static void print(Event e) {
    if (e.type() == EventType.LLM_CALL) {
      System.out.printf(
          "  step %d %-6s %s %s: %s in, %s out, %d ms%n",
          e.step(),
          e.nodeId(),
          e.attribute("model"),
          e.attribute("outcome"),
          e.attribute("inputTokens"),
          e.attribute("outputTokens"),
          ((Long) e.attribute("latencyNanos")) / 1_000_000);
    } else if (e.type() == EventType.RETRY_SCHEDULED) {
      System.out.printf(
          "  step %d %-6s retry in %d ms%n",
          e.step(), e.nodeId(), ((Long) e.attribute("delayNanos")) / 1_000_000);
    } else if (e.type() == EventType.NODE_SUCCEEDED
        && e.nodeId().startsWith(Agent.TOOL_NODE_PREFIX)) {
      System.out.printf("  step %d %s done%n", e.step(), e.nodeId());
    }
  }
}
