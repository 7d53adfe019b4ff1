package dev.weft.internal;

import dev.weft.EventType;
import dev.weft.NodeContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** The {@link NodeContext} of one attempt. */
final class Context implements NodeContext {
  private final RunLoop<?> run;
  private final long step;
  private final String nodeId;
  private final int attempt;
  private final long orderKey;
  private final long deadlineNanos;

  Context(
      RunLoop<?> run, long step, String nodeId, int attempt, long orderKey, long deadlineNanos) {
    this.run = run;
    this.step = step;
    this.nodeId = nodeId;
    this.attempt = attempt;
    this.orderKey = orderKey;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public String runId() {
    return run.runId;
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public long orderKey() {
    return orderKey;
  }

  @Override
  public Random random() {
    return new Random(OrderKeys.seed(run.runHash, orderKey, attempt));
  }

  @Override
  public String idempotencyKey() {
    return run.runId + "/" + step + "/" + nodeId + "/" + Long.toHexString(orderKey);
  }

  @Override
  public Optional<Duration> remaining() {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, deadlineNanos - run.time.nanoTime())));
  }

  @Override
  public void emit(EventType type, Map<String, Object> attributes) {
    NodeContext.super.emit(type, attributes); // refuses engine-owned types
    run.runner.events.emit(run.runId, step, nodeId, type, attempt, attributes);
  }
}
