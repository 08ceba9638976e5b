-- Photos of children: metadata only; the images live in the photo store.
CREATE TABLE photos (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id),
    uploaded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    taken_on TEXT,
    source TEXT,
    consent TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    -- 64-bit perceptual hash as 16 hex digits.
    phash TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    duplicate_of TEXT,
    -- Detected faces as JSON (boxes and scores only; embeddings are in face_embeddings).
    faces TEXT NOT NULL,
    face_evidence TEXT NOT NULL,
    hidden_at TEXT,
    hidden_by TEXT,
    erased_at TEXT
);
CREATE INDEX photos_report ON photos (report_id);

-- Face embeddings never leave the server: no API response or export reads this table.
CREATE TABLE face_embeddings (
    photo_id TEXT NOT NULL REFERENCES photos (id),
    face_index INTEGER NOT NULL,
    embedding TEXT NOT NULL,
    PRIMARY KEY (photo_id, face_index)
);
