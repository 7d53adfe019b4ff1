package dev.weft.store;

import dev.weft.RunStatus;
import dev.weft.spi.Checkpoint;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as a {@link RunCatalog} lists it: where it stands, without its state.
 *
 * <pre>{@code
 * for (RunSummary run : catalog.runs(RunQuery.all())) {
 *   System.out.println(run.runId() + " " + run.status() + " at step " + run.step());
 * }
 * }</pre>
 *
 * @param runId the run
 * @param status the status of its latest checkpoint
 * @param createdAt when the run was created in the store
 * @param updatedAt when its latest checkpoint was written
 * @param step the step of its latest checkpoint (steps committed so far)
 * @param detail pause reason or failure message of the latest checkpoint; empty when none
 * @param origin for a fork, the run and step it was forked from
 */
public record RunSummary(
    String runId,
    RunStatus status,
    Instant createdAt,
    Instant updatedAt,
    long step,
    String detail,
    Optional<Checkpoint.Origin> origin) {
  public RunSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(origin, "origin");
  }
}
