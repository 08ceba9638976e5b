//! The re-match queue: a write enqueues its report here in the same transaction, so a restart
//! loses no pending matching work.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::match_jobs;
use crate::{DbConnection, StoreResult, new_id, parse_uuid, timestamp};

/// Enqueues a re-match of `report_id`.
pub fn enqueue(conn: &mut DbConnection, report_id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::insert_into(match_jobs::table)
        .values((
            match_jobs::id.eq(new_id().to_string()),
            match_jobs::report_id.eq(report_id.to_string()),
            match_jobs::enqueued_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` pending jobs, oldest first, as (job id, report id).
pub fn pending(conn: &mut DbConnection, limit: i64) -> StoreResult<Vec<(String, Uuid)>> {
    let rows: Vec<(String, String)> = match_jobs::table
        .filter(match_jobs::done_at.is_null())
        .order(match_jobs::id.asc())
        .limit(limit)
        .select((match_jobs::id, match_jobs::report_id))
        .load(conn)?;
    rows.into_iter()
        .map(|(job, report)| Ok((job, parse_uuid(&report)?)))
        .collect()
}

/// Marks jobs done.
pub fn complete(
    conn: &mut DbConnection,
    job_ids: &[String],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(match_jobs::table.filter(match_jobs::id.eq_any(job_ids)))
        .set(match_jobs::done_at.eq(Some(timestamp(now))))
        .execute(conn)?;
    Ok(())
}

/// Number of jobs not yet done.
pub fn pending_count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(match_jobs::table
        .filter(match_jobs::done_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Number of jobs ever enqueued for one report, done or not.
pub fn count_for_report(conn: &mut DbConnection, report_id: Uuid) -> StoreResult<i64> {
    Ok(match_jobs::table
        .filter(match_jobs::report_id.eq(report_id.to_string()))
        .count()
        .get_result(conn)?)
}

/// Distinct reports with a job not yet done.
pub fn pending_reports(conn: &mut DbConnection) -> StoreResult<std::collections::HashSet<Uuid>> {
    let ids: Vec<String> = match_jobs::table
        .filter(match_jobs::done_at.is_null())
        .select(match_jobs::report_id)
        .distinct()
        .load(conn)?;
    ids.iter().map(|id| parse_uuid(id)).collect()
}
