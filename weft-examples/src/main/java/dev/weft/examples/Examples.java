package dev.weft.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the example workflows: {@code Examples} runs them all, {@code Examples NAME} runs one.
 *
 * <pre>{@code
 * bin/example            # the tour
 * bin/example retries    # one example
 * }</pre>
 */
public final class Examples {
  private Examples() {}

  /** The examples by name, in tour order. */
  static Map<String, Runnable> all() {
    Map<String, Runnable> examples = new LinkedHashMap<>();
    examples.put("fanout", FanOutExample::run);
    examples.put("retries", RetriesExample::run);
    examples.put("backpressure", BackpressureExample::run);
    examples.put("resume", ResumeExample::run);
    examples.put("timeouts", TimeoutsExample::run);
    examples.put("approval", ApprovalExample::run);
    examples.put("agent", AgentExample::run);
    return examples;
  }

  public static void main(String[] args) {
    Map<String, Runnable> examples = all();
    if (args.length == 0) {
      examples.forEach(
          (name, example) -> {
            System.out.println("=== " + name + " ===");
            example.run();
            System.out.println();
          });
      return;
    }
    for (String name : args) {
      Runnable example = examples.get(name);
      if (example == null) {
        System.err.println("unknown example '" + name + "'; choose from " + examples.keySet());
        System.exit(2);
      }
      example.run();
    }
  }
}
