package dev.weft.cli;

/**
 * A problem the user can fix: printed as one line naming it, and one hint line saying what to do,
 * never as a stack trace (unless {@code --verbose}).
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;
  private final int exitCode;

  public CliException(String message, String hint) {
    this(message, hint, ExitCodes.USAGE, null);
  }

  public CliException(String message, String hint, int exitCode, Throwable cause) {
    super(message, cause);
    this.hint = hint;
    this.exitCode = exitCode;
  }

  /** What to do about it. */
  public String hint() {
    return hint;
  }

  /** The process's exit code. */
  public int exitCode() {
    return exitCode;
  }
}
