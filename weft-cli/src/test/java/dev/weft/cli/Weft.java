package dev.weft.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code weft} command in a child JVM (the test classpath, {@code dev.weft.cli.Main})
 * in a working directory, the way a user's shell does: tests see its exit code, stdout and stderr.
 */
final class Weft {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final Path workDir;
  private final Map<String, String> env = new java.util.HashMap<>();

  Weft(Path workDir) {
    this.workDir = workDir;
  }

  Weft env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** The java command line for {@code args}. */
  List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Dweft.launcher=weft");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A process builder for {@code command}, in the working directory, with the extra env. */
  ProcessBuilder builder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().remove("NO_COLOR");
    pb.environment().remove("COLUMNS");
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs to the end and returns what it printed. */
  Result run(String... args) throws IOException, InterruptedException {
    return finish(start(args), DEFAULT_TIMEOUT);
  }

  /** Starts the command; stdout and stderr go to files read by {@link #finish}. */
  Running start(String... args) throws IOException {
    return start(command(args));
  }

  Running start(List<String> command) throws IOException {
    File out = Files.createTempFile(workDir, "out", ".txt").toFile();
    File err = Files.createTempFile(workDir, "err", ".txt").toFile();
    Process p = builder(command).redirectOutput(out).redirectError(err).start();
    return new Running(p, out.toPath(), err.toPath());
  }

  static Result finish(Running r, Duration timeout) throws IOException, InterruptedException {
    if (!r.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      r.process().destroyForcibly();
      throw new AssertionError("weft did not finish within " + timeout + "; stdout: " + r.out());
    }
    return new Result(r.process().exitValue(), r.out(), r.err());
  }

  /** A started command. */
  record Running(Process process, Path stdout, Path stderr) {
    String out() throws IOException {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    }
  }

  /** How a command ended. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
