-- Per-State suggestion thresholds set by the State child protection society.
CREATE TABLE matching_settings (
    state_code INTEGER PRIMARY KEY NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
