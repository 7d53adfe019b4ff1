package dev.weft.cli;

import dev.weft.cli.demo.DemoEngine;
import dev.weft.cli.demo.Research;
import dev.weft.cli.demo.ResearchPipeline;
import dev.weft.cli.progress.Fmt;
import dev.weft.cli.progress.Progress;
import dev.weft.cli.store.RunStore;
import dev.weft.cli.store.StoreOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft demo}: the research pipeline, stored, with live progress and a summary. */
@Command(
    name = "demo",
    sortOptions = false,
    description = {
      "Runs the bundled research pipeline: plan -> fetch N sources (simulated latency, transient"
          + " failures, hangs) -> summarize each -> join -> report, with retries, per-node timeouts,"
          + " a run budget, bounded concurrency and backpressure; every step is checkpointed.",
      "Exit codes: 0 completed, 1 a run failed, 2 usage error, 3 paused (--approve), 130 Ctrl-C."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--runs", defaultValue = "1", description = "Runs to start at once (default 1).")
  int runs;

  @Option(
      names = "--sources",
      defaultValue = "8",
      description = "Sources each run fetches (default ${DEFAULT-VALUE}).")
  int sources;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      description = "Node attempts running at once per run; 0 = sequential (default 4).")
  int concurrency;

  @Option(
      names = "--queue-depth",
      defaultValue = "2",
      description = "Activations that may wait for a worker before backpressure (default 2).")
  int queueDepth;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of every simulated latency, failure and hang; run i uses seed+i.")
  long seed;

  @Option(
      names = "--fail-rate",
      defaultValue = "0.15",
      description = "Chance that a fetch attempt fails transiently (default ${DEFAULT-VALUE}).")
  double failRate;

  @Option(
      names = "--hang-rate",
      defaultValue = "0.05",
      description =
          "Chance that a fetch attempt hangs until its timeout (default ${DEFAULT-VALUE}).")
  double hangRate;

  @Option(
      names = "--latency",
      defaultValue = "40",
      paramLabel = "MS",
      description = "Median simulated fetch latency in milliseconds (default ${DEFAULT-VALUE}).")
  int latencyMs;

  @Option(
      names = "--budget",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Wall-clock budget of each run (default ${DEFAULT-VALUE}).")
  Duration budget;

  @Option(names = "--approve", description = "Pause each run for a reviewer before publishing.")
  boolean approve;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Id of the run (one run only); default demo-s<seed>-<random>.")
  String runId;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "Summary format: text or json (default text).")
  Output output;

  @Mixin StoreOptions storeOptions;
  @Mixin Common common;

  @Override
  public Integer call() {
    validate();
    try (RunStore store = RunStore.open(storeOptions)) {
      Progress progress = new Progress(ResearchPipeline.graph().nodeIds());
      DemoEngine engine =
          new DemoEngine(store, progress, progress, concurrency, queueDepth, budget);
      List<String> ids = runIds();
      String title =
          "weft demo · "
              + Fmt.count(runs, "run")
              + " × "
              + sources
              + " sources · concurrency "
              + concurrency
              + " · queue "
              + queueDepth;
      return new RunSession(progress, store, output, common.color)
          .execute(
              title,
              ids,
              k ->
                  engine.run(
                      ids.get(k),
                      Research.start(
                          new Research.Settings(
                              seed + k, sources, failRate, hangRate, latencyMs, approve))));
    }
  }

  private List<String> runIds() {
    List<String> ids = new ArrayList<>();
    if (runId != null) {
      ids.add(runId);
      return ids;
    }
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    String suffix = HexFormat.of().formatHex(random);
    for (int i = 0; i < runs; i++) {
      ids.add("demo-s" + (seed + i) + "-" + suffix);
    }
    return ids;
  }

  private void validate() {
    String cmd = Common.launcher() + " demo --help";
    if (runs < 1 || runs > 1000) {
      throw new CliException("--runs must be between 1 and 1000, was " + runs, "see " + cmd);
    }
    if (sources < 1 || sources > 10_000) {
      throw new CliException("--sources must be between 1 and 10000, was " + sources, "see " + cmd);
    }
    if (failRate < 0 || failRate > 1 || hangRate < 0 || hangRate > 1 || failRate + hangRate > 1) {
      throw new CliException(
          "--fail-rate and --hang-rate must be in [0, 1] with a sum ≤ 1, were "
              + failRate
              + " and "
              + hangRate,
          "for example --fail-rate 0.2 --hang-rate 0.05");
    }
    if (latencyMs < 0 || latencyMs > 60_000) {
      throw new CliException("--latency must be 0…60000 ms, was " + latencyMs, "see " + cmd);
    }
    if (runId != null && runs != 1) {
      throw new CliException("--run-id names one run, but --runs is " + runs, "drop one of them");
    }
    if (runId != null && !runId.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new CliException(
          "--run-id '" + runId + "' has characters other than letters, digits, '.', '_' and '-'",
          "pick an id like review-2026-01");
    }
    if (output == Output.jsonl) {
      throw new CliException("demo prints one summary: use -o text or -o json", "see " + cmd);
    }
  }
}
