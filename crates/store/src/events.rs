//! The case history: one row per change to a child's record (who, when, what).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::case_events;
use crate::{DbConnection, StoreResult, new_id, timestamp};

/// One entry of a report's history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_events)]
pub struct CaseEventRow {
    pub id: String,
    pub report_id: String,
    pub actor_user_id: Option<String>,
    pub action: String,
    pub detail: String,
    pub at: String,
}

/// Appends an event; `detail` carries ids and codes, never names or phone numbers.
pub fn append(
    conn: &mut DbConnection,
    report_id: Uuid,
    actor: Option<Uuid>,
    action: &str,
    detail: &serde_json::Value,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(case_events::table)
        .values((
            case_events::id.eq(new_id().to_string()),
            case_events::report_id.eq(report_id.to_string()),
            case_events::actor_user_id.eq(actor.map(|a| a.to_string())),
            case_events::action.eq(action),
            case_events::detail.eq(detail.to_string()),
            case_events::at.eq(timestamp(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The history of one report, oldest first.
pub fn history(conn: &mut DbConnection, report_id: Uuid) -> StoreResult<Vec<CaseEventRow>> {
    Ok(case_events::table
        .filter(case_events::report_id.eq(report_id.to_string()))
        .order((case_events::at.asc(), case_events::id.asc()))
        .select(CaseEventRow::as_select())
        .load(conn)?)
}
