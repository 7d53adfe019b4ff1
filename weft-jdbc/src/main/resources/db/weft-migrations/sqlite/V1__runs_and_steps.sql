-- One row per run: what the catalogue lists and queries, in scalar columns. The run's latest
-- checkpoint is its step row at weft_run.step, unless a progress save (failure, pause, cancel
-- within that step) replaced it: then the progress_* columns hold it.
-- Times are microseconds since the epoch, UTC. Codec-encoded parts: state (the StateCodec's bytes)
-- and body (the store's envelope of frontier, carried results, join arrivals, seed and input, with
-- the states inside encoded by the same codec); checksum is CRC32C over state then body.
CREATE TABLE weft_run (
  run_id                 TEXT    NOT NULL PRIMARY KEY,
  status                 TEXT    NOT NULL,
  step                   INTEGER NOT NULL,
  detail                 TEXT    NOT NULL,
  created_at             INTEGER NOT NULL,
  updated_at             INTEGER NOT NULL,
  origin_run_id          TEXT,
  origin_step            INTEGER,
  progress_codec_id      TEXT,
  progress_codec_version INTEGER,
  progress_format        INTEGER,
  progress_state         BLOB,
  progress_body          BLOB,
  progress_checksum      INTEGER
);

CREATE INDEX weft_run_created ON weft_run (created_at DESC, run_id);
CREATE INDEX weft_run_status_updated ON weft_run (status, updated_at);

-- The step history: the checkpoint a run was created with, then one row per committed step.
CREATE TABLE weft_step (
  run_id        TEXT    NOT NULL REFERENCES weft_run (run_id) ON DELETE CASCADE,
  step          INTEGER NOT NULL,
  status        TEXT    NOT NULL,
  detail        TEXT    NOT NULL,
  committed_at  INTEGER NOT NULL,
  input_label   TEXT,
  codec_id      TEXT    NOT NULL,
  codec_version INTEGER NOT NULL,
  format        INTEGER NOT NULL,
  state         BLOB    NOT NULL,
  body          BLOB    NOT NULL,
  checksum      INTEGER NOT NULL,
  PRIMARY KEY (run_id, step)
);
