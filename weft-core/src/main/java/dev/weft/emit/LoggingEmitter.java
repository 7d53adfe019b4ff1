package dev.weft.emit;

import dev.weft.Emitter;
import dev.weft.Event;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes each event as one line of text or JSON. Lines are written whole, under a lock, so
 * concurrent runs never interleave within a line.
 *
 * <pre>{@code
 * Emitter text = LoggingEmitter.text(System.out);
 * // 2026-01-01T10:00:00Z run=r1 step=0 node=fetch NODE_SUCCEEDED attempt=1 durationNanos=1200 route=next
 * Emitter json = LoggingEmitter.jsonLines(System.out);
 * // {"time":"2026-01-01T10:00:00Z","runId":"r1","step":0,"nodeId":"fetch","type":"NODE_SUCCEEDED",...}
 * }</pre>
 *
 * <p>Thread-safety: thread-safe; each event is written as one whole line, one line at a time.
 */
public final class LoggingEmitter implements Emitter {
  private final Consumer<String> sink;
  private final boolean json;

  private LoggingEmitter(Consumer<String> sink, boolean json) {
    this.sink = sink;
    this.json = json;
  }

  /** Human-readable lines. */
  public static LoggingEmitter text(PrintStream out) {
    return new LoggingEmitter(out::println, false);
  }

  /** Human-readable lines to any sink (a logger, a list in a test). */
  public static LoggingEmitter text(Consumer<String> sink) {
    return new LoggingEmitter(sink, false);
  }

  /** One JSON object per line. */
  public static LoggingEmitter jsonLines(PrintStream out) {
    return new LoggingEmitter(out::println, true);
  }

  /** One JSON object per line, to any sink. */
  public static LoggingEmitter jsonLines(Consumer<String> sink) {
    return new LoggingEmitter(sink, true);
  }

  @Override
  public void emit(Event event) {
    String line = json ? toJson(event) : toText(event);
    synchronized (this) {
      sink.accept(line);
    }
  }

  /** The text form of an event. */
  public static String toText(Event e) {
    StringBuilder sb =
        new StringBuilder(96)
            .append(e.time())
            .append(" run=")
            .append(e.runId())
            .append(" step=")
            .append(e.step());
    if (e.nodeId() != null) {
      sb.append(" node=").append(e.nodeId());
    }
    sb.append(' ').append(e.type());
    if (e.attempt() > 0) {
      sb.append(" attempt=").append(e.attempt());
    }
    new TreeMap<>(e.attributes())
        .forEach((k, v) -> oneLine(sb.append(' ').append(k).append('='), String.valueOf(v)));
    return sb.toString();
  }

  /** Appends {@code s} with line breaks and tabs escaped, so an event stays on one line. */
  private static void oneLine(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
  }

  /** The JSON form of an event. */
  public static String toJson(Event e) {
    StringBuilder sb = new StringBuilder(128).append('{');
    field(sb, "time", e.time().toString()).append(',');
    field(sb, "runId", e.runId()).append(",\"step\":").append(e.step()).append(',');
    if (e.nodeId() != null) {
      field(sb, "nodeId", e.nodeId()).append(',');
    }
    field(sb, "type", e.type().name()).append(",\"attempt\":").append(e.attempt());
    sb.append(",\"attributes\":{");
    boolean first = true;
    for (Map.Entry<String, Object> a : new TreeMap<>(e.attributes()).entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      quote(sb, a.getKey()).append(':');
      value(sb, a.getValue());
    }
    return sb.append("}}").toString();
  }

  private static void value(StringBuilder sb, Object v) {
    if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Iterable<?> items) {
      sb.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        value(sb, item);
      }
      sb.append(']');
    } else {
      quote(sb, String.valueOf(v));
    }
  }

  private static StringBuilder field(StringBuilder sb, String name, String value) {
    return quote(quote(sb, name).append(':'), value);
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }
}
