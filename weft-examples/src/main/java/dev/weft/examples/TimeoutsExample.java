package dev.weft.examples;

import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.store.InMemoryCheckpointStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fast and slow nodes under one run budget: a cache {@code lookup} gets a tight 50 ms limit (and
 * one retry, so a stalled cache costs milliseconds, not seconds), a {@code model} call gets 1 s,
 * and the whole run gets 3 s. On a cache miss the run falls back to the model. A run whose budget
 * is too small fails with {@link RunBudgetExceededException} and is resumed by an engine with a
 * larger one.
 */
public final class TimeoutsExample {
  private TimeoutsExample() {}

  /** The state: a question and its answer, once someone found one. */
  record Answer(String question, String text, String source) {
    static Answer ask(String question) {
      return new Answer(question, "", "");
    }

    Answer merge(Answer d) {
      return d.text.isEmpty() ? this : new Answer(question, d.text, d.source);
    }

    boolean unanswered() {
      return text.isEmpty();
    }
  }

  /**
   * A cache that answers in 2 ms, except that its first call for a stalling key hangs for 500 ms.
   */
  record Cache(
      Map<String, String> entries, Set<String> stalling, Map<String, AtomicInteger> calls) {
    String get(String key) throws InterruptedException {
      int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      Thread.sleep(call == 1 && stalling.contains(key) ? 500 : 2);
      return entries.getOrDefault(key, "");
    }

    int calls(String key) {
      AtomicInteger n = calls.get(key);
      return n == null ? 0 : n.get();
    }
  }

  static Graph<Answer> graph(Cache cache, Duration modelLatency) {
    return Graph.builder(Answer::merge)
        .node(
            "lookup",
            (q, ctx) -> {
              String hit = cache.get(q.question());
              return NodeResult.next(hit.isEmpty() ? null : new Answer(q.question(), hit, "cache"));
            },
            NodePolicy.builder()
                .timeout(Duration.ofMillis(50))
                .retry(
                    RetryPolicy.builder()
                        .maxAttempts(2)
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(5))
                        .build())
                .build())
        .node(
            "model",
            (q, ctx) -> {
              Thread.sleep(modelLatency.toMillis()); // a remote model call
              return NodeResult.stop(
                  new Answer(
                      q.question(), "a considered answer to '" + q.question() + "'", "model"));
            },
            NodePolicy.builder().timeout(Duration.ofSeconds(1)).build())
        .edge("lookup", "model", Answer::unanswered)
        .start("lookup")
        .build();
  }

  static Options options(Duration budget) {
    return Options.builder().maxConcurrentNodes(4).runWallClockBudget(budget).build();
  }

  public static void run() {
    Cache cache =
        new Cache(
            Map.of("capital of France", "Paris"),
            Set.of("tomorrow's weather"),
            new ConcurrentHashMap<>());
    Graph<Answer> graph = graph(cache, Duration.ofMillis(150));
    for (String question :
        new String[] {"capital of France", "tomorrow's weather", "a haiku about queues"}) {
      BufferedEmitter events = new BufferedEmitter(1_000);
      Engine<Answer> engine =
          Engine.builder(graph).options(options(Duration.ofSeconds(3))).emitter(events).build();
      long t0 = System.nanoTime();
      Answer answer = engine.run("ask-" + question.hashCode(), Answer.ask(question));
      System.out.printf(
          Locale.ROOT,
          "%-22s -> %s (from the %s, %d ms)%n",
          question,
          answer.text(),
          answer.source(),
          (System.nanoTime() - t0) / 1_000_000);
      printTimeouts(events);
    }

    // The same graph under a budget too small for the model call: the run stops, the finished
    // lookup is committed, and an engine with a larger budget resumes without asking the cache
    // again.
    InMemoryCheckpointStore<Answer> store = new InMemoryCheckpointStore<>();
    String question = "why the sky is blue";
    Engine<Answer> tight =
        Engine.builder(graph).options(options(Duration.ofMillis(100))).store(store).build();
    try {
      tight.run("ask-sky", Answer.ask(question));
    } catch (RunBudgetExceededException e) {
      System.out.println("budget 100ms: " + e.getMessage());
    }
    Engine<Answer> roomy =
        Engine.builder(graph).options(options(Duration.ofSeconds(3))).store(store).build();
    Answer resumed = roomy.resume("ask-sky");
    System.out.printf(
        "resumed with budget 3s -> %s (from the %s; cache asked %d time(s))%n",
        resumed.text(), resumed.source(), cache.calls(question));
  }

  private static void printTimeouts(BufferedEmitter events) {
    for (Event e :
        events.filter(
            e -> e.type() == EventType.NODE_TIMED_OUT || e.type() == EventType.RETRY_SCHEDULED)) {
      if (e.type() == EventType.NODE_TIMED_OUT) {
        System.out.printf(
            Locale.ROOT,
            "    %s attempt %d timed out: limit %d ms (%s), cut after %.1f ms%n",
            e.nodeId(),
            e.attempt(),
            (Long) e.attribute("limitNanos") / 1_000_000,
            e.attribute("source"),
            (Long) e.attribute("elapsedNanos") / 1e6);
      } else {
        System.out.printf(
            Locale.ROOT,
            "    %s attempt %d starts in %.1f ms%n",
            e.nodeId(),
            (Integer) e.attribute("nextAttempt"),
            (Long) e.attribute("delayNanos") / 1e6);
      }
    }
  }

  public static void main(String[] args) {
    run();
  }
}
