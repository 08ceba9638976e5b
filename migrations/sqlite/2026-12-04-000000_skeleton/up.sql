-- Skeleton schema. Ids are UUIDv7 text and timestamps RFC 3339 UTC text on both backends, so the
-- queries are written once for SQLite and PostgreSQL.
CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    org_type TEXT NOT NULL,
    state_code INTEGER,
    district_code INTEGER,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    revoked_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    case_number TEXT NOT NULL UNIQUE,
    version BIGINT NOT NULL,
    status TEXT NOT NULL,
    owner_org_id TEXT NOT NULL REFERENCES organisations (id),
    owner_state_code INTEGER NOT NULL,
    owner_district_code INTEGER,
    event_date TEXT NOT NULL,
    name_latin TEXT,
    fir_number TEXT,
    body TEXT NOT NULL,
    linked_report_id TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX reports_kind_district ON reports (kind, owner_district_code, id);
CREATE INDEX reports_kind_state ON reports (kind, owner_state_code, id);
CREATE INDEX reports_owner ON reports (owner_org_id);

CREATE TABLE case_sequences (
    district_code INTEGER NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (district_code, year, kind)
);

CREATE TABLE matches (
    id TEXT PRIMARY KEY NOT NULL,
    missing_report_id TEXT NOT NULL REFERENCES reports (id),
    found_report_id TEXT NOT NULL REFERENCES reports (id),
    -- Owners copied from the two reports, so "the units party to a suggestion" is a plain filter.
    missing_owner_org_id TEXT NOT NULL REFERENCES organisations (id),
    found_owner_org_id TEXT NOT NULL REFERENCES organisations (id),
    probability DOUBLE PRECISION NOT NULL,
    status TEXT NOT NULL,
    explanation TEXT NOT NULL,
    basis TEXT,
    reason_code TEXT,
    note TEXT,
    decided_by TEXT,
    decided_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (missing_report_id, found_report_id)
);
CREATE INDEX matches_found ON matches (found_report_id);
CREATE INDEX matches_missing_owner ON matches (missing_owner_org_id, status);
CREATE INDEX matches_found_owner ON matches (found_owner_org_id, status);

CREATE TABLE case_events (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id),
    actor_user_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX case_events_report ON case_events (report_id, at);

CREATE TABLE match_jobs (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id),
    enqueued_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX match_jobs_pending ON match_jobs (done_at, id);

CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    route TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, route, idem_key)
);
