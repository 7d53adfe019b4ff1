package dev.weft.cli;

/** The exit codes of {@code weft}; stable, documented in docs/cli.md. */
public final class ExitCodes {
  private ExitCodes() {}

  /** The command did what was asked (a run completed). */
  public static final int OK = 0;

  /** A run failed (node error, exhausted retries, budget, store failure while running). */
  public static final int RUN_FAILED = 1;

  /** Bad usage or input: unknown flag, bad value, unknown run, unusable data dir/database/port. */
  public static final int USAGE = 2;

  /** A run paused and waits for {@code weft resume} (an approval). */
  public static final int PAUSED = 3;

  /** Interrupted by Ctrl-C (SIGINT): the run was checkpointed and can be resumed. */
  public static final int INTERRUPTED = 130;
}
