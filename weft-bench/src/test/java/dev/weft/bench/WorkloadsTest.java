package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark operation once (twice where a store is involved) and checks the final state,
 * so that a benchmark cannot silently measure the wrong workload.
 */
class WorkloadsTest {

  @Test
  void l1ChainRunsEveryNode() {
    L1LongChain b = new L1LongChain();
    b.steps = 100;
    b.setup();
    LState s = b.run();
    assertThat(s.counter()).isEqualTo(100);
    assertThat(s.data()).isEqualTo(Map.of("step", 100));
  }

  @Test
  void l2ShortChain() {
    L2ShortChain b = new L2ShortChain();
    b.setup();
    assertThat(b.run()).isEqualTo(new LState(3, Map.of("step", 3)));
  }

  @Test
  void l3SavesLoadsAndForgets() {
    L3Checkpoint b = new L3Checkpoint();
    assertThat(b.saveAndLoad()).isEqualTo(new LState(1, Map.of("step", 1)));
    assertThat(b.saveAndLoad().counter()).isEqualTo(1);
    assertThat(b.store.runIds()).isEmpty();
  }

  @Test
  void l4JoinRunsOnceAfterFourBranches() {
    L4ParallelJoin b = new L4ParallelJoin();
    b.setup();
    LState s = b.run();
    assertThat(s.counter()).isEqualTo(1);
    assertThat(s.data()).isEqualTo(Map.of("b0", 0, "b1", 1, "b2", 2, "b3", 3));
  }

  @Test
  void l5SingleNode() {
    L5SingleNode b = new L5SingleNode();
    b.setup();
    assertThat(b.run()).isEqualTo(new LState(1, Map.of("greeting", "hello", "count", 2)));
  }

  @Test
  void w1ChainCountsToAThousandWithAndWithoutCheckpoints() {
    W1Chain b = new W1Chain();
    b.steps = 1000;
    b.setup();
    assertThat(b.noCheckpoints().counter()).isEqualTo(1000);
    assertThat(b.withCheckpoints().counter()).isEqualTo(1000);
    assertThat(b.withCheckpoints().counter()).isEqualTo(1000);
    assertThat(b.store.runIds()).isEmpty();
  }

  @Test
  void w1CheckpointsEveryStep() {
    W1Chain b = new W1Chain();
    b.steps = 1000;
    b.setup();
    var engine =
        dev.weft.Engine.builder(Graphs.chain(1000, i -> Nodes.INCREMENT))
            .options(Graphs.SEQUENTIAL)
            .store(b.store)
            .build();
    engine.run("probe", LState.EMPTY);
    // The initial checkpoint plus one commit per step.
    assertThat(b.store.history("probe")).hasSize(1001);
  }

  @Test
  void w2EveryBranchAppendsOnceAndJoinRunsOnce() {
    W2FanOut b = new W2FanOut();
    b.setup();
    for (W2FanOut.Items s : new W2FanOut.Items[] {b.sequential(), b.concurrent()}) {
      assertThat(s.items()).hasSize(100).doesNotHaveDuplicates();
      assertThat(s.joins()).isEqualTo(1);
    }
    assertThat(b.concurrent()).isEqualTo(b.sequential());
  }

  @Test
  void w3LoopsTenThousandTimes() {
    W3Loop b = new W3Loop();
    b.steps = 10_000;
    b.setup();
    assertThat(b.run().counter()).isEqualTo(10_000);
  }

  @Test
  void w4FiftySlowBranches() {
    W4SlowBranches b = new W4SlowBranches();
    b.width = 50;
    b.setup();
    long t0 = System.nanoTime();
    assertThat(b.run()).isEqualTo(new Tally(50, 1));
    // All branches sleep at once: far below the 50 × 20 ms a sequential run would take.
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(500);
  }

  @Test
  void w4TenThousandSlowBranches() {
    W4SlowBranches b = new W4SlowBranches();
    b.width = 10_000;
    b.setup();
    assertThat(b.run()).isEqualTo(new Tally(10_000, 1));
  }

  @Test
  void b0ComputesWhatTheEngineComputes() throws Exception {
    B0Chain chain = new B0Chain();
    chain.steps = 1000;
    chain.setup();
    assertThat(chain.run().counter()).isEqualTo(1000);
    B0Loop loop = new B0Loop();
    loop.steps = 10_000;
    assertThat(loop.run().counter()).isEqualTo(10_000);
  }

