package dev.weft.examples;

import dev.weft.Engine;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.PermanentException;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Retries in an ordered payment workflow: {@code validate → reserve → charge → receipt}, run
 * sequentially ({@code maxConcurrentNodes = 0}). The payment gateway is flaky: its first call fails
 * with a 503, its second charges the card but the response times out. Both failures are transient,
 * so the engine retries {@code charge} with exponential backoff; the gateway recognises the
 * idempotency key on the third call and returns the existing charge, so the card is charged once.
 */
public final class RetriesExample {
  private RetriesExample() {}

  /** The state: an order's payment, filled in node by node. */
  record Payment(
      String orderId, long amountCents, String reservation, String chargeId, String receipt) {
    static Payment of(String orderId, long amountCents) {
      return new Payment(orderId, amountCents, null, null, null);
    }

    Payment merge(Payment d) {
      return new Payment(
          orderId,
          amountCents,
          d.reservation != null ? d.reservation : reservation,
          d.chargeId != null ? d.chargeId : chargeId,
          d.receipt != null ? d.receipt : receipt);
    }

    static Payment reserved(String id) {
      return new Payment(null, 0, id, null, null);
    }

    static Payment charged(String id) {
      return new Payment(null, 0, null, id, null);
    }

    static Payment receipted(String text) {
      return new Payment(null, 0, null, null, text);
    }
  }

  /** A payment gateway that fails the same way every time: a 503, then a lost response. */
  static final class FlakyGateway {
    private final Map<String, String> chargesByKey = new HashMap<>();
    private final Set<String> keysSeen = new HashSet<>();
    private int calls;
    private int cardCharges;

    synchronized String charge(String idempotencyKey, long amountCents)
        throws SocketTimeoutException {
      calls++;
      keysSeen.add(idempotencyKey);
      if (calls == 1) {
        throw new TransientException("gateway answered 503 Service Unavailable");
      }
      String existing = chargesByKey.get(idempotencyKey);
      if (existing != null) {
        return existing; // a retry of a charge that went through: no second charge
      }
      String chargeId = "ch_" + (1000 + chargesByKey.size());
      chargesByKey.put(idempotencyKey, chargeId);
      cardCharges++;
      if (calls == 2) {
        throw new SocketTimeoutException("read timed out after charging " + amountCents + " cents");
      }
      return chargeId;
    }

    synchronized int calls() {
      return calls;
    }

    synchronized int keysSeen() {
      return keysSeen.size();
    }

    synchronized int cardCharges() {
      return cardCharges;
    }
  }

  static Graph<Payment> graph(FlakyGateway gateway) {
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(4)
            .backoff(Duration.ofMillis(50), Duration.ofSeconds(1))
            .build();
    return Graph.builder(Payment::merge)
        .node(
            "validate",
            (p, ctx) -> {
              if (p.amountCents() <= 0) {
                throw new PermanentException("amount must be positive, was " + p.amountCents());
              }
              return NodeResult.next(null);
            })
        .node("reserve", (p, ctx) -> NodeResult.next(Payment.reserved("res_" + p.orderId())))
        .node(
            "charge",
            (p, ctx) ->
                NodeResult.next(
                    Payment.charged(gateway.charge(ctx.idempotencyKey(), p.amountCents()))),
            NodePolicy.builder().retry(retry).build())
        .node(
            "receipt",
            (p, ctx) ->
                NodeResult.stop(
                    Payment.receipted(
                        "order "
                            + p.orderId()
                            + ": "
                            + p.amountCents()
                            + " cents, "
                            + p.chargeId())))
        .edge("validate", "reserve")
        .edge("reserve", "charge")
        .edge("charge", "receipt")
        .start("validate")
        .build();
  }

  private static void print(Event e) {
    if (e.type() == EventType.NODE_FAILED) {
      System.out.printf(
          "  %-15s %s attempt %d: %s (%s), will retry: %s%n",
          e.type(),
          e.nodeId(),
          e.attempt(),
          e.attribute("message"),
          e.attribute("error"),
          e.attribute("willRetry"));
    } else if (e.type() == EventType.RETRY_SCHEDULED) {
      System.out.printf(
          "  %-15s %s attempt %s in %d ms%n",
          e.type(),
          e.nodeId(),
          e.attribute("nextAttempt"),
          (Long) e.attribute("delayNanos") / 1_000_000);
    } else if (e.type() == EventType.NODE_SUCCEEDED) {
      System.out.printf("  %-15s %s (attempt %d)%n", e.type(), e.nodeId(), e.attempt());
    }
  }

  public static void run() {
    FlakyGateway gateway = new FlakyGateway();
    Engine<Payment> engine =
        Engine.builder(graph(gateway))
            .options(Options.builder().maxConcurrentNodes(0).build()) // strictly in order
            .emitter(RetriesExample::print)
            .build();
    Payment done = engine.run("order-1001", Payment.of("1001", 4_990));
    System.out.println("receipt: " + done.receipt());
    System.out.printf(
        "gateway called %d times with %d idempotency key(s); card charged %d time(s)%n",
        gateway.calls(), gateway.keysSeen(), gateway.cardCharges());
  }

  public static void main(String[] args) {
    run();
  }
}
