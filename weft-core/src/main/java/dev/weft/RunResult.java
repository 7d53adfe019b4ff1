package dev.weft;

import java.util.Optional;

/**
 * How a run ended when it did not throw: completed, or paused by an {@code interrupt} route or a
 * breakpoint.
 *
 * <pre>{@code
 * RunResult<Doc> result = engine.runForResult("doc-7", doc);
 * if (result.status() == RunStatus.PAUSED) {
 *   System.out.println("waiting for: " + result.pauseReason().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable (as far as the state values it carries are); safe to share between
 * threads.
 *
 * @param runId the run
 * @param state the final (or paused) state
 * @param status {@link RunStatus#COMPLETED} or {@link RunStatus#PAUSED}
 * @param pauseReason the interrupt's reason (or {@code breakpoint: before|after 'node'}) when
 *     paused
 * @param stats counters of this run (of this resume, for a resumed run)
 * @param <S> the state type
 */
public record RunResult<S>(
    String runId, S state, RunStatus status, Optional<String> pauseReason, RunStats stats) {}
