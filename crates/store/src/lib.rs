//! TrackChild's persistence: one diesel code path over SQLite (embedded default) and PostgreSQL.
//!
//! Queries are written once against [`DbConnection`], a diesel `MultiConnection`. Ids are UUIDv7
//! text and timestamps RFC 3339 UTC text on both backends. This crate knows diesel, not HTTP: it
//! returns domain and wire types and [`StoreError`], never actix types.

pub mod audit;
mod connection;
pub mod events;
pub mod idempotency;
pub mod jobs;
pub mod matcher_model;
pub mod matches;
pub mod orgs;
pub mod photos;
pub mod reports;
mod schema;
pub mod settings;
pub mod sharing;
pub mod testing;
pub mod tokens;

pub use connection::{Backend, DbConnection, Pool, Store};

use chrono::{DateTime, SecondsFormat, Utc};

/// Failures of the store, in its own words.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist, or lies outside the caller's scope.
    #[error("not found")]
    NotFound,
    /// The caller's `If-Match` version is not the stored version.
    #[error("version mismatch: stored version is {current}")]
    VersionMismatch { current: i64 },
    /// A state change that conflicts with the stored state (for instance a second confirmation).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("connection pool: {0}")]
    Pool(String),
    #[error("{0}")]
    Internal(#[from] anyhow::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Formats a timestamp the way every table stores it: RFC 3339, UTC, microseconds.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses a stored timestamp.
pub fn parse_timestamp(text: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            StoreError::Internal(anyhow::anyhow!(
                "stored timestamp {text:?} is not RFC 3339: {e}"
            ))
        })
}

/// Parses a stored UUID.
pub fn parse_uuid(text: &str) -> StoreResult<uuid::Uuid> {
    uuid::Uuid::parse_str(text)
        .map_err(|e| StoreError::Internal(anyhow::anyhow!("stored id {text:?} is not a UUID: {e}")))
}

/// A new time-ordered id.
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}
