package dev.weft.cli;

import dev.weft.cli.demo.RunOutcome;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** What a command says after Ctrl-C: each run's last checkpoint and how to continue it. */
final class Interrupted {
  private Interrupted() {}

  static void report(List<RunOutcome> outcomes, PrintStream err) {
    for (RunOutcome o : outcomes) {
      if (o == null) {
        continue;
      }
      if (o.status().equals("completed") || o.status().equals("paused")) {
        err.println("weft: run " + o.runId() + " " + o.status() + " before the interrupt");
      } else {
        err.println(
            "weft: interrupted; run "
                + o.runId()
                + " is saved at step "
                + o.steps()
                + ", continue it with: "
                + Common.launcher()
                + " resume "
                + o.runId());
      }
    }
    err.flush();
  }

  /** The JVM is exiting (status 130); this thread only waits for it. */
  static void waitForExit() {
    while (true) {
      LockSupport.park();
    }
  }
}
