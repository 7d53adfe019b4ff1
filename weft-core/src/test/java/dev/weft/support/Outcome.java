package dev.weft.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Engine;
import dev.weft.EventType;
import dev.weft.Graph;
import dev.weft.Options;
import dev.weft.RunResult;
import dev.weft.RunStatus;
import dev.weft.WeftException;
import dev.weft.emit.BufferedEmitter;
import dev.weft.spi.Checkpoint;
import dev.weft.store.InMemoryCheckpointStore;
import java.util.List;
import java.util.Map;

/**
 * Everything the determinism contract promises about one run, resumed through every pause: the
 * final state or the failure, the committed step history, the latest checkpoint and the per-step
 * event sets.
 *
 * @param failure exception type and message when the run failed, else null
 * @param state the final state when the run completed, else null
 * @param pauses how often the run paused (and was resumed)
 * @param history {@code store.history(runId)}
 * @param last the latest checkpoint
 * @param events per step, the sorted canonical events
 */
public record Outcome(
    String failure,
    Trail state,
    int pauses,
    List<Checkpoint<Trail>> history,
    Checkpoint<Trail> last,
    Map<Long, List<String>> events) {

  /** Runs a fresh run of {@code graph} in its own store and collects its outcome. */
  public static Outcome of(Graph<Trail> graph, int concurrency, String runId, int maxSteps) {
    return of(graph, concurrency, runId, maxSteps, false);
  }

  /**
   * Like {@link #of}; when {@code warm}, the engine first runs the graph once under another run id,
   * so it starts {@code runId} knowing which nodes ran short (a concurrent engine then runs their
   * attempts on the coordinator).
   */
  public static Outcome of(
      Graph<Trail> graph, int concurrency, String runId, int maxSteps, boolean warm) {
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    BufferedEmitter buffer = new BufferedEmitter(1_000_000);
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(concurrency)
                    .queueDepth(100_000) // no backpressure: its events depend on timing by nature
                    .maxSteps(maxSteps)
                    .build())
            .store(store)
            .emitter(buffer)
            .build();
    if (warm) {
      collect(engine, store, buffer, "warm-up-" + runId);
    }
    return collect(engine, store, buffer, runId);
  }

  /**
   * Like {@link #of}, but every pause is resumed with an external input {@code answer-k} labelled
   * {@code k} (the k-th pause), as a person answering would.
   */
  public static Outcome answering(Graph<Trail> graph, int concurrency, String runId, int maxSteps) {
    InMemoryCheckpointStore<Trail> store = new InMemoryCheckpointStore<>();
    BufferedEmitter buffer = new BufferedEmitter(1_000_000);
    Engine<Trail> engine =
        Engine.builder(graph)
            .options(
                Options.builder()
                    .maxConcurrentNodes(concurrency)
                    .queueDepth(100_000)
                    .maxSteps(maxSteps)
                    .build())
            .store(store)
            .emitter(buffer)
            .build();
    String failure = null;
    Trail state = null;
    int pauses = 0;
    try {
      RunResult<Trail> r = engine.runForResult(runId, Trail.of());
      while (r.status() == RunStatus.PAUSED) {
        pauses++;
        r =
            engine.resumeForResult(
                runId, Trail.of("answer-" + pauses), "" + pauses, dev.weft.RunOptions.defaults());
      }
      state = r.state();
    } catch (WeftException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return new Outcome(
        failure,
        state,
        pauses,
        store.history(runId),
        store.load(runId).orElseThrow(),
        EventDigest.perStep(buffer.byRun(runId)));
  }

  /** Runs {@code runId} on {@code engine}, resuming through pauses, and collects its outcome. */
  public static Outcome collect(
      Engine<Trail> engine,
      InMemoryCheckpointStore<Trail> store,
      BufferedEmitter buffer,
      String runId) {
    String failure = null;
    Trail state = null;
    int pauses = 0;
    try {
      RunResult<Trail> r = engine.runForResult(runId, Trail.of());
      while (r.status() == RunStatus.PAUSED) {
        pauses++;
        r = engine.resumeForResult(runId);
      }
      state = r.state();
    } catch (WeftException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    assertThat(buffer.dropped()).as("event buffer overflow").isZero();
    return new Outcome(
        failure,
        state,
        pauses,
        store.history(runId),
        store.load(runId).orElseThrow(),
        EventDigest.perStep(buffer.byRun(runId)));
  }

  /** Asserts, part by part for readable failures, that this outcome equals {@code expected}. */
  public void assertSameAs(Outcome expected, String what) {
    assertThat(failure).as("failure, %s", what).isEqualTo(expected.failure);
    assertThat(state).as("final state, %s", what).isEqualTo(expected.state);
    assertThat(pauses).as("pauses, %s", what).isEqualTo(expected.pauses);
    assertThat(history).as("step history, %s", what).isEqualTo(expected.history);
    assertThat(last).as("latest checkpoint, %s", what).isEqualTo(expected.last);
    assertThat(events.keySet())
        .as("steps with events, %s", what)
        .isEqualTo(expected.events.keySet());
    events.forEach(
        (step, list) ->
            assertThat(list)
                .as("events of step %d, %s", step, what)
                .isEqualTo(expected.events.get(step)));
    assertThat(this).isEqualTo(expected);
  }

  /** How many events of {@code type} the run emitted. */
  public long count(EventType type) {
    String prefix = type.name() + " ";
    return events.values().stream().flatMap(List::stream).filter(e -> e.startsWith(prefix)).count();
  }
}
