package dev.weft.cli;

import dev.weft.cli.demo.RunOutcome;
import dev.weft.cli.progress.Fmt;
import dev.weft.cli.progress.NodeStats;
import dev.weft.cli.progress.Progress;
import dev.weft.cli.progress.Style;
import dev.weft.cli.store.RunStore;
import java.io.PrintStream;
import java.util.List;

/**
 * The report at the end of {@code weft demo} and {@code weft resume}: per run its outcome, per node
 * attempts, retries, timeouts, failures and p50/p95 latency, and where the runs are stored and how
 * to inspect them. The JSON form has the same numbers (docs/cli.md documents its shape).
 *
 * @param runs one entry per run
 * @param nodes one row per node of the graph
 * @param totals sums over the nodes
 * @param store where the runs are
 */
public record Summary(
    List<RunJson> runs, List<NodeStats.Row> nodes, Totals totals, StoreJson store) {

  /**
   * One run in the summary.
   *
   * @param runId the run
   * @param status completed, paused, failed or cancelled
   * @param steps steps committed
   * @param durationMs time this command spent on it
   * @param seed the run's seed, when known
   * @param outcome the report's fate (published, rejected), once completed
   * @param pauseReason why it waits, when paused
   * @param error why it stopped, when failed or cancelled
   */
  public record RunJson(
      String runId,
      String status,
      long steps,
      double durationMs,
      Long seed,
      String outcome,
      String pauseReason,
      String error) {}

  /**
   * Sums over all runs.
   *
   * @param attempts node attempts started
   * @param retries retries scheduled
   * @param timeouts attempts cut off by a time limit
   * @param failures failed attempts (timeouts included)
   * @param backpressureEvents times a coordinator found the work queue full
   * @param peakQueueDepth most activations waiting at once
   */
  public record Totals(
      long attempts,
      long retries,
      long timeouts,
      long failures,
      long backpressureEvents,
      int peakQueueDepth) {}

  /**
   * Where runs are stored.
   *
   * @param kind sqlite or postgres
   * @param location the SQLite file or the redacted PostgreSQL URL
   */
  public record StoreJson(String kind, String location) {}

  /** The summary of {@code outcomes} tracked by {@code progress}. */
  public static Summary of(List<RunOutcome> outcomes, Progress progress, RunStore store) {
    List<RunJson> runs =
        outcomes.stream()
            .map(
                o ->
                    new RunJson(
                        o.runId(),
                        o.status(),
                        o.steps(),
                        Math.round(o.durationNanos() / 10_000.0) / 100.0,
                        o.state() == null || o.state().settings() == null
                            ? null
                            : o.state().settings().seed(),
                        o.state() == null ? null : o.state().outcome(),
                        o.pauseReason(),
                        o.error()))
            .toList();
    List<NodeStats.Row> rows = progress.nodeRows();
    Totals totals =
        new Totals(
            rows.stream().mapToLong(NodeStats.Row::attempts).sum(),
            rows.stream().mapToLong(NodeStats.Row::retries).sum(),
            rows.stream().mapToLong(NodeStats.Row::timeouts).sum(),
            rows.stream().mapToLong(NodeStats.Row::failures).sum(),
            progress.backpressureEvents(),
            progress.peakQueueDepth());
    return new Summary(runs, rows, totals, new StoreJson(store.kind(), store.location()));
  }

  /** The human form. */
  public void print(PrintStream out, Style style) {
    out.println();
    out.println(style.bold("runs"));
    for (RunJson r : runs) {
      String status =
          switch (r.status()) {
            case "completed" -> style.green(r.status());
            case "paused" -> style.yellow(r.status());
            default -> style.red(r.status());
          };
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "  %-22s %s  %s  %s",
                  r.runId(),
                  status,
                  Fmt.count(r.steps(), "step"),
                  Fmt.seconds((long) (r.durationMs() * 1e6))));
      if (r.seed() != null) {
        line.append("  seed ").append(r.seed());
      }
      if (r.outcome() != null) {
        line.append("  report ").append(r.outcome());
      }
      out.println(line);
      if (r.pauseReason() != null) {
        out.println("    waiting: " + r.pauseReason());
      }
      if (r.error() != null) {
        out.println("    " + style.red("error: ") + r.error());
      }
    }
    out.println();
    out.println(
        style.bold(
            String.format(
                "%-12s %9s %8s %9s %7s %9s %9s",
                "node", "attempts", "retries", "timeouts", "failed", "p50", "p95")));
    for (NodeStats.Row n : nodes) {
      out.println(
          String.format(
              "%-12s %9d %8d %9d %7d %9s %9s",
              n.node(),
              n.attempts(),
              n.retries(),
              n.timeouts(),
              n.failures(),
              Fmt.millis(n.p50Ms()),
              Fmt.millis(n.p95Ms())));
    }
    out.println(
        String.format(
            "%-12s %9d %8d %9d %7d",
            "total", totals.attempts(), totals.retries(), totals.timeouts(), totals.failures()));
    out.println(
        "backpressure: "
            + Fmt.count(totals.backpressureEvents(), "wait")
            + " for a full queue (peak depth "
            + totals.peakQueueDepth()
            + ")");
    out.println();
    String cmd = Common.launcher();
    out.println(style.bold("stored: ") + store.kind() + " " + store.location());
    if (!runs.isEmpty()) {
      RunJson first = runs.getFirst();
      out.println("inspect: " + cmd + " runs show " + first.runId());
      out.println("         " + cmd + " runs list");
      for (RunJson r : runs) {
        switch (r.status()) {
          case "paused" ->
              out.println(
                  "approve: " + cmd + " resume " + r.runId() + " --input '{\"approved\":true}'");
          case "failed", "cancelled" -> out.println("resume:  " + cmd + " resume " + r.runId());
          default -> {}
        }
      }
    }
  }
}
