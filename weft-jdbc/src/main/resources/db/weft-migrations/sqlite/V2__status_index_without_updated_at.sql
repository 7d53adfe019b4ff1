-- A step commit changes a run's step and updated_at but rarely its status. An index holding
-- updated_at moved its entry on every commit (an extra page written per step); the status index
-- below holds only columns a plain step commit never writes, so such a commit leaves it alone.
-- Retention by updated_at scans the runs: a batch job, not a per-step cost.
DROP INDEX weft_run_status_updated;
CREATE INDEX weft_run_status ON weft_run (status, created_at DESC, run_id);
