package dev.weft.bench;

/**
 * A cheap state for wide fan-outs: how many branches and joins ran (the reducer adds).
 *
 * @param branches branch activations merged
 * @param joins join activations merged
 */
public record Tally(int branches, int joins) {
  /** Nothing counted yet. */
  public static final Tally ZERO = new Tally(0, 0);

  /** A branch's delta. */
  public static final Tally BRANCH = new Tally(1, 0);

  /** A join's delta. */
  public static final Tally JOIN = new Tally(0, 1);

  /** Adds the counts. */
  public static Tally merge(Tally state, Tally delta) {
    return new Tally(state.branches + delta.branches, state.joins + delta.joins);
  }
}
