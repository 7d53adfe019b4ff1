package dev.weft.cli.progress;

import dev.weft.Event;
import java.io.PrintStream;

/**
 * One line per notable event (run start and end, step commits, retries, timeouts, backpressure,
 * final failures) for output that is not a terminal: logs, pipes, CI. Lines are whole: {@link
 * PrintStream#println} is atomic per call.
 */
public final class PlainDisplay implements Display {
  private final Progress progress;
  private final PrintStream out;
  private final Style style;

  public PlainDisplay(Progress progress, PrintStream out, Style style) {
    this.progress = progress;
    this.out = out;
    this.style = style;
  }

  @Override
  public void start() {
    progress.listen(this::print);
  }

  @Override
  public void close() {
    progress.listen(e -> {});
    out.flush();
  }

  private void print(Event e) {
    String what = describe(e);
    if (what != null) {
      out.println(
          style.dim("[" + Fmt.seconds(progress.elapsedNanos()) + "]")
              + " "
              + e.runId()
              + " "
              + what);
    }
  }

  private String describe(Event e) {
    var a = e.attributes();
    return switch (e.type()) {
      case RUN_STARTED -> "started";
      case RUN_RESUMED -> "resumed at step " + a.get("fromStep");
      case STEP_COMMITTED ->
          "step "
              + e.step()
              + " committed: "
              + Fmt.count(((Number) a.get("activations")).longValue(), "activation")
              + ", "
              + a.get("next")
              + " next";
      case RETRY_SCHEDULED ->
          style.yellow(
              "retry: "
                  + e.nodeId()
                  + " attempt "
                  + a.get("nextAttempt")
                  + " in "
                  + Fmt.millis(((Number) a.get("delayNanos")).longValue() / 1e6));
      case NODE_TIMED_OUT ->
          style.yellow(
              "timeout: "
                  + e.nodeId()
                  + " attempt "
                  + e.attempt()
                  + " cut off after "
                  + Fmt.millis(((Number) a.get("limitNanos")).longValue() / 1e6)
                  + " ("
                  + a.get("source")
                  + ")");
      case NODE_FAILED ->
          Boolean.TRUE.equals(a.get("willRetry"))
              ? null
              : style.red(
                  "failed: " + e.nodeId() + " attempt " + e.attempt() + ": " + a.get("message"));
      case BACKPRESSURE ->
          "backpressure: queue full ("
              + a.get("depth")
              + "/"
              + a.get("capacity")
              + "), "
              + e.nodeId()
              + " waits";
      case BACKPRESSURE_TIMEOUT -> style.red("backpressure timeout");
      case RUN_PAUSED -> style.yellow("paused: " + a.get("reason"));
      case RUN_COMPLETED -> style.green("completed in " + Fmt.count(e.step(), "step"));
      case RUN_FAILED -> style.red("stopped: " + a.get("message"));
      default -> null;
    };
  }
}
