package dev.weft.bench;

import dev.weft.jdbc.JacksonStateCodec;
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
 * The codec's share of a step commit: {@link JacksonStateCodec} encoding the state that {@link
 * StoreCommit} commits. A durable store must encode the state at every commit, while {@code
 * StoreCommit.plainInsert} inserts bytes encoded beforehand, so {@code commit − encode} against
 * {@code plainInsert} is what the store itself adds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class StateEncode {
  /** Size of the state's payload, as in {@link StoreCommit#stateBytes}. */
  @Param({"1024", "102400"})
  public int stateBytes;

  private final JacksonStateCodec<LState> codec = JacksonStateCodec.of(LState.class);
  private LState state;

  @Setup
  public void setup() {
    state = StoreCommit.state(stateBytes);
  }

  @Benchmark
  public byte[] encode() {
    return codec.encode(state);
  }
}
