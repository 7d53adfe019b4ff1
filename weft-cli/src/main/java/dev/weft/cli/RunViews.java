package dev.weft.cli;

import dev.weft.cli.demo.Research;
import dev.weft.cli.store.Journal;
import dev.weft.spi.Activation;
import dev.weft.spi.Checkpoint;
import dev.weft.store.RunSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of {@code runs list}, {@code runs show} and the HTTP server's {@code /runs}: one
 * place, so the command line and the server say the same thing. Documented in docs/cli.md.
 */
final class RunViews {
  private RunViews() {}

  /**
   * A run in a listing.
   *
   * @param runId the run
   * @param status RUNNING, PAUSED, FAILED or COMPLETED
   * @param step steps committed
   * @param detail pause reason or failure message; empty when none
   * @param createdAt ISO-8601 start time, or null when the store does not record it
   * @param updatedAt ISO-8601 time of the latest checkpoint, or null
   */
  record Listed(
      String runId, String status, long step, String detail, String createdAt, String updatedAt) {
    static Listed of(RunSummary r) {
      return new Listed(
          r.runId(),
          r.status().name(),
          r.step(),
          r.detail(),
          r.createdAt() == null ? null : r.createdAt().toString(),
          r.updatedAt() == null ? null : r.updatedAt().toString());
    }
  }

  /**
   * One attempt in a timeline.
   *
   * @param node the node
   * @param attempt counting from 1
   * @param outcome ok, failed or timeout
   * @param ms its duration
   * @param error the failure's message, or null
   * @param retryInMs the delay before the next attempt, when one was scheduled
   */
  record AttemptView(
      String node, int attempt, String outcome, double ms, String error, Double retryInMs) {}

  /**
   * One step in a timeline.
   *
   * @param step the step
   * @param nodes the activations of the step, by node id, from the checkpoint history
   * @param attempts every attempt seen in this step (a resumed step lists those of each try)
   * @param retries retries scheduled
   * @param timeouts attempts cut off
   * @param committed whether the step was committed
   */
  record StepView(
      long step,
      List<String> nodes,
      List<AttemptView> attempts,
      int retries,
      int timeouts,
      boolean committed) {}

  /**
   * A run in detail.
   *
   * @param runId the run
   * @param status RUNNING, PAUSED, FAILED or COMPLETED
   * @param step steps committed
   * @param detail pause reason or failure message; empty when none
   * @param next node ids of the next step's activations (what a resume runs first)
   * @param state the latest committed state
   * @param timeline per step: activations, attempts, retries, timeouts
   * @param events run-level events: started, resumed, paused, failed, completed
   */
  record Shown(
      String runId,
      String status,
      long step,
      String detail,
      List<String> next,
      Research state,
      List<StepView> timeline,
      List<Map<String, Object>> events) {}

  static Shown show(Checkpoint<Research> cp, List<Checkpoint<Research>> history, Journal journal) {
    Map<Long, List<String>> nodesByStep = new TreeMap<>();
    for (Checkpoint<Research> h : history) {
      nodesByStep.put(h.step(), nodeIds(h.frontier()));
    }
    Map<Long, StepBuilder> steps = new TreeMap<>();
    nodesByStep.forEach(
        (step, nodes) -> {
          if (step < cp.step() || !nodes.isEmpty()) {
            steps.computeIfAbsent(step, StepBuilder::new).nodes = nodes;
          }
        });
    List<Map<String, Object>> runEvents = new ArrayList<>();
    Map<String, AttemptView> pendingRetry = new LinkedHashMap<>();
    for (Map<String, Object> line : journal.read(cp.runId())) {
      long step = ((Number) line.get("step")).longValue();
      String type = String.valueOf(line.get("type"));
      String node = (String) line.get("node");
      int attempt = line.get("attempt") instanceof Number n ? n.intValue() : 0;
      double ms = line.get("ms") instanceof Number n ? n.doubleValue() : 0;
      StepBuilder s = null;
      if (node != null || type.equals("STEP_COMMITTED")) {
        s = steps.computeIfAbsent(step, StepBuilder::new);
      }
      switch (type) {
        case "NODE_SUCCEEDED" ->
            s.attempts.add(new AttemptView(node, attempt, "ok", ms, null, null));
        case "NODE_TIMED_OUT" -> s.timeouts++;
        case "NODE_FAILED" -> {
          String error = String.valueOf(line.get("message"));
          boolean timeout = String.valueOf(line.get("error")).endsWith("NodeTimeoutException");
          AttemptView a =
              new AttemptView(node, attempt, timeout ? "timeout" : "failed", ms, error, null);
          s.attempts.add(a);
          pendingRetry.put(step + "/" + node + "/" + attempt, a);
        }
        case "RETRY_SCHEDULED" -> {
          s.retries++;
          String key = step + "/" + node + "/" + attempt;
          AttemptView a = pendingRetry.remove(key);
          if (a != null) {
            int i = s.attempts.lastIndexOf(a);
            double delay = line.get("delayMs") instanceof Number n ? n.doubleValue() : 0;
            s.attempts.set(
                i, new AttemptView(a.node(), a.attempt(), a.outcome(), a.ms(), a.error(), delay));
          }
        }
        case "STEP_COMMITTED" -> s.committed = true;
        default -> {
          if (node == null && type.startsWith("RUN_")) {
            runEvents.add(line);
          }
        }
      }
    }
    for (StepBuilder s : steps.values()) {
      if (s.step < cp.step()) {
        s.committed = true; // the history says so, even if the journal lost the line
      }
    }
    List<StepView> timeline = steps.values().stream().map(StepBuilder::build).toList();
    return new Shown(
        cp.runId(),
        cp.status().name(),
        cp.step(),
        cp.detail(),
        nodeIds(cp.frontier()),
        cp.state(),
        timeline,
        runEvents);
  }

  private static List<String> nodeIds(List<Activation<Research>> frontier) {
    return frontier.stream().map(Activation::nodeId).toList();
  }

  private static final class StepBuilder {
    final long step;
    List<String> nodes = List.of();
    final List<AttemptView> attempts = new ArrayList<>();
    int retries;
    int timeouts;
    boolean committed;

    StepBuilder(long step) {
      this.step = step;
    }

    StepView build() {
      return new StepView(step, nodes, attempts, retries, timeouts, committed);
    }
  }
}
