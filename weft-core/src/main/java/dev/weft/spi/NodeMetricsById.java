package dev.weft.spi;

/** The default {@link NodeMetrics}: reports to the per-node methods of {@link EngineMetrics}. */
record NodeMetricsById(EngineMetrics metrics, String nodeId) implements NodeMetrics {
  @Override
  public void finished(String outcome, long durationNanos) {
    metrics.nodeFinished(nodeId, outcome, durationNanos);
  }

  @Override
  public void retryScheduled() {
    metrics.retryScheduled(nodeId);
  }

  @Override
  public void timedOut() {
    metrics.nodeTimedOut(nodeId);
  }

  @Override
  public void abandoned() {
    metrics.nodeAbandoned(nodeId);
  }
}
