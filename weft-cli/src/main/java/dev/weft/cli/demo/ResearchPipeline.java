package dev.weft.cli.demo;

import dev.weft.Graph;
import dev.weft.NodeContext;
import dev.weft.NodePolicy;
import dev.weft.NodeResult;
import dev.weft.RetryPolicy;
import dev.weft.Route.Branch;
import dev.weft.TransientException;
import dev.weft.cli.demo.Research.Finding;
import dev.weft.cli.demo.Research.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo workflow: a research pipeline over simulated sources.
 *
 * <pre>
 * plan ─┬─ dispatch ══send══▶ fetch ×N ══send══▶ summarize ×N ─▶ collect ─┐
 *       └─ outline ────────────────────────────────────────────────────── join ─▶ report
 * report ─(approval required)─▶ approve (pause) ─▶ publish;  report ─(else)─▶ publish
 * </pre>
 *
 * A {@code fetch} attempt sleeps a log-normal latency, fails with a transient error at {@code
 * failRate}, and hangs at {@code hangRate} until its 300 ms timeout cuts it off; both are retried
 * (4 attempts). Every draw comes from (seed, order key, attempt), never from the wall clock or the
 * run id, so one seed gives the same final state in any run, process or concurrency, after any
 * crash and resume. What a source says depends on (seed, query) only, so a retried attempt returns
 * the same text.
 */
public final class ResearchPipeline {
  /** Per-attempt limit of a fetch; a hang is cut off here and retried. */
  public static final Duration FETCH_TIMEOUT = Duration.ofMillis(300);

  /** Per-attempt limit of a summary. */
  public static final Duration SUMMARIZE_TIMEOUT = Duration.ofMillis(250);

  private static final String[] ANGLES = {
    "history",
    "benchmarks",
    "failure modes",
    "costs",
    "security",
    "operations",
    "alternatives",
    "adoption",
    "standards",
    "research",
    "tooling",
    "case studies"
  };
  private static final String[] WORDS = {
    "checkpoint", "retry", "latency", "budget", "graph", "state", "reducer", "queue", "worker",
    "deadline", "commit", "resume", "metric", "event", "branch", "join", "approval", "timeout"
  };

  private ResearchPipeline() {}

