package dev.weft.store;

import dev.weft.RunStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs a {@link RunCatalog} lists or deletes: filters by status and by time (half-open
 * ranges: {@code from} inclusive, {@code before} exclusive), and a page ({@code offset}, {@code
 * limit}). Runs are listed newest created first, ties by run id. Immutable and thread-safe.
 *
 * <pre>{@code
 * RunQuery failedToday = RunQuery.builder()
 *     .status(RunStatus.FAILED)
 *     .createdFrom(Instant.now().minus(Duration.ofDays(1)))
 *     .limit(50)
 *     .build();
 * List<RunSummary> page1 = catalog.runs(failedToday);
 * List<RunSummary> page2 = catalog.runs(failedToday.nextPage());
 * }</pre>
 *
 * @param statuses the statuses to match; empty matches every status
 * @param createdFrom runs created at or after this instant, when present
 * @param createdBefore runs created before this instant, when present
 * @param updatedFrom runs last written at or after this instant, when present
 * @param updatedBefore runs last written before this instant, when present
 * @param offset how many matching runs to skip
 * @param limit how many runs to list at most (1 to {@value #MAX_LIMIT})
 */
public record RunQuery(
    Set<RunStatus> statuses,
    Optional<Instant> createdFrom,
    Optional<Instant> createdBefore,
    Optional<Instant> updatedFrom,
    Optional<Instant> updatedBefore,
    long offset,
    int limit) {

  /** The default page size. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest page. */
  public static final int MAX_LIMIT = 10_000;

  public RunQuery {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    Objects.requireNonNull(createdFrom, "createdFrom");
    Objects.requireNonNull(createdBefore, "createdBefore");
    Objects.requireNonNull(updatedFrom, "updatedFrom");
    Objects.requireNonNull(updatedBefore, "updatedBefore");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be ≥ 0, was " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit + "; page with offset");
    }
  }

  /** Every run, first page of {@value #DEFAULT_LIMIT}. */
  public static RunQuery all() {
    return builder().build();
  }

  /** Starts a query matching every run. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, next page. */
  public RunQuery nextPage() {
    return new RunQuery(
        statuses,
        createdFrom,
        createdBefore,
        updatedFrom,
        updatedBefore,
        Math.addExact(offset, limit),
        limit);
  }

  /** Whether {@code run} passes the filters (paging aside). */
  public boolean matches(RunSummary run) {
    return (statuses.isEmpty() || statuses.contains(run.status()))
        && createdFrom.map(t -> !run.createdAt().isBefore(t)).orElse(true)
        && createdBefore.map(t -> run.createdAt().isBefore(t)).orElse(true)
        && updatedFrom.map(t -> !run.updatedAt().isBefore(t)).orElse(true)
        && updatedBefore.map(t -> run.updatedAt().isBefore(t)).orElse(true);
  }

  /** Builds a {@link RunQuery}; not thread-safe. */
  public static final class Builder {
    private final EnumSet<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
    private Instant createdFrom;
    private Instant createdBefore;
    private Instant updatedFrom;
    private Instant updatedBefore;
    private long offset;
    private int limit = DEFAULT_LIMIT;

    private Builder() {}

    /** Matches runs in any of these statuses (adds to earlier calls). */
    public Builder status(RunStatus... wanted) {
      for (RunStatus s : wanted) {
        statuses.add(Objects.requireNonNull(s, "status"));
      }
      return this;
    }

    /** Matches runs created at or after {@code t}. */
    public Builder createdFrom(Instant t) {
      this.createdFrom = Objects.requireNonNull(t, "createdFrom");
      return this;
    }

    /** Matches runs created before {@code t}. */
    public Builder createdBefore(Instant t) {
      this.createdBefore = Objects.requireNonNull(t, "createdBefore");
      return this;
    }

    /** Matches runs last written at or after {@code t}. */
    public Builder updatedFrom(Instant t) {
      this.updatedFrom = Objects.requireNonNull(t, "updatedFrom");
      return this;
    }

    /** Matches runs last written before {@code t} (retention: "untouched for 30 days"). */
    public Builder updatedBefore(Instant t) {
      this.updatedBefore = Objects.requireNonNull(t, "updatedBefore");
      return this;
    }

    /** Skips the first {@code n} matching runs. */
    public Builder offset(long n) {
      this.offset = n;
      return this;
    }

    /** Lists at most {@code n} runs; default {@value #DEFAULT_LIMIT}. */
    public Builder limit(int n) {
      this.limit = n;
      return this;
    }

    /** The query; throws {@link IllegalArgumentException} for a bad offset or limit. */
    public RunQuery build() {
      return new RunQuery(
          statuses,
          Optional.ofNullable(createdFrom),
          Optional.ofNullable(createdBefore),
          Optional.ofNullable(updatedFrom),
          Optional.ofNullable(updatedBefore),
          offset,
          limit);
    }
  }
}
