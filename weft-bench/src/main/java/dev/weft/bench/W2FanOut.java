package dev.weft.bench;

import dev.weft.Emitter;
import dev.weft.Engine;
import dev.weft.Graph;
import dev.weft.NodeResult;
import dev.weft.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2: start → 100 parallel branches, each appending one item to a list → join (runs once). {@link
 * #sequential} runs the branches one at a time on the calling thread (maxConcurrentNodes 0); {@link
 * #concurrent} uses the default options (maxConcurrentNodes 16, queueDepth 1024). Its nodes are
 * empty, so once warm the engine runs their attempts on the calling thread too (short attempts run
 * inline); the difference to sequential is the concurrent run's bookkeeping. {@link #onWorkers}
 * gives every node a (never reached) one-minute limit, which keeps every attempt on a worker: the
 * cost of the hand-off itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class W2FanOut {
  static final int WIDTH = 100;

  /**
   * The W2 state: the appended items and how many times the join ran.
   *
   * @param items one per branch, in merge (order-key) order
   * @param joins runs of the join node
   */
  public record Items(List<String> items, int joins) {
    static final Items EMPTY = new Items(List.of(), 0);

    /** Appends the delta's items and adds its join count. */
    static Items merge(Items state, Items delta) {
      List<String> items = state.items;
      if (!delta.items.isEmpty()) {
        List<String> grown = new ArrayList<>(items.size() + delta.items.size());
        grown.addAll(items);
        grown.addAll(delta.items);
        items = grown;
      }
      return new Items(items, state.joins + delta.joins);
    }
  }

  private final RunIds ids = new RunIds("w2");
  private Engine<Items> sequential;
  private Engine<Items> concurrent;
  private Engine<Items> onWorkers;

  /** The W2 graph; shared with the monitoring benchmark. */
  static Graph<Items> graph(int width) {
    return Graphs.fanOut(
        Items::merge,
        (state, ctx) -> NodeResult.next(null),
        width,
        i -> {
          String item = "b" + i;
          return (state, ctx) -> NodeResult.next(new Items(List.of(item), 0));
        },
        (state, ctx) -> NodeResult.stop(new Items(List.of(), 1)));
  }

  @Setup
  public void setup() {
    Graph<Items> graph = graph(WIDTH);
    sequential = Engine.builder(graph).options(Graphs.SEQUENTIAL).emitter(Emitter.none()).build();
    concurrent = Engine.builder(graph).options(Options.defaults()).emitter(Emitter.none()).build();
    onWorkers =
        Engine.builder(graph)
            .options(Options.builder().defaultNodeTimeout(Duration.ofMinutes(1)).build())
            .emitter(Emitter.none())
            .build();
  }

  @Benchmark
  public Items sequential() {
    return sequential.run(ids.next(), Items.EMPTY);
  }

  @Benchmark
  public Items concurrent() {
    return concurrent.run(ids.next(), Items.EMPTY);
  }

  @Benchmark
  public Items onWorkers() {
    return onWorkers.run(ids.next(), Items.EMPTY);
  }
}
