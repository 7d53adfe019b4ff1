package dev.weft.bench;

import dev.weft.Node;
import dev.weft.NodeResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B0 for W1: the physical floor of a 1000-node chain. A plain loop calls the same node functions
 * and the same reducer as {@link W1Chain}, with no engine in between.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class B0Chain {
  /** Chain length. */
  @Param("1000")
  public int steps;

  private Node<LState>[] nodes;

  @Setup
  @SuppressWarnings("unchecked")
  public void setup() {
    nodes = (Node<LState>[]) new Node<?>[steps];
    java.util.Arrays.fill(nodes, Nodes.INCREMENT);
  }

  @Benchmark
  public LState run() throws Exception {
    LState state = LState.EMPTY;
    for (Node<LState> node : nodes) {
      NodeResult<LState> result = node.apply(state, Nodes.FIXED_CONTEXT);
      if (result.delta() != null) {
        state = LState.merge(state, result.delta());
      }
    }
    return state;
  }
}
