package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the real {@code promtool} on ops/prometheus: the rules are valid and their unit tests (each
 * alert silent on a healthy series, firing on a bad one) pass.
 */
class WeftAlertRulesTest {
  private final Path rules = Tools.ops().resolve("prometheus");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Result r = promtool("check", "rules", "weft-alerts.yml");
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("SUCCESS: 7 rules found");
  }

  @Test
  void theAlertUnitTestsPass() throws Exception {
    Result r = promtool("test", "rules", "weft-alerts.test.yml");
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyAlertIsTestedAndLinksToItsSectionOfTheDocs() throws IOException {
    String yml = Files.readString(rules.resolve("weft-alerts.yml"));
    String tests = Files.readString(rules.resolve("weft-alerts.test.yml"));
    String docs = Files.readString(Tools.ops().resolveSibling("docs").resolve("observability.md"));
    Matcher m = Pattern.compile("- alert: (\\w+)").matcher(yml);
    int alerts = 0;
    while (m.find()) {
      String name = m.group(1);
      alerts++;
      assertThat(yml)
          .contains(
              "runbook: \"docs/observability.md#" + name.toLowerCase(java.util.Locale.ROOT) + "\"");
      assertThat(docs).as("docs/observability.md section for %s", name).contains("### " + name);
      assertThat(tests).as("tests of %s", name).contains("alertname: " + name);
    }
    assertThat(alerts).isEqualTo(7);
  }

  private record Result(int exit, String output) {}

  private Result promtool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Tools.require("promtool").toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(rules.toFile()).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
