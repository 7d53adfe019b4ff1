-- One row per run: what the catalogue lists and queries, in scalar columns. The run's latest
-- checkpoint is its step row at weft_run.step, unless a progress save (failure, pause, cancel
-- within that step) replaced it: then the progress_* columns hold it.
-- Times are microseconds since the epoch, UTC. Codec-encoded parts: state (the StateCodec's bytes)
-- and body (the store's envelope of frontier, carried results, join arrivals, seed and input, with
-- the states inside encoded by the same codec); checksum is CRC32C over state then body.
CREATE TABLE weft_run (
  run_id                 TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  status                 TEXT    NOT NULL,
  step                   BIGINT NOT NULL,
  detail                 TEXT    NOT NULL,
  created_at             BIGINT NOT NULL,
  updated_at             BIGINT NOT NULL,
  origin_run_id          TEXT,
  origin_step            BIGINT,
  progress_codec_id      TEXT,
  progress_codec_version INTEGER,
  progress_format        INTEGER,
  progress_state         BYTEA,
  progress_body          BYTEA,
  progress_checksum      BIGINT
);

CREATE INDEX weft_run_created ON weft_run (created_at DESC, run_id);
CREATE INDEX weft_run_status_updated ON weft_run (status, updated_at);

-- The step history: the checkpoint a run was created with, then one row per committed step.
CREATE TABLE weft_step (
  run_id        TEXT COLLATE "C" NOT NULL REFERENCES weft_run (run_id) ON DELETE CASCADE,
  step          BIGINT NOT NULL,
  status        TEXT    NOT NULL,
  detail        TEXT    NOT NULL,
  committed_at  BIGINT NOT NULL,
  input_label   TEXT,
  codec_id      TEXT    NOT NULL,
  codec_version INTEGER NOT NULL,
  format        INTEGER NOT NULL,
  state         BYTEA    NOT NULL,
  body          BYTEA    NOT NULL,
  checksum      BIGINT NOT NULL,
  PRIMARY KEY (run_id, step)
);
