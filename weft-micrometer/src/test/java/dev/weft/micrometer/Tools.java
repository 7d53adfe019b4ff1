package dev.weft.micrometer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the real Prometheus binaries (Debian package {@code prometheus}) and the ops/ folder. */
public final class Tools {
  private Tools() {}

  /** The repository's {@code ops/} folder (tests run in the module folder). */
  public static Path ops() {
    Path ops = Path.of("..", "ops").toAbsolutePath().normalize();
    if (!Files.isDirectory(ops)) {
      throw new IllegalStateException("no ops/ folder at " + ops);
    }
    return ops;
  }

  /**
   * The executable {@code name} from PATH. Missing: in CI ({@code CI=true}) the test fails and says
   * how to install it; elsewhere it is skipped with the same hint.
   */
  public static Path require(String name) {
    Optional<Path> found = find(name);
    String hint =
        name
            + " is not installed (Debian package 'prometheus'); run bin/lib/install-prometheus.sh"
            + " (.ci/run does)";
    if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(hint);
    }
    assumeTrue(found.isPresent(), hint);
    return found.get();
  }

  private static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir :
        java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(File.pathSeparator))
            .splitAsStream(path)
            .toList()) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
