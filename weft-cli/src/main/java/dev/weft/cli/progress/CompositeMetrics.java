package dev.weft.cli.progress;

import dev.weft.spi.EngineMetrics;
import dev.weft.spi.NodeMetrics;
import java.util.List;

/** Forwards every measurement to several {@link EngineMetrics}. Thread-safe if they are. */
public final class CompositeMetrics implements EngineMetrics {
  private final List<EngineMetrics> all;

  public CompositeMetrics(List<EngineMetrics> all) {
    this.all = List.copyOf(all);
  }

  @Override
  public NodeMetrics forNode(String nodeId) {
    List<NodeMetrics> parts = all.stream().map(m -> m.forNode(nodeId)).toList();
    return new NodeMetrics() {
      @Override
      public void finished(String outcome, long durationNanos) {
        parts.forEach(m -> m.finished(outcome, durationNanos));
      }

      @Override
      public void retryScheduled() {
        parts.forEach(NodeMetrics::retryScheduled);
      }

      @Override
      public void timedOut() {
        parts.forEach(NodeMetrics::timedOut);
      }

      @Override
      public void abandoned() {
        parts.forEach(NodeMetrics::abandoned);
      }
    };
  }

  @Override
  public void nodeFinished(String nodeId, String outcome, long durationNanos) {
    all.forEach(m -> m.nodeFinished(nodeId, outcome, durationNanos));
  }

  @Override
  public boolean recordsDurations() {
    return all.stream().anyMatch(EngineMetrics::recordsDurations);
  }

  @Override
  public void retryScheduled(String nodeId) {
    all.forEach(m -> m.retryScheduled(nodeId));
  }

  @Override
  public void nodeTimedOut(String nodeId) {
    all.forEach(m -> m.nodeTimedOut(nodeId));
  }

  @Override
  public void nodeAbandoned(String nodeId) {
    all.forEach(m -> m.nodeAbandoned(nodeId));
  }

  @Override
  public void backpressureStarted() {
    all.forEach(EngineMetrics::backpressureStarted);
  }

  @Override
  public void backpressureResolved(long waitNanos) {
    all.forEach(m -> m.backpressureResolved(waitNanos));
  }

  @Override
  public void queueDepthChanged(int delta) {
    all.forEach(m -> m.queueDepthChanged(delta));
  }

  @Override
  public void queueCapacity(int capacity) {
    all.forEach(m -> m.queueCapacity(capacity));
  }

  @Override
  public void inFlightChanged(int delta) {
    all.forEach(m -> m.inFlightChanged(delta));
  }

  @Override
  public void runFinished(String outcome, long durationNanos) {
    all.forEach(m -> m.runFinished(outcome, durationNanos));
  }

  @Override
  public void backpressureTimedOut() {
    all.forEach(EngineMetrics::backpressureTimedOut);
  }

  @Override
  public void eventsDropped(long count) {
    all.forEach(m -> m.eventsDropped(count));
  }

  @Override
  public void checkpointSaved(long durationNanos) {
    all.forEach(m -> m.checkpointSaved(durationNanos));
  }
}
