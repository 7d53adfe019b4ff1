package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.GraphExport;
import dev.weft.cli.demo.ResearchPipeline;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code weft} command in a child process: output formats, exit codes, errors. */
class CommandLineTest {
  @TempDir Path dir;

  private Weft weft() {
    return new Weft(dir);
  }

  @Test
  void demoCompletesAndPrintsTheSummaryAsPlainLinesWhenPiped() throws Exception {
    Weft.Result r = weft().run("demo", "--seed", "42");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).doesNotContain("\033"); // no ANSI codes into a pipe
    assertThat(r.out()).containsPattern("demo-s42-\\w+ started");
    assertThat(r.out()).containsPattern("step 2 committed: 8 activations");
    assertThat(r.out()).containsPattern("demo-s42-\\w+ +completed +7 steps .* report published");
    for (String node : ResearchPipeline.graph().nodeIds()) {
      assertThat(r.out()).containsPattern("(?m)^" + node + " +\\d+ +\\d+ +\\d+ +\\d+ ");
    }
    assertThat(r.out()).contains("inspect: weft runs show demo-s42-");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void jsonSummaryParsesAndMatchesTheTextSummary() throws Exception {
    // No hangs and short latencies: every failure comes from the seeded draws, none from load.
    String[] args = {"--seed", "7", "--hang-rate", "0", "--fail-rate", "0.3", "--latency", "5"};
    Weft.Result text = weft().run(concat(new String[] {"demo"}, args));
    Weft.Result json = weft().run(concat(new String[] {"demo", "-o", "json"}, args));
    assertThat(text.exit()).as(text.toString()).isZero();
    assertThat(json.exit()).as(json.toString()).isZero();

    JsonNode root = Json.mapper().readTree(json.out());
    JsonNode run = root.get("runs").get(0);
    assertThat(run.get("status").asText()).isEqualTo("completed");
    assertThat(run.get("seed").asLong()).isEqualTo(7);
    assertThat(text.out())
        .containsPattern(
            run.get("runId").asText().replaceAll("-\\w+$", "-\\\\w+")
                + " +completed +"
                + run.get("steps").asLong()
                + " steps .* seed 7  report "
                + run.get("outcome").asText());
    long retries = 0;
    for (JsonNode node : root.get("nodes")) {
      String row =
          String.format(
              "(?m)^%s +%d +%d +%d +%d ",
              node.get("node").asText(),
              node.get("attempts").asLong(),
              node.get("retries").asLong(),
              node.get("timeouts").asLong(),
              node.get("failures").asLong());
      assertThat(text.out()).containsPattern(row);
      retries += node.get("retries").asLong();
    }
    assertThat(retries).as("fail rate 0.3 retries something").isPositive();
    assertThat(root.get("totals").get("retries").asLong()).isEqualTo(retries);
    assertThat(root.get("store").get("kind").asText()).isNotBlank();
  }

  @Test
  void liveDisplayRedrawsUnderAPseudoTerminal() throws Exception {
    Path script = Path.of("/usr/bin/script");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(script), "util-linux script");
    List<String> cmd = weft().command("demo", "--seed", "3");
    Weft.Result color = runUnderPty(weft(), cmd);
    Weft.Result noColor = runUnderPty(weft().env("NO_COLOR", "1"), cmd);

    assertThat(color.exit()).as(color.toString()).isZero();
    assertThat(color.out()).contains("\033[?25l", "\033[2K", "\033[J"); // hide cursor, redraw
    assertThat(color.out()).containsPattern("\033\\[\\d+F"); // moved up over the last frame
    assertThat(color.out()).contains("\033[32m"); // green "completed"
    assertThat(color.out()).contains("elapsed", "in flight", "queue", "retries", "timeouts");
    assertThat(color.out()).contains("p95", "report published");
    assertThat(color.out()).doesNotContainPattern("\\[\\d+\\.\\d+s\\] demo-s3"); // no plain lines

