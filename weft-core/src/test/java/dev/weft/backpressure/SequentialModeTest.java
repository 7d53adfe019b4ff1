package dev.weft.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import dev.weft.Route.Branch;
import dev.weft.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sequential mode has no worker queue: no backpressure, and wide fan-outs need no extra threads.
 */
class SequentialModeTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void sequentialRunsNeverReportBackpressure() {
    FanOut fan = new FanOut(50);
    RecordingMetrics metrics = new RecordingMetrics();
    TimedEmitter events = new TimedEmitter();
    // Settings that would time out at once in concurrent mode.
    Engine<Tally> engine =
        Engine.builder(fan.sleeping(2))
            .options(
                Options.builder()
                    .maxConcurrentNodes(0)
                    .queueDepth(1)
                    .backpressureTimeout(Duration.ofMillis(1))
                    .build())
            .metrics(metrics)
            .emitter(events)
            .build();

    RunResult<Tally> result = engine.runForResult("seq", Tally.of());

    assertThat(result.state().items()).hasSize(51);
    assertThat(result.stats().backpressureEvents()).isZero();
    assertThat(result.stats().enqueued()).isZero();
    assertThat(result.stats().peakQueueDepth()).isZero();
    assertThat(result.stats().peakInFlight()).isEqualTo(1);
    assertThat(metrics.startedAt()).isEmpty();
    assertThat(metrics.maxDepth.get()).isZero();
    assertThat(events.all())
        .extracting(r -> r.event().type())
        .doesNotContain(
            EventType.BACKPRESSURE,
            EventType.BACKPRESSURE_RESOLVED,
            EventType.BACKPRESSURE_TIMEOUT);
  }

  /** Test state for the wide fan-out: a count and a sum, constant size whatever the width. */
  record Sum(long count, long total) {
    Sum merge(Sum d) {
      return new Sum(count + d.count, total + d.total);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aHundredThousandWayFanOutRunsOneAtATimeOnTheCallingThread() {
    int width = 100_000;
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Graph<Sum> graph =
        Graph.builder(Sum::merge)
            .node(
                "fan",
                (s, ctx) -> {
                  List<Branch<Sum>> branches = new ArrayList<>(width);
                  for (int i = 0; i < width; i++) {
                    branches.add(Branch.of("work", new Sum(0, i)));
                  }
                  return NodeResult.send(null, branches);
                })
            .node(
                "work",
                (in, ctx) -> {
                  threads.add(Thread.currentThread());
                  return NodeResult.stop(new Sum(1, in.total()));
                })
            .routes("fan", "work")
            .start("fan")
            .build();
    RecordingMetrics metrics = new RecordingMetrics();
    Engine<Sum> engine =
        Engine.builder(graph)
            .options(Options.builder().maxConcurrentNodes(0).queueDepth(1).build())
            .metrics(metrics)
            .build();

    RunResult<Sum> result = engine.runForResult("seq-wide", new Sum(0, 0));

    assertThat(result.state()).isEqualTo(new Sum(width, (long) width * (width - 1) / 2));
    // No thread and no queue slot per activation: one attempt at a time, on the caller's thread.
    assertThat(threads).containsExactly(Thread.currentThread());
    assertThat(result.stats().peakInFlight()).isEqualTo(1);
    assertThat(metrics.maxInFlight.get()).isEqualTo(1);
    assertThat(result.stats().backpressureEvents()).isZero();
    assertThat(metrics.maxDepth.get()).isZero();
  }
}
