package dev.weft.cli.demo;

import dev.weft.cli.ExitCodes;

/**
 * How one run of a command ended: what the summary, the JSON output and the exit code report.
 *
 * @param runId the run
 * @param status {@code completed}, {@code paused}, {@code failed} or {@code cancelled}
 * @param steps steps committed in all
 * @param durationNanos time this process spent on it
 * @param error the failure's message, or {@code null}
 * @param pauseReason why it paused, or {@code null}
 * @param state the final (or latest committed) state, or {@code null} when none is known
 */
public record RunOutcome(
    String runId,
    String status,
    long steps,
    long durationNanos,
    String error,
    String pauseReason,
    Research state) {

  /** The exit code this outcome calls for. */
  public int exitCode() {
    return switch (status) {
      case "completed" -> ExitCodes.OK;
      case "paused" -> ExitCodes.PAUSED;
      case "cancelled" -> ExitCodes.INTERRUPTED;
      default -> ExitCodes.RUN_FAILED;
    };
  }

  /** The exit code for several runs: the worst outcome wins (failed, then cancelled, paused). */
  public static int exitCode(Iterable<RunOutcome> outcomes) {
    int code = ExitCodes.OK;
    for (RunOutcome o : outcomes) {
      int c = o.exitCode();
      if (c == ExitCodes.RUN_FAILED
          || (c == ExitCodes.INTERRUPTED && code != ExitCodes.RUN_FAILED)
          || (c == ExitCodes.PAUSED && code == ExitCodes.OK)) {
        code = c;
      }
    }
    return code;
  }
}
