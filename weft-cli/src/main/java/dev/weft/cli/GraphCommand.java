package dev.weft.cli;

import dev.weft.GraphExport;
import dev.weft.cli.demo.ResearchPipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft graph}: the demo graph as Mermaid or DOT, from {@link GraphExport}. */
@Command(
    name = "graph",
    description = {
      "Prints the demo graph as a diagram: Mermaid (GitHub renders it in Markdown) or Graphviz DOT.",
      "Shows plain edges, conditional edges (if #k, in test order), goTo/send routes, joins and"
          + " each node's timeout and retry policy. Never uses the network."
    })
public final class GraphCommand implements Callable<Integer> {
  /** The diagram languages. */
  enum Format {
    mermaid,
    dot
  }

  @Option(
      names = {"-f", "--format"},
      defaultValue = "mermaid",
      description = "mermaid or dot (default ${DEFAULT-VALUE}).")
  Format format;

  @Mixin Common common;

  @Override
  public Integer call() {
    System.out.print(
        GraphExport.render(
            ResearchPipeline.graph(),
            format == Format.dot ? GraphExport.Format.DOT : GraphExport.Format.MERMAID));
    System.out.flush();
    return ExitCodes.OK;
  }
}
