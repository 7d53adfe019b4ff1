package dev.weft.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Event;
import dev.weft.EventType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LoggingEmitterTest {
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private static Event event(
      String nodeId, EventType type, int attempt, Map<String, Object> attributes) {
    return new Event(T, "r1", 2, nodeId, type, attempt, attributes);
  }

  @Test
  void textLineHasTimeRunStepNodeTypeAttemptAndSortedAttributes() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("route", "next");
    attributes.put("durationNanos", 1200L);

    assertThat(LoggingEmitter.toText(event("fetch", EventType.NODE_SUCCEEDED, 1, attributes)))
        .isEqualTo(
            "2026-01-01T10:00:00Z run=r1 step=2 node=fetch NODE_SUCCEEDED attempt=1 durationNanos=1200 route=next");
  }

  @Test
  void textLineOmitsAMissingNodeAndAttemptZero() {
    assertThat(LoggingEmitter.toText(event(null, EventType.STEP_COMMITTED, 0, Map.of("next", 3))))
        .isEqualTo("2026-01-01T10:00:00Z run=r1 step=2 STEP_COMMITTED next=3");
  }

  @Test
  void jsonLineHasEveryFieldAndTypedAttributes() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("willRetry", true);
    attributes.put("delayNanos", 5L);
    attributes.put("targets", List.of("a", "b"));
    attributes.put("error", "dev.weft.TransientException");

    assertThat(LoggingEmitter.toJson(event("fetch", EventType.NODE_FAILED, 2, attributes)))
        .isEqualTo(
            "{\"time\":\"2026-01-01T10:00:00Z\",\"runId\":\"r1\",\"step\":2,\"nodeId\":\"fetch\","
                + "\"type\":\"NODE_FAILED\",\"attempt\":2,\"attributes\":{\"delayNanos\":5,"
                + "\"error\":\"dev.weft.TransientException\",\"targets\":[\"a\",\"b\"],\"willRetry\":true}}");
  }

  @Test
  void jsonEscapesQuotesBackslashesAndControlCharacters() {
    String nasty = "say \"hi\"\\ \n\r\t\u0001 é";

    String json =
        LoggingEmitter.toJson(
            new Event(T, "run \"x\"", 0, null, EventType.RUN_FAILED, 0, Map.of("message", nasty)));

    assertThat(json)
        .isEqualTo(
            "{\"time\":\"2026-01-01T10:00:00Z\",\"runId\":\"run \\\"x\\\"\",\"step\":0,"
                + "\"type\":\"RUN_FAILED\",\"attempt\":0,\"attributes\":{"
                + "\"message\":\"say \\\"hi\\\"\\\\ \\n\\r\\t\\u0001 é\"}}");
    assertThat(json).doesNotContain("\n");
  }

  @Test
  void emitsOneLinePerEventToTheSink() {
    List<String> text = new ArrayList<>();
    List<String> json = new ArrayList<>();
    Event e = event("a", EventType.NODE_STARTED, 1, Map.of("orderKey", "ff"));

    LoggingEmitter.text(text::add).emit(e);
    LoggingEmitter.jsonLines(json::add).emit(e);

    assertThat(text).containsExactly(LoggingEmitter.toText(e));
    assertThat(json).containsExactly(LoggingEmitter.toJson(e));
  }

  @Test
  void concurrentEmittersNeverInterleaveWithinALine() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    LoggingEmitter json = LoggingEmitter.jsonLines(out);
    int threads = 8;
    int perThread = 500;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String node = "node" + t;
      started.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = 0; i < perThread; i++) {
                      json.emit(
                          event(
                              node,
                              EventType.NODE_STARTED,
                              1,
                              Map.of("i", i, "pad", "x".repeat(200))));
                    }
                  }));
    }
    go.countDown();
    for (Thread t : started) {
      t.join();
    }
    out.flush();

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(threads * perThread);
    assertThat(lines)
        .allSatisfy(
            l -> assertThat(l).startsWith("{\"time\"").endsWith("}}").containsOnlyOnce("\"type\""));
  }

  @Test
  void textLineStaysOneLineWhenAValueHoldsLineBreaks() {
    Event e =
        new Event(
            T,
            "r1",
            0,
            "a",
            EventType.NODE_FAILED,
            1,
            Map.of("message", "expected: 1\nbut was: 2\r\tat x"));

    String line = LoggingEmitter.toText(e);

    assertThat(line)
        .isEqualTo(
            "2026-01-01T10:00:00Z run=r1 step=0 node=a NODE_FAILED attempt=1 "
                + "message=expected: 1\\nbut was: 2\\r\\tat x");
    assertThat(line.lines()).hasSize(1);
  }
}
