package dev.weft;

/**
 * Which limit cut an attempt off. Named in every {@link NodeTimeoutException}.
 *
 * <pre>{@code
 * if (e.source() == TimeoutSource.RUN_BUDGET) { ... }
 * }</pre>
 *
 * <p>Thread-safety: an enum, immutable.
 */
public enum TimeoutSource {
  /** The node's own {@link NodePolicy#timeout()}. */
  NODE_POLICY("NodePolicy.timeout"),
  /** {@link Options#defaultNodeTimeout()}. */
  DEFAULT("Options.defaultNodeTimeout"),
  /** What was left of {@link Options#runWallClockBudget()}. */
  RUN_BUDGET("Options.runWallClockBudget");

  private final String setting;

  TimeoutSource(String setting) {
    this.setting = setting;
  }

  /** The setting to change, as written in code. */
  public String setting() {
    return setting;
  }
}
