//! Per-State matching settings.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::matching_settings;
use crate::{DbConnection, StoreResult, timestamp};

/// Every State's own threshold, as (state code, threshold).
pub fn thresholds(conn: &mut DbConnection) -> StoreResult<Vec<(u16, f64)>> {
    let rows: Vec<(i32, f64)> = matching_settings::table
        .select((matching_settings::state_code, matching_settings::threshold))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(state, threshold)| u16::try_from(state).ok().map(|s| (s, threshold)))
        .collect())
}

/// Sets a State's threshold, replacing an earlier one.
pub fn set_threshold(
    conn: &mut DbConnection,
    state_code: u16,
    threshold: f64,
    by: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::delete(
        matching_settings::table.filter(matching_settings::state_code.eq(i32::from(state_code))),
    )
    .execute(conn)?;
    diesel::insert_into(matching_settings::table)
        .values((
            matching_settings::state_code.eq(i32::from(state_code)),
            matching_settings::threshold.eq(threshold),
            matching_settings::updated_by.eq(by.to_string()),
            matching_settings::updated_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}