  /** The graph, with its per-node policies. */
  public static Graph<Research> graph() {
    NodePolicy fetchPolicy =
        NodePolicy.builder()
            .timeout(FETCH_TIMEOUT)
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(4)
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                    .build())
            .build();
    NodePolicy summarizePolicy =
        NodePolicy.builder()
            .timeout(SUMMARIZE_TIMEOUT)
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
                    .build())
            .build();
    return Graph.builder(Research::merge)
        .node("plan", ResearchPipeline::plan)
        .node("dispatch", ResearchPipeline::dispatch)
        .node("outline", ResearchPipeline::outline)
        .node("fetch", ResearchPipeline::fetch, fetchPolicy)
        .node("summarize", ResearchPipeline::summarize, summarizePolicy)
        .node("collect", (s, ctx) -> NodeResult.next(null))
        .node("report", ResearchPipeline::report)
        .node("approve", ResearchPipeline::approve)
        .node("publish", ResearchPipeline::publish)
        .edge("plan", "dispatch")
        .edge("plan", "outline")
        .routes("dispatch", "fetch")
        .routes("fetch", "summarize")
        .edge("summarize", "collect")
        .join(List.of("collect", "outline"), "report")
        .edge("report", "approve", s -> s.settings().approvalRequired())
        .edge("report", "publish", s -> !s.settings().approvalRequired())
        .edge("approve", "publish")
        .start("plan")
        .build();
  }

  private static NodeResult<Research> plan(Research s, NodeContext ctx) {
    Random random = new Random(mix(s.settings().seed()));
    List<String> queries = new ArrayList<>();
    for (int i = 1; i <= s.settings().sources(); i++) {
      queries.add(String.format("source-%02d %s", i, ANGLES[random.nextInt(ANGLES.length)]));
    }
    return NodeResult.next(Research.queries(queries));
  }

  private static NodeResult<Research> dispatch(Research s, NodeContext ctx) {
    List<Branch<Research>> branches = new ArrayList<>();
    for (String q : s.queries()) {
      branches.add(Branch.of("fetch", s.withQuery(q)));
    }
    return NodeResult.send(null, branches);
  }

  private static NodeResult<Research> outline(Research s, NodeContext ctx) {
    return NodeResult.next(
        Research.outline("Findings from " + s.settings().sources() + " sources, then a verdict"));
  }

  private static NodeResult<Research> fetch(Research in, NodeContext ctx) throws Exception {
    Settings settings = in.settings();
    Random draw = draws(settings.seed(), ctx);
    double u = draw.nextDouble();
    if (u < settings.hangRate()) {
      Thread.sleep(Duration.ofSeconds(30)); // the timeout cuts this off
    }
    Thread.sleep(latency(draw, settings.latencyMs()));
    if (u < settings.hangRate() + settings.failRate()) {
      throw new TransientException(
          in.query()
              + " answered 503 Service Unavailable (simulated, attempt "
              + ctx.attempt()
              + ")");
    }
    return NodeResult.send(null, Branch.of("summarize", in.withDocument(document(in))));
  }

  private static NodeResult<Research> summarize(Research in, NodeContext ctx) throws Exception {
    Random draw = draws(in.settings().seed(), ctx);
    double u = draw.nextDouble();
    Thread.sleep(latency(draw, Math.max(1, in.settings().latencyMs() / 4)));
    if (u < in.settings().failRate() / 2) {
      throw new TransientException("the summarizer is overloaded (simulated)");
    }
    String[] words = in.document().split(" ");
    String summary = String.join(" ", List.of(words).subList(0, Math.min(6, words.length)));
    return NodeResult.next(Research.finding(new Finding(in.query(), summary, words.length)));
  }

  private static NodeResult<Research> report(Research s, NodeContext ctx) {
    StringBuilder sb = new StringBuilder(s.outline()).append(':');
    int words = 0;
    for (Finding f : s.findings()) {
      sb.append("\n- ").append(f.source()).append(": ").append(f.summary());
      words += f.words();
    }
    sb.append("\n(")
        .append(s.findings().size())
        .append(" sources, ")
        .append(words)
        .append(" words)");
    return NodeResult.next(Research.report(sb.toString()));
  }

  private static NodeResult<Research> approve(Research s, NodeContext ctx) {
    return NodeResult.interrupt(
        null, "a reviewer must approve the report (resume with --input '{\"approved\":true}')");
  }

  private static NodeResult<Research> publish(Research s, NodeContext ctx) {
    return NodeResult.stop(
        Research.outcome(Boolean.FALSE.equals(s.approved()) ? "rejected" : "published"));
  }

  /** The random source of one attempt: (seed, order key, attempt), like {@code ctx.random()}. */
  static Random draws(long seed, NodeContext ctx) {
    return new Random(mix(mix(mix(seed) ^ ctx.orderKey()) ^ ctx.attempt()));
  }

  /** The SplitMix64 finaliser: nearby inputs give unrelated seeds (Random alone would not). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A log-normal latency with the given median, capped at four times it. */
  static Duration latency(Random draw, int medianMs) {
    double ms = medianMs * Math.exp(0.5 * draw.nextGaussian());
    return Duration.ofMillis(Math.round(Math.min(ms, 4.0 * medianMs)));
  }

  /** What a source says: a function of (seed, query) only, so every attempt returns the same. */
  static String document(Research in) {
    Random random = new Random(mix(in.settings().seed() ^ mix(in.query().hashCode())));
    int n = 40 + random.nextInt(80);
    StringBuilder sb = new StringBuilder(in.query().substring(in.query().indexOf(' ') + 1));
    for (int i = 0; i < n; i++) {
      sb.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
