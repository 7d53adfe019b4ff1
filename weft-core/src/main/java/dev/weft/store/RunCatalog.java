package dev.weft.store;

import java.util.List;
import java.util.Optional;

/**
 * What a checkpoint store can tell and do about the runs it holds, for operators, the {@code weft}
 * command and retention jobs: list runs by status and time with paging, a run's step history,
 * delete, and retention. Every store Weft ships implements it next to {@link
 * dev.weft.spi.CheckpointStore}; none of it needs the state type or reads states. Implementations
 * are thread-safe and may be called while runs are being written.
 *
 * <pre>{@code
 * RunCatalog catalog = store; // InMemoryCheckpointStore, JdbcCheckpointStore
 * catalog.runs(RunQuery.builder().status(RunStatus.FAILED).build())
 *     .forEach(r -> System.out.println(r.runId() + ": " + r.detail()));
 * // retention: forget finished runs untouched for 30 days, thin out the history of one run
 * catalog.deleteRuns(RunQuery.builder()
 *     .status(RunStatus.COMPLETED, RunStatus.FAILED)
 *     .updatedBefore(Instant.now().minus(Duration.ofDays(30)))
 *     .build());
 * catalog.pruneHistory("run-1", 1);
 * }</pre>
 */
public interface RunCatalog {
  /** The runs matching {@code query}'s filters, newest created first, one page of them. */
  List<RunSummary> runs(RunQuery query);

  /** One run, if the store holds it. */
  Optional<RunSummary> run(String runId);

  /** The run's step history, oldest first; empty for an unknown run. */
  List<StepSummary> steps(String runId);

  /** Deletes the run and its history; {@code false} when there was no such run. */
  boolean deleteRun(String runId);

  /**
   * Deletes every run matching {@code query}'s filters (its page is ignored) with its history, and
   * returns how many. Runs written while this runs may or may not be deleted when they match.
   */
  long deleteRuns(RunQuery query);

  /**
   * Deletes the step history of a run but for its {@code keep} newest entries (keep ≥ 0), and
   * returns how many entries went. The run's latest checkpoint is never touched, so resume works as
   * before; only {@link dev.weft.spi.CheckpointStore#history} gets shorter.
   */
  long pruneHistory(String runId, int keep);
}
