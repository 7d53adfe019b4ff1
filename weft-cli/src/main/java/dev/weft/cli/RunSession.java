package dev.weft.cli;

import dev.weft.cli.demo.RunOutcome;
import dev.weft.cli.progress.Display;
import dev.weft.cli.progress.LiveDisplay;
import dev.weft.cli.progress.PlainDisplay;
import dev.weft.cli.progress.Progress;
import dev.weft.cli.progress.Style;
import dev.weft.cli.progress.Terminal;
import dev.weft.cli.store.RunStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs (or resumes) some runs at once under a display, then prints the summary and returns the exit
 * code; shared by {@code demo} and {@code resume}. Text output: the display and the summary on
 * stdout, redrawn in place on a terminal, plain lines otherwise. JSON output: the summary alone on
 * stdout, the live display on stderr only when stderr is a terminal.
 */
final class RunSession {
  private final Progress progress;
  private final RunStore store;
  private final Output output;
  private final Terminal.ColorMode color;

  RunSession(Progress progress, RunStore store, Output output, Terminal.ColorMode color) {
    this.progress = progress;
    this.store = store;
    this.output = output;
    this.color = color;
  }

  int execute(String title, List<String> ids, Function<Integer, RunOutcome> body) {
    boolean json = output != Output.text;
    PrintStream out = System.out;
    PrintStream progressOut = json ? System.err : out;
    boolean tty = Terminal.isTerminal(json ? 2 : 1);
    Style style = new Style(Terminal.color(color, tty));
    ids.forEach(progress::track);
    Display display;
    if (tty && Terminal.canRedraw()) {
      display = new LiveDisplay(progress, progressOut, style, title);
    } else if (json) {
      display = Display.none();
    } else {
      out.println(title);
      display = new PlainDisplay(progress, progressOut, style);
    }
    RunOutcome[] outcomes = new RunOutcome[ids.size()];
    RunThreads threads = new RunThreads();
    display.start();
    try {
      for (int i = 0; i < ids.size(); i++) {
        int k = i;
        threads.start(() -> outcomes[k] = body.apply(k));
      }
      threads.joinAll();
    } finally {
      display.close();
    }
    List<RunOutcome> list = new ArrayList<>(List.of(outcomes));
    if (threads.interrupted()) {
      Interrupted.report(list, System.err);
      threads.done();
      Interrupted.waitForExit();
    }
    threads.done();
    for (RunOutcome o : list) {
      if (o == null) {
        throw new IllegalStateException("a run ended without an outcome");
      }
    }
    Summary summary = Summary.of(list, progress, store);
    if (json) {
      out.println(Json.pretty(summary));
    } else {
      summary.print(out, style);
    }
    out.flush();
    return RunOutcome.exitCode(list);
  }
}
