//! Stored first responses for `Idempotency-Key`, kept 24 hours per account and route.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::schema::idempotency_keys;
use crate::{DbConnection, StoreResult, timestamp};

/// How long a key's first response is replayed.
pub const KEY_LIFETIME_HOURS: i64 = 24;

/// A stored response: status code and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
}

/// The stored response for this key, if one was stored within the key lifetime.
pub fn find(
    conn: &mut DbConnection,
    user_id: &str,
    route: &str,
    key: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<StoredResponse>> {
    let oldest = timestamp(now - Duration::hours(KEY_LIFETIME_HOURS));
    let row: Option<(i32, String)> = idempotency_keys::table
        .filter(idempotency_keys::user_id.eq(user_id))
        .filter(idempotency_keys::route.eq(route))
        .filter(idempotency_keys::idem_key.eq(key))
        .filter(idempotency_keys::created_at.gt(oldest))
        .select((idempotency_keys::status, idempotency_keys::response))
        .first(conn)
        .optional()?;
    Ok(row.map(|(status, body)| StoredResponse {
        status: u16::try_from(status).unwrap_or(500),
        body,
    }))
}

/// Stores the first response for a key, replacing an expired one.
pub fn save(
    conn: &mut DbConnection,
    user_id: &str,
    route: &str,
    key: &str,
    response: &StoredResponse,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::user_id.eq(user_id))
            .filter(idempotency_keys::route.eq(route))
            .filter(idempotency_keys::idem_key.eq(key)),
    )
    .execute(conn)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::route.eq(route),
            idempotency_keys::idem_key.eq(key),
            idempotency_keys::status.eq(i32::from(response.status)),
            idempotency_keys::response.eq(&response.body),
            idempotency_keys::created_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}
