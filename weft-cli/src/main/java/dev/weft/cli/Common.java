package dev.weft.cli;

import dev.weft.cli.progress.Terminal.ColorMode;
import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class Common {
  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description = "Colour output: auto (on a terminal unless NO_COLOR is set), always, never.")
  ColorMode color;

  @Option(names = "--verbose", description = "On errors, print the stack trace too.")
  boolean verbose;

  /** The name to print in hints: how the user invoked the command (bin/weft or weft). */
  public static String launcher() {
    return System.getProperty("weft.launcher", "weft");
  }
}
