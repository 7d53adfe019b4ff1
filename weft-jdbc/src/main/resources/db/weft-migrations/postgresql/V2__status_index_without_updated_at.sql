-- A step commit changes a run's step and updated_at but rarely its status. An index holding
-- updated_at made every such update write a new entry in every index of weft_run; without it a
-- step commit touches no indexed column and PostgreSQL can update the row in place (a HOT update),
-- for which the fill factor keeps room in each page. Retention by updated_at scans the runs: a
-- batch job, not a per-step cost.
DROP INDEX weft_run_status_updated;
CREATE INDEX weft_run_status ON weft_run (status, created_at DESC, run_id);
ALTER TABLE weft_run SET (fillfactor = 70);