    assertThat(noColor.exit()).isZero();
    assertThat(noColor.out()).contains("\033[2K").doesNotContain("\033[32m", "\033[1m");
  }

  private static Weft.Result runUnderPty(Weft weft, List<String> cmd) throws Exception {
    String line = String.join(" ", cmd.stream().map(CommandLineTest::quote).toList());
    return Weft.finish(
        weft.start(List.of("/usr/bin/script", "-q", "-e", "-c", line, "/dev/null")),
        Weft.DEFAULT_TIMEOUT);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Test
  void graphPrintsTheExportOfTheDemoGraph() throws Exception {
    Weft.Result mermaid = weft().run("graph");
    Weft.Result dot = weft().run("graph", "--format", "dot");

    assertThat(mermaid.exit()).isZero();
    assertThat(mermaid.out()).isEqualTo(GraphExport.mermaid(ResearchPipeline.graph()));
    assertThat(dot.out()).isEqualTo(GraphExport.dot(ResearchPipeline.graph()));
  }

  @Test
  void unknownFlagIsOneLineAndAHintWithExitCode2() throws Exception {
    Weft.Result r = weft().run("demo", "--sorces", "3");

    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("weft: unknown options: '--sorces'");
    assertThat(r.err()).contains("hint: did you mean --sources?");
  }

  @Test
  void everyCommandHasTheHelpItsHintsPointTo() throws Exception {
    String[][] commands = {
      {"demo"},
      {"runs"},
      {"runs", "list"},
      {"runs", "show"},
      {"runs", "delete"},
      {"runs", "prune"},
      {"resume"},
      {"graph"},
      {"serve"}
    };
    for (String[] command : commands) {
      Weft.Result r = weft().run(concat(command, new String[] {"--help"}));
      assertThat(r.exit()).as(String.join(" ", command) + ": " + r).isZero();
      assertThat(r.out()).startsWith("Usage: weft " + String.join(" ", command));
    }
  }

  @Test
  void badValuesAreUsageErrors() throws Exception {
    assertUsageError(
        weft().run("demo", "--fail-rate", "1.5"), "--fail-rate and --hang-rate must be in [0, 1]");
    assertUsageError(weft().run("demo", "--runs", "x"), "invalid value for option '--runs'");
    assertUsageError(weft().run("demo", "--budget", "soon"), "'soon' is not a duration");
    assertUsageError(weft().run("nonsense"), "unmatched argument");
  }

  @Test
  void badJdbcUrlIsAUsageError() throws Exception {
    assertUsageError(
        weft().run("demo", "--jdbc-url", "jdbc:mysql://db/x?password=hunter2"),
        "unsupported JDBC URL 'jdbc:mysql://db/x?password=***'");
  }

  @Test
  void unusableDataDirIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Weft.Result r = weft().run("demo", "--data-dir", file.resolve("sub").toString());
    assertUsageError(r, "cannot create data directory");
    assertThat(r.err()).contains("hint: pass --data-dir with a directory you can write to");
  }

  @Test
  void unknownRunIsAUsageError() throws Exception {
    assertUsageError(weft().run("runs", "show", "no-such-run"), "no run 'no-such-run' in");
    assertUsageError(weft().run("resume", "no-such-run"), "no run 'no-such-run' in");
    assertUsageError(weft().run("runs", "delete", "no-such-run"), "no run 'no-such-run' in");
  }

  @Test
  void portInUseIsAUsageError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Weft.Result r = weft().run("serve", "--port", String.valueOf(taken.getLocalPort()));
      assertUsageError(r, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void verboseAddsTheStackTrace() throws Exception {
    Weft.Result r = weft().run("demo", "--fail-rate", "2", "--verbose");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("at dev.weft.cli.");
  }

  private static void assertUsageError(Weft.Result r, String first) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    List<String> lines = r.err().lines().toList();
    assertThat(lines).as(r.toString()).hasSize(2);
    assertThat(lines.get(0)).startsWith("weft: ").contains(first);
    assertThat(lines.get(1)).startsWith("hint: ");
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
  }

  static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  static String runId(String out) {
    Matcher m = Pattern.compile("(demo-s\\d+-\\w+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }
}
