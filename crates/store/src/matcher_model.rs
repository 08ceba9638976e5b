//! The matcher's last fitted model. A restarted server scores with it at once, instead of with
//! the hand-written weights until its first fit ends and then rescoring every stored suggestion.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::schema::matcher_models;
use crate::{DbConnection, StoreResult, timestamp};

/// Id of the table's only row.
const ROW: i32 = 1;

/// A fitted model as stored: the model as JSON and what the fit measured. It contains no child
/// data, only level rates and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredModel {
    /// The prior and the m and u tables, as `trackchild_domain::matching::Model` writes them.
    pub model_json: String,
    pub shift_bits: f64,
    pub expected_true_pairs: f64,
    pub candidate_pairs: i64,
    pub decisions: i64,
}

/// Replaces the stored model.
pub fn save(conn: &mut DbConnection, model: &StoredModel, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::delete(matcher_models::table).execute(conn)?;
    diesel::insert_into(matcher_models::table)
        .values((
            matcher_models::id.eq(ROW),
            matcher_models::model.eq(&model.model_json),
            matcher_models::shift_bits.eq(model.shift_bits),
            matcher_models::expected_true_pairs.eq(model.expected_true_pairs),
            matcher_models::candidate_pairs.eq(model.candidate_pairs),
            matcher_models::decisions.eq(model.decisions),
            matcher_models::fitted_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Returns the stored model, if a fit has stored one.
pub fn load(conn: &mut DbConnection) -> StoreResult<Option<StoredModel>> {
    let row: Option<(String, f64, f64, i64, i64)> = matcher_models::table
        .filter(matcher_models::id.eq(ROW))
        .select((
            matcher_models::model,
            matcher_models::shift_bits,
            matcher_models::expected_true_pairs,
            matcher_models::candidate_pairs,
            matcher_models::decisions,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(model_json, shift_bits, expected_true_pairs, candidate_pairs, decisions)| StoredModel {
            model_json,
            shift_bits,
            expected_true_pairs,
            candidate_pairs,
            decisions,
        },
    ))
}
