package dev.weft;

import java.util.List;

/**
 * A graph failed validation at {@link Graph.Builder#build()}. Lists every problem, not just the
 * first.
 *
 * <pre>{@code
 * try {
 *   builder.build();
 * } catch (GraphValidationException e) {
 *   e.problems().forEach(System.err::println);
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown (apart from the suppressed exceptions the engine attaches
 * before throwing); safe to read from any thread.
 */
public final class GraphValidationException extends WeftException {
  private final List<String> problems;

  /** Creates the exception; the engine does, and tests may. */
  public GraphValidationException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order the checks ran. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    StringBuilder message =
        new StringBuilder("invalid graph: ").append(problems.size()).append(" problem(s)");
    for (String problem : problems) {
      message.append("\n  - ").append(problem);
    }
    return message.toString();
  }
}
