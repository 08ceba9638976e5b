//! Ways a record reaches beyond its owner's jurisdiction: shares by the owning unit, break-glass
//! grants to one user, and the inbox that tells units about both and about new suggestions.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{access_grants, inbox, report_shares};
use crate::{DbConnection, StoreResult, new_id, parse_timestamp, parse_uuid, timestamp};

/// How long a break-glass grant lasts.
pub const BREAK_GLASS_HOURS: i64 = 24;

/// Shares a report with an organisation; sharing twice changes nothing.
pub fn share(
    conn: &mut DbConnection,
    report_id: Uuid,
    organisation_id: Uuid,
    shared_by: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let exists: i64 = report_shares::table
        .filter(report_shares::report_id.eq(report_id.to_string()))
        .filter(report_shares::organisation_id.eq(organisation_id.to_string()))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(report_shares::table)
        .values((
            report_shares::report_id.eq(report_id.to_string()),
            report_shares::organisation_id.eq(organisation_id.to_string()),
            report_shares::shared_by.eq(shared_by.to_string()),
            report_shares::created_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Ids of reports shared with an organisation.
pub fn shared_with(conn: &mut DbConnection, organisation_id: Uuid) -> StoreResult<Vec<String>> {
    Ok(report_shares::table
        .filter(report_shares::organisation_id.eq(organisation_id.to_string()))
        .select(report_shares::report_id)
        .load(conn)?)
}

/// Records a break-glass grant for one user on one report, valid for [`BREAK_GLASS_HOURS`].
pub fn break_glass(
    conn: &mut DbConnection,
    report_id: Uuid,
    user_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<DateTime<Utc>> {
    let expires_at = now + Duration::hours(BREAK_GLASS_HOURS);
    diesel::insert_into(access_grants::table)
        .values((
            access_grants::id.eq(new_id().to_string()),
            access_grants::report_id.eq(report_id.to_string()),
            access_grants::user_id.eq(user_id.to_string()),
            access_grants::reason.eq(reason),
            access_grants::expires_at.eq(timestamp(expires_at)),
            access_grants::created_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(expires_at)
}

/// Ids of reports a user holds an unexpired break-glass grant for.
pub fn granted_to(
    conn: &mut DbConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Vec<String>> {
    Ok(access_grants::table
        .filter(access_grants::user_id.eq(user_id.to_string()))
        .filter(access_grants::expires_at.gt(timestamp(now)))
        .select(access_grants::report_id)
        .load(conn)?)
}

/// One inbox notification.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inbox)]
pub struct InboxRow {
    pub id: String,
    pub organisation_id: String,
    pub kind: String,
    pub report_id: Option<String>,
    pub match_id: Option<String>,
    pub detail: String,
    pub created_at: String,
    pub read_at: Option<String>,
}

/// Writes a notification to an organisation's inbox.
pub fn notify(
    conn: &mut DbConnection,
    organisation_id: &str,
    kind: &str,
    report_id: Option<&str>,
    match_id: Option<&str>,
    detail: &serde_json::Value,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(inbox::table)
        .values((
            inbox::id.eq(new_id().to_string()),
            inbox::organisation_id.eq(organisation_id),
            inbox::kind.eq(kind),
            inbox::report_id.eq(report_id),
            inbox::match_id.eq(match_id),
            inbox::detail.eq(detail.to_string()),
            inbox::created_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Newest notifications of an organisation, optionally unread only.
pub fn inbox_of(
    conn: &mut DbConnection,
    organisation_id: Uuid,
    unread_only: bool,
    limit: i64,
) -> StoreResult<Vec<InboxRow>> {
    let mut query = inbox::table
        .filter(inbox::organisation_id.eq(organisation_id.to_string()))
        .into_boxed();
    if unread_only {
        query = query.filter(inbox::read_at.is_null());
    }
    Ok(query
        .order(inbox::id.desc())
        .limit(limit)
        .select(InboxRow::as_select())
        .load(conn)?)
}

/// Marks a notification read; `false` when it is not in this organisation's inbox.
pub fn mark_read(
    conn: &mut DbConnection,
    organisation_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let updated = diesel::update(
        inbox::table
            .filter(inbox::id.eq(id.to_string()))
            .filter(inbox::organisation_id.eq(organisation_id.to_string())),
    )
    .set(inbox::read_at.eq(Some(timestamp(now))))
    .execute(conn)?;
    Ok(updated == 1)
}

impl InboxRow {
    pub fn id(&self) -> StoreResult<Uuid> {
        parse_uuid(&self.id)
    }

    pub fn created(&self) -> StoreResult<DateTime<Utc>> {
        parse_timestamp(&self.created_at)
    }
}