  @Test
  void monitoringFanOutCountsBackpressureOnlyWhenOn() {
    for (String monitoring : new String[] {"off", "on", "full"}) {
      MonitoringFanOut b = new MonitoringFanOut();
      b.monitoring = monitoring;
      b.setup();
      W2FanOut.Items s = b.run();
      assertThat(s.items()).hasSize(100);
      assertThat(s.joins()).isEqualTo(1);
      // 100 branches through a queue of 8 with 16 workers: the coordinator must wait.
      assertThat(b.engine.runForResult("stats", W2FanOut.Items.EMPTY).stats().backpressureEvents())
          .isPositive();
      switch (b.metrics) {
        case CountingMetrics full -> {
          assertThat(monitoring).isEqualTo("full");
          assertThat(full.nodesFinished()).isEqualTo(102 * 2);
          assertThat(full.backpressureEvents()).isPositive();
        }
        case BackpressureMetrics on -> {
          assertThat(monitoring).isEqualTo("on");
          assertThat(on.backpressureEvents()).isPositive();
          assertThat(on.queueDepth.sum()).isZero(); // every admitted activation left the queue
          assertThat(on.capacity).isEqualTo(Monitoring.QUEUE_DEPTH);
        }
        default -> assertThat(monitoring).isEqualTo("off");
      }
    }
  }

  @Test
  void monitoringChainInBothModes() {
    for (String mode : new String[] {"sequential", "concurrent"}) {
      for (String monitoring : new String[] {"off", "on", "full"}) {
        MonitoringChain b = new MonitoringChain();
        b.steps = 1000;
        b.mode = mode;
        b.monitoring = monitoring;
        b.setup();
        assertThat(b.run().counter()).isEqualTo(1000);
        if (b.metrics instanceof CountingMetrics full) {
          assertThat(full.nodesFinished()).isEqualTo(1000);
        }
      }
    }
  }

  @Test
  void storeCommitCommitsEveryStep() throws Exception {
    for (String store : List.of("memory", "sqlite")) {
      StoreCommit b = new StoreCommit();
      b.store = store;
      b.stateBytes = 1024;
      b.setup();
      b.newRun();
      assertThat(b.commit()).isEqualTo(1);
      assertThat(b.commit()).isEqualTo(2);
      b.dropRun();
      b.tearDown();
    }
  }

  @Test
  void storeW1ChainCommitsTheChainAndDeletesIt() throws Exception {
    for (String store : List.of("memory", "sqlite")) {
      StoreW1Chain b = new StoreW1Chain();
      b.store = store;
      b.steps = 20;
      b.setup();
      assertThat(b.run().counter()).isEqualTo(20);
      assertThat(b.checkpoints.history("sw1-0")).isEmpty();
      b.tearDown();
    }
  }

  @Test
  void storeConcurrentRunsCommitsEveryRunAndDeletesThemAfterTheIteration() throws Exception {
    for (String store : List.of("memory", "sqlite")) {
      StoreConcurrentRuns b = new StoreConcurrentRuns();
      b.store = store;
      b.setup();
      assertThat(b.hundredRuns()).isEqualTo(100 * 10);
      assertThat(b.checkpoints.history("scr-99")).hasSize(11);
      b.deleteRuns();
      assertThat(b.checkpoints.history("scr-99")).isEmpty();
      b.tearDown();
    }
  }

  @Test
  void stateEncodeGivesTheCodecsBytes() {
    StateEncode b = new StateEncode();
    b.stateBytes = 1024;
    b.setup();
    byte[] bytes = b.encode();
    assertThat(dev.weft.jdbc.JacksonStateCodec.of(LState.class).decode(bytes))
        .isEqualTo(StoreCommit.state(1024));
    assertThat(bytes.length).isGreaterThan(1024);
  }

  @Test
  void timeoutPrecisionPercentiles() throws InterruptedException {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1L;
    }
    assertThat(TimeoutPrecision.percentile(sorted, 50)).isEqualTo(50);
    assertThat(TimeoutPrecision.percentile(sorted, 99)).isEqualTo(99);
    TimeoutPrecision.Sample sample = TimeoutPrecision.measure(5, 0, 3);
    assertThat(sample.engine()).hasSize(3);
    // A limit never fires early: every error is zero or positive.
    assertThat(java.util.Arrays.stream(sample.engine()).min().orElseThrow()).isNotNegative();
  }
}
