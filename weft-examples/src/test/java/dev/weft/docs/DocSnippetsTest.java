package dev.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Java in README.md and docs/ compiled: every {@code ```java} block must be preceded by
 * {@code <!-- snippet: File#region -->} and equal that region of {@code File.java} in this package
 * (between {@code // region name} and {@code // endregion}, indentation removed). The region's file
 * is compiled with the tests, so a snippet that no longer compiles fails the build.
 */
class DocSnippetsTest {
  private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\w+)#([\\w-]+) -->");
  private static final Path ROOT = findRoot();
  private static final Path SOURCES = ROOT.resolve("weft-examples/src/test/java/dev/weft/docs");

  @Test
  void everyJavaBlockInTheDocsIsACompiledSnippet() throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents()) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```java")) {
          continue;
        }
        String where = ROOT.relativize(doc) + ":" + (i + 1);
        Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1).strip()) : null;
        if (marker == null || !marker.matches()) {
          problems.add(
              where + ": java block without a '<!-- snippet: File#region -->' line above it");
          continue;
        }
        List<String> block = new ArrayList<>();
        int j = i + 1;
        while (j < lines.size() && !lines.get(j).strip().equals("```")) {
          block.add(lines.get(j));
          j++;
        }
        String expected = region(marker.group(1), marker.group(2), where, problems);
        if (expected != null && !expected.equals(String.join("\n", block).strip())) {
          problems.add(
              where
                  + ": block differs from "
                  + marker.group(1)
                  + "#"
                  + marker.group(2)
                  + "; copy the region into the doc:\n"
                  + expected);
        }
        checked++;
        i = j;
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).as("java blocks found in README.md and docs/").isGreaterThan(0);
  }

  private static String region(String file, String name, String where, List<String> problems)
      throws IOException {
    Path source = SOURCES.resolve(file + ".java");
    if (!Files.exists(source)) {
      problems.add(where + ": no snippet source " + ROOT.relativize(source));
      return null;
    }
    List<String> lines = Files.readAllLines(source);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// region " + name)) {
        start = i + 1;
      } else if (start >= 0 && lines.get(i).strip().equals("// endregion")) {
        return dedent(lines.subList(start, i));
      }
    }
    problems.add(where + ": no region '" + name + "' in " + ROOT.relativize(source));
    return null;
  }

  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent));
    }
    return String.join("\n", out).strip();
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root (the folder holding mvnw)");
    }
    return dir;
  }
}
