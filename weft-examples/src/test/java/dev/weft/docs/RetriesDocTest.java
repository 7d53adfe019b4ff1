package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.RetryPolicy;
import dev.weft.docs.RetriesDoc.CardDeclinedException;
import dev.weft.docs.RetriesDoc.Gateway;
import dev.weft.docs.RetriesDoc.Order;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Runs the snippets of docs/retries.md so that what the page says stays true. */
class RetriesDocTest {
  private static final Node<Order> RECEIPT = (o, ctx) -> NodeResult.stop(null);
  private static final Order ORDER = new Order("7", 4_990, null);

  /** A gateway failing {@code failures} times with {@code failure}, then charging. */
  private static Gateway gateway(int failures, Exception failure, AtomicInteger calls) {
    return (key, cents) -> {
      if (calls.incrementAndGet() <= failures) {
        switch (failure) {
          case IOException io -> throw io;
          case CardDeclinedException declined -> throw declined;
          case RuntimeException runtime -> throw runtime;
          default -> throw new AssertionError(failure);
        }
      }
      return "ch_" + key.hashCode();
    };
  }

  @Test
  void delaysDoubleUpToTheCap() {
    assertThat(RetriesDoc.delays())
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofSeconds(1));
  }

  @Test
  void ioFailuresAreRetriedWithTheSameIdempotencyKey() {
    AtomicInteger calls = new AtomicInteger();
    Engine<Order> engine =
        RetriesDoc.engine(gateway(2, new IOException("connection reset"), calls), RECEIPT);
    assertThat(RetriesDoc.failures(engine, ORDER)).isEqualTo("completed");
    assertThat(calls).hasValue(3);
    assertThat(RetriesDoc.log).contains("retrying charge of order 7, attempt 3");
  }

  @Test
  void aDeclinedCardFailsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    Engine<Order> engine =
        RetriesDoc.engine(gateway(9, new CardDeclinedException("expired"), calls), RECEIPT);
    assertThat(RetriesDoc.failures(engine, ORDER))
        .isEqualTo(
            "charge failed on attempt 1: dev.weft.PermanentException: card declined: expired");
    assertThat(calls).hasValue(1);
  }

  @Test
  void retryIfWidensTheClassificationAndExhaustionIsReported() {
    AtomicInteger calls = new AtomicInteger();
    Engine<Order> engine =
        RetriesDoc.engine(gateway(9, new IllegalStateException("HTTP 429"), calls), RECEIPT);
    assertThat(RetriesDoc.failures(engine, ORDER)).isEqualTo("exhausted after 4 attempts");
    assertThat(calls).hasValue(4);
  }

  @Test
  void retriesAreObservableAsEventsAndMetrics() {
    Graph<Order> graph =
        Graph.builder(Order::merge)
            .node(
                "charge",
                RetriesDoc.chargeNode(gateway(2, new IOException("reset"), new AtomicInteger())),
                NodePolicy.builder()
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                            .build())
                    .build())
            .start("charge")
            .build();
    var retries = RetriesDoc.observe(Engine.builder(graph));
    assertThat(retries).containsOnlyKeys("charge");
    assertThat(retries.get("charge").sum()).isEqualTo(2);
    assertThat(RetriesDoc.log).anyMatch(line -> line.startsWith("attempt 3 of charge in "));
  }
}
