package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.cli.demo.DemoEngine;
import dev.weft.cli.demo.Research;
import dev.weft.cli.demo.ResearchPipeline;
import dev.weft.cli.progress.Progress;
import dev.weft.cli.store.RunStore;
import dev.weft.cli.store.StoreOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft resume RUN}: continues a failed, cancelled, paused or killed run. */
@Command(
    name = "resume",
    description = {
      "Continues a run from its latest checkpoint: after a failure, a timeout, Ctrl-C, a crash"
          + " (kill -9) or a pause. A completed run is reported as it is.",
      "Exit codes: 0 completed, 1 failed again, 2 usage error or unknown run, 3 paused, 130 Ctrl-C."
    })
public final class ResumeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN", description = "The run's id.")
  String runId;

  @Option(
      names = "--input",
      paramLabel = "JSON",
      description = "A delta merged into a paused run's state first, e.g. '{\"approved\":true}'.")
  String input;

  @Option(names = "--concurrency", defaultValue = "4", description = "As for demo (default 4).")
  int concurrency;

  @Option(names = "--queue-depth", defaultValue = "2", description = "As for demo (default 2).")
  int queueDepth;

  @Option(
      names = "--budget",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Wall-clock budget of this resume (default ${DEFAULT-VALUE}).")
  Duration budget;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "Summary format: text or json.")
  Output output;

  @Mixin StoreOptions storeOptions;
  @Mixin Common common;

  @Override
  public Integer call() {
    Optional<Research> delta = parseInput();
    try (RunStore store = RunStore.open(storeOptions)) {
      if (store.load(runId).isEmpty()) {
        throw DemoEngine.unknownRun(runId, store);
      }
      Progress progress = new Progress(ResearchPipeline.graph().nodeIds());
      DemoEngine engine =
          new DemoEngine(store, progress, progress, concurrency, queueDepth, budget);
      return new RunSession(progress, store, output, common.color)
          .execute("weft resume " + runId, List.of(runId), k -> engine.resume(runId, delta));
    }
  }

  private Optional<Research> parseInput() {
    if (input == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(input, Research.class));
    } catch (JsonProcessingException e) {
      throw new CliException(
          "--input is not a state delta: " + e.getOriginalMessage(),
          "pass JSON with fields of the demo state, e.g. --input '{\"approved\":true}'");
    }
  }
}
