package dev.weft.cli.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of the demo's research pipeline, and the deltas its nodes return (fields a node does
 * not set are {@code null} or empty). Plain values only, so any JSON codec stores it.
 *
 * @param settings the knobs of the run (seed, sources, failure and hang rates); set once by the
 *     initial state
 * @param query in a {@code fetch} branch: the source to fetch
 * @param document in a {@code summarize} branch: the fetched text
 * @param queries the plan: one query per source
 * @param outline the report's outline
 * @param findings one per source, in order-key order
 * @param report the assembled report
 * @param approved the reviewer's answer, when {@code --approve} asked for one
 * @param outcome {@code published} or {@code rejected}, once the run ends
 */
public record Research(
    Settings settings,
    String query,
    String document,
    List<String> queries,
    String outline,
    List<Finding> findings,
    String report,
    Boolean approved,
    String outcome) {

  public Research {
    queries = queries == null ? List.of() : List.copyOf(queries);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** The initial state of a run. */
  public static Research start(Settings settings) {
    return new Research(settings, null, null, null, null, null, null, null, null);
  }

  /** An empty delta. */
  static Research delta() {
    return new Research(null, null, null, null, null, null, null, null, null);
  }

  Research withQuery(String q) {
    return new Research(settings, q, null, null, null, null, null, null, null);
  }

  Research withDocument(String doc) {
    return new Research(settings, query, doc, null, null, null, null, null, null);
  }

  static Research queries(List<String> queries) {
    return new Research(null, null, null, queries, null, null, null, null, null);
  }

  static Research outline(String outline) {
    return new Research(null, null, null, null, outline, null, null, null, null);
  }

  static Research finding(Finding finding) {
    return new Research(null, null, null, null, null, List.of(finding), null, null, null);
  }

  static Research report(String report) {
    return new Research(null, null, null, null, null, null, report, null, null);
  }

  static Research outcome(String outcome) {
    return new Research(null, null, null, null, null, null, null, null, outcome);
  }

  /** The reducer: lists append, other fields a delta sets win. */
  public Research merge(Research d) {
    List<Finding> all = findings;
    if (!d.findings.isEmpty()) {
      all = new ArrayList<>(findings);
      all.addAll(d.findings);
    }
    return new Research(
        d.settings != null ? d.settings : settings,
        d.query != null ? d.query : query,
        d.document != null ? d.document : document,
        d.queries.isEmpty() ? queries : d.queries,
        d.outline != null ? d.outline : outline,
        all,
        d.report != null ? d.report : report,
        d.approved != null ? d.approved : approved,
        d.outcome != null ? d.outcome : outcome);
  }

  /**
   * The knobs of one run, kept in its state so that a resume in another process behaves the same.
   *
   * @param seed drives every simulated latency, failure and hang
   * @param sources sources the plan fans out to
   * @param failRate chance that a fetch attempt fails with a transient error
   * @param hangRate chance that a fetch attempt hangs until its timeout cuts it off
   * @param latencyMs median simulated latency of a fetch
   * @param approvalRequired whether the report waits for a reviewer
   */
  public record Settings(
      long seed,
      int sources,
      double failRate,
      double hangRate,
      int latencyMs,
      boolean approvalRequired) {}

  /**
   * What one source contributed.
   *
   * @param source the query's source
   * @param summary a one-line summary
   * @param words words in the fetched document
   */
  public record Finding(String source, String summary, int words) {}
}
