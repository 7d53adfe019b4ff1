package dev.weft.cli.progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Redraws a few lines in place, at most ten times a second, on its own daemon thread: a header with
 * the elapsed time, attempts in flight and queue depth, one line per run (step, phase, retries,
 * timeouts) and one per busy node. The engine never waits for it: it only reads {@link Progress}.
 */
public final class LiveDisplay implements Display {
  static final long FRAME_MILLIS = 100;
  private static final int MAX_RUN_LINES = 8;

  private final Progress progress;
  private final PrintStream out;
  private final Style style;
  private final String title;
  private final int width;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "weft-display");
            t.setDaemon(true);
            return t;
          });
  private int drawnLines;
  private boolean closed;

  public LiveDisplay(Progress progress, PrintStream out, Style style, String title) {
    this.progress = progress;
    this.out = out;
    this.style = style;
    this.title = title;
    this.width = Terminal.width();
  }

  @Override
  public void start() {
    out.print("\033[?25l"); // hide the cursor while redrawing
    // the ticker is shut down by close(), which draws the last frame itself
    var unused = ticker.scheduleAtFixedRate(this::draw, 0, FRAME_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    ticker.shutdown();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    out.print("\033[?25h");
    out.flush();
  }

  private synchronized void draw() {
    List<String> lines = frame();
    StringBuilder sb = new StringBuilder();
    if (drawnLines > 0) {
      sb.append("\033[").append(drawnLines).append('F'); // to the start of the previous frame
    }
    for (String line : lines) {
      sb.append("\033[2K").append(line).append('\n');
    }
    sb.append("\033[J"); // clear what a longer previous frame left below
    out.print(sb);
    out.flush();
    drawnLines = lines.size();
  }

  /** The lines of one frame; each fits the terminal's width so none wraps. */
  List<String> frame() {
    List<String> lines = new ArrayList<>();
    lines.add(
        fit(
            style.bold(title),
            title,
            "  elapsed "
                + Fmt.seconds(progress.elapsedNanos())
                + " · in flight "
                + progress.inFlight()
                + " · queue "
                + progress.queueDepth()
                + " (peak "
                + progress.peakQueueDepth()
                + ") · backpressure "
                + progress.backpressureEvents()));
    List<RunView> runs = progress.runs();
    int shown = 0;
    for (RunView r : runs) {
      if (shown++ == MAX_RUN_LINES) {
        lines.add("  … and " + (runs.size() - MAX_RUN_LINES) + " more runs");
        break;
      }
      lines.add(
          cut(
              String.format(
                  "  %-20s step %-3d %s in flight %-3d retries %-3d timeouts %-3d %s",
                  r.runId,
                  r.step(),
                  style.phase(r.phase()) + " ".repeat(Math.max(0, 10 - r.phase().name().length())),
                  r.inFlight.get(),
                  r.retries.sum(),
                  r.timeouts.sum(),
                  Fmt.seconds(r.elapsedNanos()))));
    }
    StringBuilder nodes = new StringBuilder("  nodes:");
    for (NodeStats.Row row : progress.nodeRows()) {
      if (row.attempts() > 0) {
        nodes.append(' ').append(row.node()).append(' ').append(row.attempts());
        if (row.retries() > 0 || row.timeouts() > 0) {
          nodes.append(style.yellow("(" + row.retries() + "r/" + row.timeouts() + "t)"));
        }
      }
    }
    lines.add(cut(nodes.toString()));
    return lines;
  }

  private String fit(String styled, String plain, String rest) {
    int room = width - 1 - plain.length();
    return styled + (rest.length() > room ? rest.substring(0, Math.max(0, room)) : rest);
  }

  /** Cuts a line to the width, counting visible characters only (colour is dropped if cut). */
  private String cut(String line) {
    String visible = line.replaceAll("\033\\[[0-9;?]*[A-Za-z]", "");
    return visible.length() < width ? line : visible.substring(0, width - 1);
  }
}
