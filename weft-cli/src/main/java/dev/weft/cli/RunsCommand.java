package dev.weft.cli;

import dev.weft.RunStatus;
import dev.weft.cli.demo.DemoEngine;
import dev.weft.cli.demo.Research;
import dev.weft.cli.progress.Fmt;
import dev.weft.cli.store.RunStore;
import dev.weft.cli.store.StoreOptions;
import dev.weft.spi.Checkpoint;
import dev.weft.store.RunSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft runs}: list, show, delete and prune stored runs. */
@Command(
    name = "runs",
    description = "Lists, shows, deletes and prunes stored runs.",
    subcommands = {
      RunsCommand.ListRuns.class,
      RunsCommand.Show.class,
      RunsCommand.Delete.class,
      RunsCommand.Prune.class
    })
public final class RunsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: list, show, delete or prune");
  }

  /** {@code weft runs list}. */
  @Command(name = "list", description = "Lists runs, newest first.")
  static final class ListRuns implements Callable<Integer> {
    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only runs with this status: running, paused, failed, completed.")
    RunStatus status;

    @Option(
        names = "--since",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Only runs started within this long (e.g. 1h, 7d).")
    Duration since;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default 50).")
    int limit;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "text, json (one document) or jsonl (one run per line).")
    Output output;

    @Mixin StoreOptions storeOptions;
    @Mixin Common common;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new CliException(
            "--limit must be at least 1, was " + limit, "for example --limit 20");
      }
      try (RunStore store = RunStore.open(storeOptions)) {
        List<RunSummary> runs =
            store.list(
                Optional.ofNullable(status),
                Optional.ofNullable(since).map(d -> Instant.now().minus(d)),
                limit);
        PrintStream out = System.out;
        switch (output) {
          case json ->
              out.println(
                  Json.pretty(new Listing(runs.stream().map(RunViews.Listed::of).toList())));
          case jsonl -> runs.forEach(r -> out.println(Json.line(RunViews.Listed.of(r))));
          case text -> {
            if (runs.isEmpty()) {
              out.println("no runs in " + store.location());
            } else {
              out.println(
                  String.format(
                      "%-28s %-10s %5s  %-20s %s", "RUN", "STATUS", "STEP", "UPDATED", "DETAIL"));
              for (RunSummary r : runs) {
                out.println(
                    String.format(
                        "%-28s %-10s %5d  %-20s %s",
                        r.runId(),
                        r.status().name().toLowerCase(Locale.ROOT),
                        r.step(),
                        r.updatedAt() == null
                            ? "-"
                            : r.updatedAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                        shorten(r.detail(), 60)));
              }
            }
          }
        }
        return ExitCodes.OK;
      }
    }
  }

  /**
   * The JSON of {@code runs list -o json}.
   *
   * @param runs newest first
   */
  record Listing(List<RunViews.Listed> runs) {}

  /** {@code weft runs show RUN}. */
  @Command(name = "show", description = "Shows a run: status, error, state and per-step timeline.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "text or json.")
    Output output;

    @Mixin StoreOptions storeOptions;
    @Mixin Common common;

    @Override
    public Integer call() {
      try (RunStore store = RunStore.open(storeOptions)) {
        Checkpoint<Research> cp =
            store.load(runId).orElseThrow(() -> DemoEngine.unknownRun(runId, store));
        RunViews.Shown shown = RunViews.show(cp, store.history(runId), store.journal());
        if (output == Output.text) {
          print(shown, System.out);
        } else {
          System.out.println(Json.pretty(shown));
        }
        return ExitCodes.OK;
      }
    }

    private static void print(RunViews.Shown s, PrintStream out) {
      out.println("run:    " + s.runId());
      out.println(
          "status: "
              + s.status().toLowerCase(Locale.ROOT)
              + " after "
              + Fmt.count(s.step(), "step"));
      if (!s.detail().isEmpty()) {
        out.println((s.status().equals("PAUSED") ? "reason: " : "error:  ") + s.detail());
      }
      if (!s.next().isEmpty()) {
        out.println("next:   " + String.join(", ", s.next()));
      }
      out.println("state:  " + Json.line(s.state()));
      out.println();
      out.println("timeline");
      for (RunViews.StepView step : s.timeline()) {
        out.println(
            String.format(
                "  step %-3d %-9s %s%s",
                step.step(),
                step.committed() ? "committed" : "pending",
                summarize(step.nodes()),
                step.retries() + step.timeouts() > 0
                    ? "  ("
                        + Fmt.count(step.retries(), "retry").replace("retrys", "retries")
                        + ", "
                        + Fmt.count(step.timeouts(), "timeout")
                        + ")"
                    : ""));
        for (RunViews.AttemptView a : step.attempts()) {
          out.println(
              String.format(
                  "      %-10s #%d %-8s %8s%s%s",
                  a.node(),
                  a.attempt(),
                  a.outcome(),
                  Fmt.millis(a.ms()),
                  a.error() == null ? "" : "  " + shorten(a.error(), 70),
                  a.retryInMs() == null ? "" : "  → retry in " + Fmt.millis(a.retryInMs())));
        }
      }
      if (s.timeline().stream().allMatch(t -> t.attempts().isEmpty())) {
        out.println("  (no attempts recorded in this data directory's timelines)");
      }
    }

    private static String summarize(List<String> nodes) {
      java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
      nodes.forEach(n -> counts.merge(n, 1, Integer::sum));
      StringBuilder sb = new StringBuilder();
      counts.forEach(
          (n, c) -> sb.append(sb.isEmpty() ? "" : ", ").append(n).append(c > 1 ? " ×" + c : ""));
      return sb.toString();
    }
  }

  /** {@code weft runs delete RUN}. */
  @Command(name = "delete", description = "Deletes a run: its checkpoints and timeline.")
  static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Mixin StoreOptions storeOptions;
    @Mixin Common common;

    @Override
    public Integer call() {
      try (RunStore store = RunStore.open(storeOptions)) {
        if (!store.delete(runId)) {
          throw DemoEngine.unknownRun(runId, store);
        }
        System.out.println("deleted run " + runId);
        return ExitCodes.OK;
      }
    }
  }

  /** {@code weft runs prune --older-than D}. */
  @Command(
      name = "prune",
      description = "Deletes runs that are not running and were last updated before a cut-off.")
  static final class Prune implements Callable<Integer> {
    @Option(
        names = "--older-than",
        required = true,
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Cut-off age, e.g. 7d, 12h, 30m.")
    Duration olderThan;

    @Mixin StoreOptions storeOptions;
    @Mixin Common common;

    @Override
    public Integer call() {
      try (RunStore store = RunStore.open(storeOptions)) {
        List<String> deleted = store.prune(Instant.now().minus(olderThan));
        System.out.println(
            "pruned "
                + Fmt.count(deleted.size(), "run")
                + " older than "
                + olderThan.toString().substring(2).toLowerCase(Locale.ROOT));
        return ExitCodes.OK;
      }
    }
  }

  static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    String one = s.replace('\n', ' ');
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }
}
