//! The audit trail: an append-only log whose rows are hash-chained over every column, so that
//! altering, removing or inserting a row breaks the chain at that row.
//!
//! Each row's `hash` is SHA-256 over the JSON array of all its other columns, `prev_hash`
//! included; the first row's `prev_hash` is 64 zeros. Appends are serialised (the SQLite write
//! lock, a PostgreSQL advisory lock) so the chain never forks.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::schema::audit_log;
use crate::{DbConnection, StoreResult, new_id, timestamp};

/// `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Arbitrary key of the PostgreSQL advisory lock that serialises appends.
const APPEND_LOCK_KEY: i64 = 0x7472_6163_6b63;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub actor_user_id: Option<String>,
    pub actor_org_id: Option<String>,
    pub action: String,
    pub resource_kind: Option<String>,
    pub resource_id: Option<String>,
    pub outcome: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What happened, by whom, to what; `detail` carries ids and codes, never names or phone numbers.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor_user_id: Option<Uuid>,
    pub actor_org_id: Option<Uuid>,
    /// e.g. `login`, `login_failed`, `read_report`, `update_report`, `break_glass`, `export`.
    pub action: &'a str,
    pub resource_kind: Option<&'a str>,
    pub resource_id: Option<Uuid>,
    /// `allowed`, `denied`, `failed` or `succeeded`.
    pub outcome: &'a str,
    pub detail: serde_json::Value,
    pub at: DateTime<Utc>,
}

/// SHA-256 of every column but `hash`, as lowercase hex.
pub fn row_hash(row: &AuditRow) -> String {
    let columns = serde_json::json!([
        row.seq,
        row.id,
        row.at,
        row.actor_user_id,
        row.actor_org_id,
        row.action,
        row.resource_kind,
        row.resource_id,
        row.outcome,
        row.detail,
        row.prev_hash
    ]);
    Sha256::digest(columns.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Appends one entry at the end of the chain. Call inside a write transaction.
pub fn append(conn: &mut DbConnection, entry: &AuditEntry<'_>) -> StoreResult<AuditRow> {
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({APPEND_LOCK_KEY})"))
            .execute(pg)?;
    }
    let last: Option<(i64, String)> = audit_log::table
        .order(audit_log::seq.desc())
        .select((audit_log::seq, audit_log::hash))
        .first(conn)
        .optional()?;
    let (seq, prev_hash) =
        last.map_or((1, GENESIS_HASH.to_string()), |(seq, hash)| (seq + 1, hash));
    let mut row = AuditRow {
        seq,
        id: new_id().to_string(),
        at: timestamp(entry.at),
        actor_user_id: entry.actor_user_id.map(|u| u.to_string()),
        actor_org_id: entry.actor_org_id.map(|o| o.to_string()),
        action: entry.action.to_string(),
        resource_kind: entry.resource_kind.map(str::to_string),
        resource_id: entry.resource_id.map(|r| r.to_string()),
        outcome: entry.outcome.to_string(),
        detail: entry.detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    diesel::insert_into(audit_log::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// The first place where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The row's content no longer matches its hash.
    Altered { seq: i64 },
    /// Sequence numbers jump: rows before `seq` were removed.
    Removed { after_seq: i64, seq: i64 },
    /// The row does not follow its predecessor's hash: a row was inserted or replaced here.
    Inserted { seq: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Altered { seq } => write!(
                f,
                "entry {seq} was altered: its columns no longer match its hash"
            ),
            ChainBreak::Removed { after_seq, seq } => {
                write!(f, "entries between {after_seq} and {seq} were removed")
            }
            ChainBreak::Inserted { seq } => write!(
                f,
                "entry {seq} does not follow the previous entry's hash: an entry was inserted or replaced here"
            ),
        }
    }
}

/// Result of a full verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: i64,
    /// Hash of the last row; record it elsewhere to detect removal of the newest rows.
    pub head_hash: String,
}

/// Walks the whole chain in order, reading in pages, and returns the first break if any.
pub fn verify(conn: &mut DbConnection) -> StoreResult<Result<Verified, ChainBreak>> {
    let mut expected_seq = 1i64;
    let mut prev_hash = GENESIS_HASH.to_string();
    loop {
        let page: Vec<AuditRow> = audit_log::table
            .filter(audit_log::seq.ge(expected_seq))
            .order(audit_log::seq.asc())
            .limit(1000)
            .select(AuditRow::as_select())
            .load(conn)?;
        if page.is_empty() {
            return Ok(Ok(Verified {
                entries: expected_seq - 1,
                head_hash: prev_hash,
            }));
        }
        for row in page {
            if row.seq != expected_seq {
                return Ok(Err(ChainBreak::Removed {
                    after_seq: expected_seq - 1,
                    seq: row.seq,
                }));
            }
            if row_hash(&row) != row.hash {
                return Ok(Err(ChainBreak::Altered { seq: row.seq }));
            }
            if row.prev_hash != prev_hash {
                return Ok(Err(ChainBreak::Inserted { seq: row.seq }));
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
    }
}

/// Entries about one resource, oldest first.
pub fn for_resource(
    conn: &mut DbConnection,
    resource_id: Uuid,
    limit: i64,
) -> StoreResult<Vec<AuditRow>> {
    Ok(audit_log::table
        .filter(audit_log::resource_id.eq(resource_id.to_string()))
        .order(audit_log::seq.asc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?)
}
