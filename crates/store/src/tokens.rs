//! Refresh tokens: stored hashed, single use, rotated within a family; reuse revokes the family.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::refresh_tokens;
use crate::{DbConnection, StoreResult, new_id, parse_timestamp, parse_uuid, timestamp};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
struct RefreshTokenRow {
    id: String,
    family_id: String,
    user_id: String,
    token_hash: String,
    expires_at: String,
    used_at: Option<String>,
    revoked_at: Option<String>,
    created_at: String,
}

/// Outcome of presenting a refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was valid and is now used; issue a new one in `family_id` for `user_id`.
    Rotated { user_id: Uuid, family_id: Uuid },
    /// The token was already used: its whole family is now revoked.
    ReuseDetected,
    /// Unknown, expired or revoked.
    Invalid,
}

/// Stores a new refresh token (by its hash) in `family_id`, or in a new family when `None`.
pub fn insert(
    conn: &mut DbConnection,
    user_id: Uuid,
    family_id: Option<Uuid>,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    let row = RefreshTokenRow {
        id: new_id().to_string(),
        family_id: family_id.unwrap_or_else(new_id).to_string(),
        user_id: user_id.to_string(),
        token_hash: token_hash.to_string(),
        expires_at: timestamp(expires_at),
        used_at: None,
        revoked_at: None,
        created_at: timestamp(Utc::now()),
    };
    diesel::insert_into(refresh_tokens::table)
        .values(&row)
        .execute(conn)?;
    Ok(())
}

/// Marks the token with `token_hash` used, detecting reuse. Call inside a write transaction.
pub fn consume(
    conn: &mut DbConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<RefreshOutcome> {
    let Some(row) = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(RefreshOutcome::Invalid);
    };
    if row.revoked_at.is_some() {
        return Ok(RefreshOutcome::Invalid);
    }
    if row.used_at.is_some() {
        revoke_family(conn, &row.family_id, now)?;
        return Ok(RefreshOutcome::ReuseDetected);
    }
    if parse_timestamp(&row.expires_at)? <= now {
        return Ok(RefreshOutcome::Invalid);
    }
    // The `used_at IS NULL` condition makes two concurrent refreshes with one token race safely:
    // only one update matches, and the loser is treated as reuse.
    let updated = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(&row.id))
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(timestamp(now))))
    .execute(conn)?;
    if updated == 0 {
        revoke_family(conn, &row.family_id, now)?;
        return Ok(RefreshOutcome::ReuseDetected);
    }
    Ok(RefreshOutcome::Rotated {
        user_id: parse_uuid(&row.user_id)?,
        family_id: parse_uuid(&row.family_id)?,
    })
}

/// Revokes the family of the token with `token_hash`, if it exists (logout).
pub fn revoke_by_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let family: Option<String> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(refresh_tokens::family_id)
        .first(conn)
        .optional()?;
    if let Some(family) = family {
        revoke_family(conn, &family, now)?;
    }
    Ok(())
}

fn revoke_family(conn: &mut DbConnection, family_id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(timestamp(now))))
    .execute(conn)?;
    Ok(())
}
