package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.Engine;
import dev.weft.NodePolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules query only metrics Weft really exports: the names are taken
 * from a scrape of a real registry after a run, never from a list kept by hand.
 */
class DashboardTest {
  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "and",
          "or",
          "unless",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "inf",
          "nan");
  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?\\s*,\\s*(\\w+)\\s*\\)");

  private static Set<String> scraped;
  private static JsonNode dashboard;

  @BeforeAll
  static void scrapeARealRegistry() throws IOException {
    PrometheusMeterRegistry registry = Registries.strictPrometheus();
    MicrometerMetrics metrics =
        MicrometerMetrics.builder(registry, "dash").nodes(FanOut.NODES).build();
    Engine.builder(FanOut.graph(3, (i, a) -> {}, NodePolicy.defaults()))
        .metrics(metrics)
        .build()
        .run("r", Bag.of());
    scraped = Scrape.parse(registry.scrape()).weftNames();
    dashboard =
        new ObjectMapper().readTree(Tools.ops().resolve("grafana/weft-dashboard.json").toFile());
  }

  @Test
  void everyPanelQueriesOnlyScrapedMetrics() {
    List<String> exprs = expressions();
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(14);
    Set<String> used = new TreeSet<>();
    for (String expr : exprs) {
      Set<String> names = metricNames(expr);
      assertThat(names).as("metrics of %s", expr).isNotEmpty();
      assertThat(scraped).as("metrics Weft exports, used by %s", expr).containsAll(names);
      used.addAll(names);
    }
    // Everything the issue asks the dashboard to show is there.
    assertThat(used)
        .contains(
            "weft_runs_total",
            "weft_run_duration_seconds_bucket",
            "weft_node_duration_seconds_bucket",
            "weft_node_retries_total",
            "weft_node_timeouts_total",
            "weft_node_abandoned_total",
            "weft_queue_depth",
            "weft_queue_capacity",
            "weft_inflight_nodes",
            "weft_backpressure_events_total",
            "weft_backpressure_wait_seconds_bucket",
            "weft_checkpoint_duration_seconds_bucket");
  }

  @Test
  void theVariablesAreJobInstanceAndGraphOverAScrapedMetric() {
    List<String> names = new ArrayList<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      names.add(v.path("name").asText());
      Matcher m = LABEL_VALUES.matcher(v.path("query").path("query").asText());
      assertThat(m.matches()).as(v.toString()).isTrue();
      assertThat(scraped).contains(m.group(1));
      assertThat(m.group(3)).isEqualTo(v.path("name").asText());
    }
    assertThat(names).containsExactly("job", "instance", "graph");
    for (String expr : expressions()) {
      assertThat(expr).contains("job=~\"$job\"", "instance=~\"$instance\"", "graph=~\"$graph\"");
    }
  }

  @Test
  void theAlertRulesQueryOnlyScrapedMetrics() throws IOException {
    String rules = Files.readString(Tools.ops().resolve("prometheus/weft-alerts.yml"));
    Matcher m = Pattern.compile("\\bweft_[a-z0-9_]+").matcher(rules);
    Set<String> used = new TreeSet<>();
    while (m.find()) {
      used.add(m.group());
    }
    assertThat(used).hasSizeGreaterThanOrEqualTo(8);
    assertThat(scraped).containsAll(used);
  }

  @Test
  void promtoolParsesEveryPanelExpression(@TempDir Path dir) throws Exception {
    StringBuilder yml = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int i = 0;
    for (String expr : expressions()) {
      String concrete =
          expr.replace("$__rate_interval", "5m")
              .replace("$__range", "1h")
              .replace("$job", ".*")
              .replace("$instance", ".*")
              .replace("$graph", ".*");
      yml.append("      - record: dashboard:panel")
          .append(i++)
          .append("\n        expr: '")
          .append(concrete.replace("'", "''"))
          .append("'\n");
    }
    Path file = dir.resolve("panels.yml");
    Files.writeString(file, yml);
    Process p =
        new ProcessBuilder(Tools.require("promtool").toString(), "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static List<String> expressions() {
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.path("expr").asText());
      }
    }
    return exprs;
  }

  /** The metric names of a PromQL expression: identifiers that are not functions or labels. */
  static Set<String> metricNames(String expr) {
    String s =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*\\}", " ")
            .replaceAll("\\[[^]]*\\]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String id = m.group();
      int after = m.end();
      while (after < s.length() && s.charAt(after) == ' ') {
        after++;
      }
      boolean call = after < s.length() && s.charAt(after) == '(';
      boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
      if (!call && !partOfNumber && !KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
        names.add(id);
      }
    }
    return names;
  }
}
