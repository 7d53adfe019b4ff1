package dev.weft.store;

import dev.weft.RunStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a run's step history as a {@link RunCatalog} lists it, without the state.
 *
 * <pre>{@code
 * catalog.steps("run-1").forEach(s -> System.out.println(s.step() + " " + s.committedAt()));
 * }</pre>
 *
 * @param runId the run
 * @param step the step committed (0 for the checkpoint the run was created with)
 * @param status the run's status in that checkpoint
 * @param committedAt when it was written
 * @param detail pause reason or failure message of that checkpoint; empty when none
 * @param inputLabel present when the step was an external input (no node ran): the input's label,
 *     empty when none was given
 */
public record StepSummary(
    String runId,
    long step,
    RunStatus status,
    Instant committedAt,
    String detail,
    Optional<String> inputLabel) {
  public StepSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(committedAt, "committedAt");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(inputLabel, "inputLabel");
  }
}
