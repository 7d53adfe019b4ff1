package dev.weft.cli.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.Emitter;
import dev.weft.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The timeline of each run as JSON lines in {@code <data-dir>/timelines/<run>.jsonl}: every
 * attempt's outcome and duration, retries, timeouts, step commits and the run's end. The checkpoint
 * store holds the state; this holds what happened on the way, for {@code weft runs show}. Written
 * from worker threads (one lock per run) and flushed at every step commit and run end, so a crash
 * loses at most the attempts of the step in progress, which the resumed run repeats anyway.
 */
public final class Journal implements Emitter, AutoCloseable {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Map<String, BufferedWriter> open = new ConcurrentHashMap<>();

  public Journal(Path dir) {
    this.dir = dir;
  }

  /** The file of a run, or empty when the run id cannot be a file name. */
  Path file(String runId) {
    return dir.resolve(runId + ".jsonl");
  }

  @Override
  public void emit(Event e) {
    Map<String, Object> line = toLine(e);
    if (line == null || !SAFE.matcher(e.runId()).matches()) {
      return;
    }
    BufferedWriter w = open.computeIfAbsent(e.runId(), this::openWriter);
    try {
      String text = JSON.writeValueAsString(line);
      synchronized (w) {
        w.write(text);
        w.newLine();
        switch (e.type()) {
          case STEP_COMMITTED, RUN_PAUSED, RUN_FAILED, RUN_COMPLETED -> w.flush();
          default -> {}
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // the engine contains emitter failures
    }
  }

  private BufferedWriter openWriter(String runId) {
    try {
      Files.createDirectories(dir);
      return Files.newBufferedWriter(
          file(runId),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static Map<String, Object> toLine(Event e) {
    Map<String, Object> a = e.attributes();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", e.time().toString());
    m.put("step", e.step());
    m.put("type", e.type().name());
    if (e.nodeId() != null) {
      m.put("node", e.nodeId());
      m.put("attempt", e.attempt());
    }
    switch (e.type()) {
      case NODE_SUCCEEDED -> m.put("ms", ms(a.get("durationNanos")));
      case NODE_FAILED -> {
        m.put("ms", ms(a.get("durationNanos")));
        m.put("error", a.get("error"));
        m.put("message", a.get("message"));
        m.put("willRetry", a.get("willRetry"));
      }
      case NODE_TIMED_OUT -> {
        m.put("ms", ms(a.get("elapsedNanos")));
        m.put("limitMs", ms(a.get("limitNanos")));
        m.put("source", a.get("source"));
      }
      case RETRY_SCHEDULED -> m.put("delayMs", ms(a.get("delayNanos")));
      case RUN_FAILED -> m.put("message", a.get("message"));
      case RUN_PAUSED -> m.put("reason", a.get("reason"));
      case RUN_RESUMED -> m.put("fromStep", a.get("fromStep"));
      case RUN_STARTED, RUN_COMPLETED, STEP_COMMITTED, BACKPRESSURE -> {}
      default -> {
        return null;
      }
    }
    return m;
  }

  private static double ms(Object nanos) {
    return nanos instanceof Number n ? Math.round(n.longValue() / 10_000.0) / 100.0 : 0;
  }

  /** The lines of a run's timeline, oldest first; empty when none was recorded here. */
  public List<Map<String, Object>> read(String runId) {
    List<Map<String, Object>> lines = new ArrayList<>();
    if (!SAFE.matcher(runId).matches() || !Files.exists(file(runId))) {
      return lines;
    }
    try {
      for (String line : Files.readAllLines(file(runId), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = JSON.readValue(line, Map.class);
          lines.add(m);
        } catch (IOException torn) {
          // The last line of a killed process may be torn; what precedes it stands.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** Forgets a run's timeline. */
  public void delete(String runId) {
    if (!SAFE.matcher(runId).matches()) {
      return;
    }
    close(runId);
    try {
      Files.deleteIfExists(file(runId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void close(String runId) {
    BufferedWriter w = open.remove(runId);
    if (w != null) {
      synchronized (w) {
        try {
          w.close();
        } catch (IOException ignored) {
          // nothing more can be written; the lines before are on disk
        }
      }
    }
  }

  @Override
  public void close() {
    for (String id : List.copyOf(open.keySet())) {
      close(id);
    }
  }
}
