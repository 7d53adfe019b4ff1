package dev.weft.docs;

import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.Node;
import dev.weft.NodeFailedException;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RetriesExhaustedException;
import dev.weft.RetryPolicy;
import dev.weft.RunBudgetExceededException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.EngineMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Snippets of docs/retries.md; {@link RetriesDocTest} runs them. */
final class RetriesDoc {
  private RetriesDoc() {}

  record Order(String id, long amountCents, String chargeId) {
    Order merge(Order delta) {
      return delta.chargeId != null ? new Order(id, amountCents, delta.chargeId) : this;
    }

    Order withCharge(String chargeId) {
      return new Order(null, 0, chargeId);
    }
  }

  interface Gateway {
    String charge(String idempotencyKey, long amountCents)
        throws IOException, CardDeclinedException;
  }

  static final class CardDeclinedException extends Exception {
    CardDeclinedException(String message) {
      super(message);
    }
  }

  static final List<String> log = new CopyOnWriteArrayList<>(); // what the snippets log

  static void log(String line) {
    log.add(line);
  }

  static Node<Order> chargeNode(Gateway gateway) {
    // region node
    Node<Order> charge =
        (order, ctx) -> {
          if (ctx.attempt() > 1) {
            log("retrying charge of order " + order.id() + ", attempt " + ctx.attempt());
          }
          try {
            // The same key on every attempt and resume: the gateway charges once.
            String chargeId = gateway.charge(ctx.idempotencyKey(), order.amountCents());
            return NodeResult.next(order.withCharge(chargeId));
          } catch (CardDeclinedException e) {
            throw new PermanentException("card declined: " + e.getMessage(), e); // fail at once
          }
          // An IOException from the gateway propagates and is retried.
        };
    // endregion
    return charge;
  }

  static Engine<Order> engine(Gateway gateway, Node<Order> receipt) {
    Node<Order> charge = chargeNode(gateway);
    // region policy
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(4) // the first attempt and 3 retries
            .backoff(
                Duration.ofMillis(100), Duration.ofSeconds(5)) // base delay, cap (jitter included)
            .multiplier(2)
            .jitter(0.2) // up to +20 %, seeded by the run
            .abortOn(IllegalArgumentException.class) // never retried
            .retryIf(e -> String.valueOf(e.getMessage()).contains("HTTP 429"))
            .build();

    Graph<Order> graph =
        Graph.builder(Order::merge)
            .node("charge", charge, NodePolicy.builder().retry(retry).build()) // this node's policy
            .node("receipt", receipt)
            .edge("charge", "receipt")
            .start("charge")
            .build();

    Engine<Order> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(0) // one node at a time, in order
                    .defaultRetry(
                        RetryPolicy.builder().maxAttempts(2).build()) // nodes without their own
                    .runWallClockBudget(Duration.ofMinutes(1)) // backoff waits included
                    .build())
            .build();
    // endregion
    return engine;
  }

  static List<Duration> delays() {
    // region delays
    RetryPolicy policy =
        RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    List<Duration> delays = new ArrayList<>();
    for (int failedAttempt = 1; failedAttempt <= 5; failedAttempt++) {
      delays.add(policy.delayAfter(failedAttempt)); // before jitter
    }
    // [PT0.1S, PT0.2S, PT0.4S, PT0.8S, PT1S]: doubling, then capped at maxDelay
    // endregion
    return delays;
  }

  static String failures(Engine<Order> engine, Order order) {
    // region failures
    try {
      engine.run("order-7", order);
    } catch (RetriesExhaustedException e) { // every attempt failed, each time retryably
      e.failures().forEach(f -> log("attempt failed: " + f));
      return "exhausted after " + e.attempt() + " attempts";
    } catch (NodeFailedException e) { // not retryable: failed at once
      return e.nodeId() + " failed on attempt " + e.attempt() + ": " + e.getCause();
    } catch (RunBudgetExceededException e) { // the next delay would outlive the budget
      return "out of time; last failure: " + e.getCause();
    }
    // endregion
    return "completed";
  }

  static Map<String, LongAdder> observe(Engine.Builder<Order> builder) {
    // region observe
    BufferedEmitter events = new BufferedEmitter(10_000);
    Map<String, LongAdder> retriesByNode = new ConcurrentHashMap<>();
    EngineMetrics metrics =
        new EngineMetrics() {
          @Override
          public void retryScheduled(String nodeId) {
            retriesByNode.computeIfAbsent(nodeId, k -> new LongAdder()).increment();
          }
        };
    Engine<Order> engine = builder.emitter(events).metrics(metrics).build();
    engine.run("order-8", new Order("8", 1_250, null));

    for (Event e : events.query("order-8", "charge", EventType.RETRY_SCHEDULED)) {
      log(
          "attempt "
              + e.attribute("nextAttempt")
              + " of charge in "
              + e.attribute("delayNanos")
              + " ns");
    }
    // endregion
    return retriesByNode;
  }
}
