package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Options;
import dev.weft.emit.BufferedEmitter;
import dev.weft.examples.RetriesExample.FlakyGateway;
import dev.weft.examples.RetriesExample.Payment;
import org.junit.jupiter.api.Test;

class RetriesExampleTest {
  @Test
  void chargeIsRetriedTwiceAndTheCardChargedOnce() {
    FlakyGateway gateway = new FlakyGateway();
    BufferedEmitter events = new BufferedEmitter(1_000);
    Engine<Payment> engine =
        Engine.builder(RetriesExample.graph(gateway))
            .options(Options.builder().maxConcurrentNodes(0).build())
            .emitter(events)
            .build();

    Payment done = engine.run("order-1", Payment.of("1", 500));

    assertThat(done.chargeId()).isEqualTo("ch_1000");
    assertThat(done.receipt()).isEqualTo("order 1: 500 cents, ch_1000");
    assertThat(gateway.calls()).isEqualTo(3);
    assertThat(gateway.keysSeen()).isEqualTo(1);
    assertThat(gateway.cardCharges()).isEqualTo(1);
    assertThat(events.query("order-1", "charge", EventType.RETRY_SCHEDULED)).hasSize(2);
  }
}
