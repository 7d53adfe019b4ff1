package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mermaid and DOT exports name every node, edge, condition, join, route and policy. */
class GraphExportTest {
  private static final Node<String> NOOP = (s, ctx) -> NodeResult.next(null);

  /** A graph using every construct, with ids that are not valid diagram ids as they stand. */
  static Graph<String> graph() {
    return Graph.<String>builder((s, d) -> s + d)
        .node(
            "plan",
            NOOP,
            NodePolicy.builder()
                .timeout(Duration.ofMillis(250))
                .retry(
                    RetryPolicy.builder()
                        .maxAttempts(4)
                        .backoff(Duration.ofMillis(10), Duration.ofSeconds(2))
                        .build())
                .build())
        .node("fetch", NOOP)
        .node("left", NOOP)
        .node("right", NOOP)
        .node("end", NOOP) // a Mermaid keyword
        .node("say \"hi\"", NOOP) // quotes must be escaped
        .node("start", NOOP) // clashes with the start marker
        .edge("plan", "left")
        .edge("plan", "right", s -> s.length() > 3)
        .edge("plan", "end", s -> true)
        .routes("plan", "fetch")
        .edge("fetch", "start")
        .join(List.of("left", "right"), "say \"hi\"")
        .edge("say \"hi\"", "end")
        .start("plan")
        .build();
  }

  @Test
  void mermaidDeclaresEveryNodeOnceWithItsPolicy() {
    Map<String, String> nodes = mermaidNodes(GraphExport.mermaid(graph()));

    assertThat(nodes.values())
        .containsExactlyInAnyOrder(
            "plan<br/>timeout 250ms<br/>retry ×4 (10ms…2s)",
            "fetch",
            "left",
            "right",
            "end",
            "say #quot;hi#quot;",
            "start");
    assertThat(nodes).doesNotContainKey("end"); // the keyword was renamed
  }

  @Test
  void mermaidShowsPlainConditionalRouteAndJoinArrows() {
    String mermaid = GraphExport.mermaid(graph());
    Map<String, String> ids = invert(mermaidNodes(mermaid));
    List<String> arrows = arrows(mermaid);

    assertThat(mermaid).startsWith("flowchart TD\n");
    String start = markerId(mermaid);
    assertThat(arrows)
        .contains(
            start + " --> " + ids.get("plan<br/>timeout 250ms<br/>retry ×4 (10ms…2s)"),
            "plan --> left",
            "plan -.->|\"if #1\"| right",
            "plan -.->|\"if #2\"| " + ids.get("end"),
            "plan ==>|\"goTo/send\"| fetch",
            "fetch --> " + ids.get("start"),
            "left --> join_say__hi_",
            "right --> join_say__hi_",
            "join_say__hi_ --> " + ids.get("say #quot;hi#quot;"));
    assertThat(mermaid).contains("join_say__hi_{{\"join (all of 2)\"}}");
    // 4 edges of plan + fetch->start + say->end + 2 join inputs + join output + start marker
    assertThat(arrows).hasSize(10);
  }

  @Test
  void dotHasTheSameNodesAndArrows() {
    String dot = GraphExport.dot(graph());

    assertThat(dot).startsWith("digraph weft {\n").endsWith("}\n");
    assertThat(dot)
        .contains("\"plan\" [label=\"plan\\ntimeout 250ms\\nretry ×4 (10ms…2s)\"];")
        .contains("\"say__hi_\" [label=\"say \\\"hi\\\"\"];")
        .contains("\"plan\" -> \"right\" [style=dashed, label=\"if #1\"];")
        .contains("\"plan\" -> \"end_\" [style=dashed, label=\"if #2\"];")
        .contains("\"plan\" -> \"fetch\" [style=bold, label=\"goTo/send\"];")
        .contains("\"join_say__hi_\" [shape=diamond, label=\"join (all of 2)\"];")
        .contains("\"join_say__hi_\" -> \"say__hi_\";")
        .contains("\"start_2\" [shape=circle, label=\"start\"];")
        .contains("\"start_2\" -> \"plan\";");
    assertThat(dot.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(10);
  }

  @Test
  void dotIsAcceptedByGraphviz(@TempDir Path dir) throws Exception {
    Path dotBinary = Path.of("/usr/bin/dot");
    assumeThat(Files.isExecutable(dotBinary)).as("graphviz installed").isTrue();
    Path file = dir.resolve("g.dot");
    Files.writeString(file, GraphExport.dot(graph()), StandardCharsets.UTF_8);

    Process p =
        new ProcessBuilder(dotBinary.toString(), "-Tplain", file.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isZero();
    // The plain layout lists 7 nodes + start marker + 1 join, and all 10 edges.
    assertThat(out.lines().filter(l -> l.startsWith("node ")).count()).isEqualTo(9);
    assertThat(out.lines().filter(l -> l.startsWith("edge ")).count()).isEqualTo(10);
  }

  @Test
  void exportIsStableAndRenderPicksTheFormat() throws IOException {
    Graph<String> g = graph();
    assertThat(GraphExport.mermaid(g)).isEqualTo(GraphExport.mermaid(graph()));
    assertThat(GraphExport.render(g, GraphExport.Format.DOT)).isEqualTo(GraphExport.dot(g));
    assertThat(GraphExport.render(g, GraphExport.Format.MERMAID)).isEqualTo(GraphExport.mermaid(g));
  }

  @Test
  void durationsReadShort() {
    assertThat(GraphExport.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(GraphExport.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GraphExport.duration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GraphExport.duration(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(GraphExport.duration(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(GraphExport.duration(Duration.ofNanos(1500))).isEqualTo("1µs");
  }

  private static final Pattern NODE = Pattern.compile("^  (\\w+)\\[\"(.*)\"]$");

  /** Diagram id to label of every box node. */
  private static Map<String, String> mermaidNodes(String mermaid) {
    Map<String, String> nodes = new LinkedHashMap<>();
    for (String line : mermaid.lines().toList()) {
      Matcher m = NODE.matcher(line);
      if (m.matches()) {
        assertThat(nodes.put(m.group(1), m.group(2))).as("declared once: " + line).isNull();
      }
    }
    return nodes;
  }

  private static String markerId(String mermaid) {
    return mermaid
        .lines()
        .filter(l -> l.endsWith("((start))"))
        .map(l -> l.trim().replace("((start))", ""))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> arrows(String mermaid) {
    List<String> result = new ArrayList<>();
    for (String line : mermaid.lines().toList()) {
      if (line.contains("-->") || line.contains("-.->") || line.contains("==>")) {
        result.add(line.trim());
      }
    }
    return result;
  }

  private static Map<String, String> invert(Map<String, String> map) {
    Map<String, String> inverse = new LinkedHashMap<>();
    map.forEach((k, v) -> inverse.put(v, k));
    return inverse;
  }
}
