-- Stakeholder registration, service accounts, shares, break-glass grants, the inbox and the
-- hash-chained audit log.
ALTER TABLE organisations ADD COLUMN parent_id TEXT REFERENCES organisations (id);
ALTER TABLE organisations ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE organisations ADD COLUMN sub_division_code INTEGER;
ALTER TABLE organisations ADD COLUMN block_code INTEGER;
ALTER TABLE organisations ADD COLUMN village_code INTEGER;
-- Registration details of CCIs and adoption agencies; NULL for other bodies.
ALTER TABLE organisations ADD COLUMN registration TEXT;
ALTER TABLE organisations ADD COLUMN decided_by TEXT;
ALTER TABLE organisations ADD COLUMN decided_at TEXT;
ALTER TABLE organisations ADD COLUMN decision_note TEXT;

ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person';
-- Space-separated scopes of a service account; NULL for people.
ALTER TABLE users ADD COLUMN scopes TEXT;
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

CREATE TABLE report_shares (
    report_id TEXT NOT NULL REFERENCES reports (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    shared_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (report_id, organisation_id)
);
CREATE INDEX report_shares_org ON report_shares (organisation_id);

CREATE TABLE access_grants (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX access_grants_user ON access_grants (user_id, expires_at);

CREATE TABLE inbox (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    report_id TEXT,
    match_id TEXT,
    detail TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX inbox_org ON inbox (organisation_id, created_at);

-- Append-only; each row's hash covers every other column and the previous row's hash.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor_user_id TEXT,
    actor_org_id TEXT,
    action TEXT NOT NULL,
    resource_kind TEXT,
    resource_id TEXT,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_resource ON audit_log (resource_id, seq);
