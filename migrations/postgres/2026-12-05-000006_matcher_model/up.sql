-- The matcher's last fitted model, so that a restarted server scores with it at once instead of
-- with the hand-written weights until a new fit ends. One row, replaced by every fit.
CREATE TABLE matcher_models (
    id INTEGER PRIMARY KEY NOT NULL,
    -- JSON of the prior and the m and u tables (`trackchild_domain::matching::Model`).
    model TEXT NOT NULL,
    shift_bits DOUBLE PRECISION NOT NULL,
    expected_true_pairs DOUBLE PRECISION NOT NULL,
    candidate_pairs BIGINT NOT NULL,
    decisions BIGINT NOT NULL,
    fitted_at TEXT NOT NULL
);
