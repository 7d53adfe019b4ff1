package dev.weft.cli.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the output is connected to: a terminal (redraw, maybe colour) or a pipe/file (lines). */
public final class Terminal {
  private Terminal() {}

  /** When to colour: always, never, or when the output is a terminal and NO_COLOR is unset. */
  public enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  /**
   * Whether file descriptor {@code fd} (1 = stdout, 2 = stderr) is a terminal. On Linux this reads
   * {@code /proc/self/fd/N}; elsewhere it falls back to {@link System#console()}, which is {@code
   * null} when the streams are redirected.
   */
  // Compiled for Java 21, which lacks Console.isTerminal(); the null check is only the fallback
  // off Linux, where a JDK 22+ may answer "terminal" for redirected streams (plain lines then
  // need NO_COLOR or --color=never).
  @SuppressWarnings("SystemConsoleNull")
  public static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }

  /** Whether the terminal can redraw in place (TERM is not {@code dumb}). */
  public static boolean canRedraw() {
    return !"dumb".equals(System.getenv("TERM"));
  }

  /** Whether to colour output going to a terminal ({@code tty}) under {@code mode}. */
  public static boolean color(ColorMode mode, boolean tty) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> {
        String noColor = System.getenv("NO_COLOR");
        yield tty && (noColor == null || noColor.isEmpty()) && canRedraw();
      }
    };
  }

  /** Width of the terminal from COLUMNS, else 100. */
  public static int width() {
    try {
      int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
      return w >= 40 ? w : 100;
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
