package dev.weft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code weft} command: only subcommands. */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // -h/--help and -V/--version on every subcommand too
    versionProvider = WeftCommand.Version.class,
    description = "Weft, a stateful graph workflow engine: run the demo, inspect and resume runs.",
    subcommands = {
      DemoCommand.class,
      RunsCommand.class,
      ResumeCommand.class,
      GraphCommand.class,
      ServeCommand.class,
      picocli.CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 a run failed, 2 usage error, 3 a run paused, 130 interrupted (Ctrl-C).",
      "Start with: weft demo"
    })
public final class WeftCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = WeftCommand.class.getPackage().getImplementationVersion();
      return new String[] {"weft " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
