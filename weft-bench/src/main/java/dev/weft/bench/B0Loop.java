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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B0 for W3: the physical floor of a 10,000-step loop. A plain loop calls the same node function,
 * reducer and condition as {@link W3Loop}, with no engine in between.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class B0Loop {
  /** Times the node runs. */
  @Param("10000")
  public int steps;

  private final Node<LState> node = Nodes.INCREMENT;

  @Benchmark
  public LState run() throws Exception {
    LState state = LState.EMPTY;
    do {
      NodeResult<LState> result = node.apply(state, Nodes.FIXED_CONTEXT);
      if (result.delta() != null) {
        state = LState.merge(state, result.delta());
      }
    } while (state.counter() < steps);
    return state;
  }
}
