package dev.weft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code weft} command's entry point. Every error a user can cause ends as one line naming it
 * and one hint line (exit code 2); a stack trace only with {@code --verbose}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    configureLogging(Arrays.asList(args).contains("--verbose"));
    System.exit(run(args));
  }

  /** Library logs (Flyway, HikariCP) on stderr: warnings only, or everything with --verbose. */
  private static void configureLogging(boolean verbose) {
    try (InputStream in = Main.class.getResourceAsStream("logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      System.err.println("weft: the bundled logging settings could not be read: " + e);
    }
    if (verbose) {
      Logger.getLogger("").setLevel(Level.INFO);
    }
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    PrintStream err = System.err;
    CommandLine cli = new CommandLine(new WeftCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ParameterException e, String[] a) -> {
          err.println("weft: " + lowerFirst(firstLine(e.getMessage())));
          String name = e.getCommandLine().getCommandSpec().qualifiedName();
          if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            err.println("hint: did you mean " + String.join(" or ", u.getSuggestions()) + "?");
          } else {
            err.println("hint: see '" + name.replaceFirst("^weft", Common.launcher()) + " --help'");
          }
          if (verbose) {
            e.printStackTrace(err);
          }
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (Exception e, CommandLine c, CommandLine.ParseResult r) -> {
          if (e instanceof CliException ce) {
            err.println("weft: " + ce.getMessage());
            err.println("hint: " + ce.hint());
            if (verbose) {
              e.printStackTrace(err);
            }
            return ce.exitCode();
          }
          err.println("weft: unexpected error: " + firstLine(String.valueOf(e)));
          err.println(
              "hint: rerun with --verbose for the stack trace, and report it if it persists");
          if (verbose) {
            e.printStackTrace(err);
          }
          return ExitCodes.RUN_FAILED;
        });
    return cli.execute(args);
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
