package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every registered example runs to its end and prints something, so examples cannot rot. */
class ExamplesTest {
  @TestFactory
  Stream<DynamicTest> everyExampleRuns() {
    return Examples.all().entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertRunsAndPrints(e)));
  }

  private static void assertRunsAndPrints(Map.Entry<String, Runnable> example) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      example.getValue().run();
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
    assertThat(output).as("output of example '%s'", example.getKey()).isNotBlank();
  }
}
