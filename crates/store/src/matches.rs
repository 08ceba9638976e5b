//! Suggested pairs of a missing and a found report, and the decisions on them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use trackchild_domain::access::Actor;
use trackchild_domain::codes::{
    ConfirmBasis, FoundStatus, MatchStatus, MissingStatus, RejectReason,
};
use trackchild_domain::wire::{FieldContribution, MatchSuggestion};
use uuid::Uuid;

use crate::schema::matches;
use crate::{
    DbConnection, StoreError, StoreResult, events, new_id, parse_timestamp, parse_uuid, reports,
    timestamp,
};

/// How much a rejected pair's probability must rise before it is suggested again.
pub const REOPEN_MARGIN: f64 = 0.15;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = matches)]
pub struct MatchRow {
    pub id: String,
    pub missing_report_id: String,
    pub found_report_id: String,
    pub missing_owner_org_id: String,
    pub found_owner_org_id: String,
    pub probability: f64,
    pub status: String,
    pub explanation: String,
    pub basis: Option<String>,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl MatchRow {
    pub fn to_wire(&self) -> StoreResult<MatchSuggestion> {
        let bad = |what: &str| {
            StoreError::Internal(anyhow::anyhow!(
                "match {} has an unreadable {what}",
                self.id
            ))
        };
        let explanation: Vec<FieldContribution> =
            serde_json::from_str(&self.explanation).map_err(|_| bad("explanation"))?;
        let basis: Vec<ConfirmBasis> = match &self.basis {
            Some(text) => serde_json::from_str(text).map_err(|_| bad("basis"))?,
            None => Vec::new(),
        };
        Ok(MatchSuggestion {
            id: parse_uuid(&self.id)?,
            missing_report_id: parse_uuid(&self.missing_report_id)?,
            found_report_id: parse_uuid(&self.found_report_id)?,
            probability: self.probability,
            status: MatchStatus::parse(&self.status).ok_or_else(|| bad("status"))?,
            explanation,
            created_at: parse_timestamp(&self.created_at)?,
            updated_at: parse_timestamp(&self.updated_at)?,
            decided_at: self
                .decided_at
                .as_deref()
                .map(parse_timestamp)
                .transpose()?,
            decided_by: self.decided_by.as_deref().map(parse_uuid).transpose()?,
            basis,
            reason_code: self
                .reason_code
                .as_deref()
                .map(|c| RejectReason::parse(c).ok_or_else(|| bad("reason code")))
                .transpose()?,
            note: self.note.clone(),
        })
    }

    /// Returns whether the actor's organisation owns either report of the pair.
    pub fn is_party(&self, actor: &Actor) -> bool {
        let org = actor.organisation_id.to_string();
        self.missing_owner_org_id == org || self.found_owner_org_id == org
    }
}

/// A pair scored by the matcher, about to be stored.
pub struct Scored<'a> {
    pub missing_report_id: &'a str,
    pub found_report_id: &'a str,
    pub missing_owner_org_id: &'a str,
    pub found_owner_org_id: &'a str,
    pub probability: f64,
    pub explanation: &'a [FieldContribution],
}

/// What storing a scored pair did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new suggestion (or a rejected one brought back by clearly stronger evidence).
    New,
    /// An open suggestion got a new score.
    Rescored,
    /// Nothing changed: the pair was decided, or a rejected pair did not rise enough.
    Unchanged,
}

/// Stores a scored pair: inserts a suggestion, rescores an open one, and reopens a rejected one
/// only when the probability rose by at least [`REOPEN_MARGIN`].
pub fn upsert(
    conn: &mut DbConnection,
    scored: &Scored<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Upserted> {
    let explanation =
        serde_json::to_string(scored.explanation).map_err(|e| StoreError::Internal(e.into()))?;
    let existing: Option<MatchRow> = matches::table
        .filter(matches::missing_report_id.eq(scored.missing_report_id))
        .filter(matches::found_report_id.eq(scored.found_report_id))
        .select(MatchRow::as_select())
        .first(conn)
        .optional()?;
    let Some(existing) = existing else {
        let row = MatchRow {
            id: new_id().to_string(),
            missing_report_id: scored.missing_report_id.to_string(),
            found_report_id: scored.found_report_id.to_string(),
            missing_owner_org_id: scored.missing_owner_org_id.to_string(),
            found_owner_org_id: scored.found_owner_org_id.to_string(),
            probability: scored.probability,
            status: MatchStatus::Suggested.as_str().to_string(),
            explanation,
            basis: None,
            reason_code: None,
            note: None,
            decided_by: None,
            decided_at: None,
            created_at: timestamp(now),
            updated_at: timestamp(now),
        };
        diesel::insert_into(matches::table)
            .values(&row)
            .execute(conn)?;
        return Ok(Upserted::New);
    };
    let status = MatchStatus::parse(&existing.status);
    let reopen = status == Some(MatchStatus::Rejected)
        && scored.probability >= existing.probability + REOPEN_MARGIN;
    let rescore = status == Some(MatchStatus::Suggested)
        && (scored.probability - existing.probability).abs() > 1e-9;
    if !(reopen || rescore) {
        return Ok(Upserted::Unchanged);
    }
    diesel::update(matches::table.filter(matches::id.eq(&existing.id)))
        .set((
            matches::probability.eq(scored.probability),
            matches::explanation.eq(explanation),
            matches::status.eq(MatchStatus::Suggested.as_str()),
            matches::updated_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(if reopen {
        Upserted::New
    } else {
        Upserted::Rescored
    })
}

/// Suggestions of an open pair that fell below the threshold are withdrawn by deleting them;
/// decided pairs are kept. Returns how many were removed.
pub fn withdraw_open(
    conn: &mut DbConnection,
    missing_report_id: &str,
    found_report_id: &str,
) -> StoreResult<usize> {
    Ok(diesel::delete(
        matches::table
            .filter(matches::missing_report_id.eq(missing_report_id))
            .filter(matches::found_report_id.eq(found_report_id))
            .filter(matches::status.eq(MatchStatus::Suggested.as_str())),
    )
    .execute(conn)?)
}

/// Ids of the reports paired with `report_id` in open suggestions, so that a re-match can rescore
/// the ones its index query no longer returns.
pub fn open_partners(conn: &mut DbConnection, report_id: &str) -> StoreResult<Vec<String>> {
    let pairs: Vec<(String, String)> = matches::table
        .filter(matches::status.eq(MatchStatus::Suggested.as_str()))
        .filter(
            matches::missing_report_id
                .eq(report_id)
                .or(matches::found_report_id.eq(report_id)),
        )
        .select((matches::missing_report_id, matches::found_report_id))
        .load(conn)?;
    Ok(pairs
        .into_iter()
        .map(|(missing, found)| if missing == report_id { found } else { missing })
        .collect())
}

/// Distinct found reports that have at least one open suggestion.
pub fn found_with_open_suggestions(conn: &mut DbConnection) -> StoreResult<Vec<Uuid>> {
    let ids: Vec<String> = matches::table
        .filter(matches::status.eq(MatchStatus::Suggested.as_str()))
        .select(matches::found_report_id)
        .distinct()
        .load(conn)?;
    ids.iter().map(|id| parse_uuid(id)).collect()
}

/// All pairs involving one report, best first. The caller has already checked that the actor may
/// see the report.
pub fn for_report(
    conn: &mut DbConnection,
    report_id: Uuid,
    limit: i64,
) -> StoreResult<Vec<MatchRow>> {
    let id = report_id.to_string();
    Ok(matches::table
        .filter(
            matches::missing_report_id
                .eq(&id)
                .or(matches::found_report_id.eq(&id)),
        )
        .order((matches::probability.desc(), matches::id.asc()))
        .limit(limit)
        .select(MatchRow::as_select())
        .load(conn)?)
}

/// Pairs the actor's organisation is party to, optionally of one status, best first, starting
/// after the pair `after` of the previous page. Returns the page and the id to continue after.
pub fn for_party(
    conn: &mut DbConnection,
    actor: &Actor,
    status: Option<MatchStatus>,
    after: Option<Uuid>,
    limit: i64,
) -> StoreResult<(Vec<MatchRow>, Option<Uuid>)> {
    let org = actor.organisation_id.to_string();
    let mut query = matches::table
        .filter(
            matches::missing_owner_org_id
                .eq(org.clone())
                .or(matches::found_owner_org_id.eq(org)),
        )
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(matches::status.eq(status.as_str()));
    }
    if let Some(after) = after {
        let cursor: (f64, String) = matches::table
            .filter(matches::id.eq(after.to_string()))
            .select((matches::probability, matches::id))
            .first(conn)
            .optional()?
            .ok_or(StoreError::NotFound)?;
        query = query.filter(
            matches::probability.lt(cursor.0).or(matches::probability
                .eq(cursor.0)
                .and(matches::id.gt(cursor.1))),
        );
    }
    let mut rows: Vec<MatchRow> = query
        .order((matches::probability.desc(), matches::id.asc()))
        .limit(limit + 1)
        .select(MatchRow::as_select())
        .load(conn)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next = if more {
        rows.last().map(|r| parse_uuid(&r.id)).transpose()?
    } else {
        None
    };
    Ok((rows, next))
}

/// Loads a pair the actor may see: party to it, or able to see both reports.
pub fn get(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> StoreResult<MatchRow> {
    let row: MatchRow = matches::table
        .filter(matches::id.eq(id.to_string()))
        .select(MatchRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    if row.is_party(actor) {
        return Ok(row);
    }
    let missing = reports::get(
        conn,
        actor,
        trackchild_domain::codes::ReportKind::Missing,
        parse_uuid(&row.missing_report_id)?,
    );
    let found = reports::get(
        conn,
        actor,
        trackchild_domain::codes::ReportKind::Found,
        parse_uuid(&row.found_report_id)?,
    );
    match (missing, found) {
        (Ok(_), Ok(_)) => Ok(row),
        _ => Err(StoreError::NotFound),
    }
}

/// Confirms a suggestion: links both reports and moves the missing one to `traced` and the found
/// one to `family_traced`. Fails with a conflict when the pair is not open or either child is
/// already linked, which also stops two officers confirming one found child twice.
pub fn confirm(
    conn: &mut DbConnection,
    row: &MatchRow,
    actor: Uuid,
    basis: &[ConfirmBasis],
    note: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<MatchRow> {
    let basis = serde_json::to_string(basis).map_err(|e| StoreError::Internal(e.into()))?;
    decide(
        conn,
        row,
        MatchStatus::Confirmed,
        actor,
        Some(&basis),
        None,
        note,
        now,
    )?;
    let missing_linked = reports::link(
        conn,
        &row.missing_report_id,
        MissingStatus::Traced.as_str(),
        &row.found_report_id,
        now,
    )?;
    let found_linked = reports::link(
        conn,
        &row.found_report_id,
        FoundStatus::FamilyTraced.as_str(),
        &row.missing_report_id,
        now,
    )?;
    if !(missing_linked && found_linked) {
        return Err(StoreError::Conflict(
            "one of the two children is already linked to another report".into(),
        ));
    }
    let detail = serde_json::json!({"match_id": row.id, "decision": "confirmed"});
    events::append(
        conn,
        parse_uuid(&row.missing_report_id)?,
        Some(actor),
        "match_confirmed",
        &detail,
        now,
    )?;
    events::append(
        conn,
        parse_uuid(&row.found_report_id)?,
        Some(actor),
        "match_confirmed",
        &detail,
        now,
    )?;
    reload(conn, &row.id)
}

/// Rejects a suggestion with a reason code and note.
pub fn reject(
    conn: &mut DbConnection,
    row: &MatchRow,
    actor: Uuid,
    reason: RejectReason,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<MatchRow> {
    decide(
        conn,
        row,
        MatchStatus::Rejected,
        actor,
        None,
        Some(reason.as_str()),
        note,
        now,
    )?;
    let detail = serde_json::json!({"match_id": row.id, "decision": "rejected", "reason_code": reason.as_str()});
    events::append(
        conn,
        parse_uuid(&row.missing_report_id)?,
        Some(actor),
        "match_rejected",
        &detail,
        now,
    )?;
    events::append(
        conn,
        parse_uuid(&row.found_report_id)?,
        Some(actor),
        "match_rejected",
        &detail,
        now,
    )?;
    reload(conn, &row.id)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one column per argument of the decision"
)]
fn decide(
    conn: &mut DbConnection,
    row: &MatchRow,
    status: MatchStatus,
    actor: Uuid,
    basis: Option<&str>,
    reason: Option<&str>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    // Only an open suggestion can be decided; the status condition makes a concurrent second
    // decision update nothing.
    let updated = diesel::update(
        matches::table
            .filter(matches::id.eq(&row.id))
            .filter(matches::status.eq(MatchStatus::Suggested.as_str())),
    )
    .set((
        matches::status.eq(status.as_str()),
        matches::basis.eq(basis),
        matches::reason_code.eq(reason),
        matches::note.eq(note),
        matches::decided_by.eq(Some(actor.to_string())),
        matches::decided_at.eq(Some(timestamp(now))),
        matches::updated_at.eq(timestamp(now)),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(StoreError::Conflict(
            "this suggestion has already been decided".into(),
        ));
    }
    Ok(())
}

fn reload(conn: &mut DbConnection, id: &str) -> StoreResult<MatchRow> {
    Ok(matches::table
        .filter(matches::id.eq(id))
        .select(MatchRow::as_select())
        .first(conn)?)
}

/// Stores a pair an officer proposed, whatever its score. A conflict when the pair exists.
pub fn propose(
    conn: &mut DbConnection,
    scored: &Scored<'_>,
    actor: Uuid,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<MatchRow> {
    let exists: i64 = matches::table
        .filter(matches::missing_report_id.eq(scored.missing_report_id))
        .filter(matches::found_report_id.eq(scored.found_report_id))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Err(StoreError::Conflict(
            "this pair is already suggested or decided; open it instead".into(),
        ));
    }
    let explanation =
        serde_json::to_string(scored.explanation).map_err(|e| StoreError::Internal(e.into()))?;
    let row = MatchRow {
        id: new_id().to_string(),
        missing_report_id: scored.missing_report_id.to_string(),
        found_report_id: scored.found_report_id.to_string(),
        missing_owner_org_id: scored.missing_owner_org_id.to_string(),
        found_owner_org_id: scored.found_owner_org_id.to_string(),
        probability: scored.probability,
        status: MatchStatus::Suggested.as_str().to_string(),
        explanation,
        basis: None,
        reason_code: None,
        note: note.map(str::to_string),
        decided_by: None,
        decided_at: None,
        created_at: timestamp(now),
        updated_at: timestamp(now),
    };
    diesel::insert_into(matches::table)
        .values(&row)
        .execute(conn)?;
    let detail = serde_json::json!({"match_id": row.id, "proposed_by": actor});
    events::append(
        conn,
        parse_uuid(&row.missing_report_id)?,
        Some(actor),
        "match_proposed",
        &detail,
        now,
    )?;
    events::append(
        conn,
        parse_uuid(&row.found_report_id)?,
        Some(actor),
        "match_proposed",
        &detail,
        now,
    )?;
    Ok(row)
}

/// Undoes a confirmation: the pair becomes `unlinked`, both reports lose their link and return to
/// their open status (`fir_registered` or `reported`; `reported`). A conflict when the pair is not
/// confirmed.
pub fn unlink(
    conn: &mut DbConnection,
    row: &MatchRow,
    actor: Uuid,
    note: &str,
    now: DateTime<Utc>,
) -> StoreResult<MatchRow> {
    let updated = diesel::update(
        matches::table
            .filter(matches::id.eq(&row.id))
            .filter(matches::status.eq(MatchStatus::Confirmed.as_str())),
    )
    .set((
        matches::status.eq(MatchStatus::Unlinked.as_str()),
        matches::note.eq(Some(note)),
        matches::decided_by.eq(Some(actor.to_string())),
        matches::decided_at.eq(Some(timestamp(now))),
        matches::updated_at.eq(timestamp(now)),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(StoreError::Conflict(
            "only a confirmed pair can be unlinked".into(),
        ));
    }
    let missing = reports::get_any(conn, parse_uuid(&row.missing_report_id)?)?;
    let missing_status = if missing.row.fir_number.is_some() {
        MissingStatus::FirRegistered
    } else {
        MissingStatus::Reported
    };
    reports::unlink(conn, &row.missing_report_id, missing_status.as_str(), now)?;
    reports::unlink(
        conn,
        &row.found_report_id,
        FoundStatus::Reported.as_str(),
        now,
    )?;
    let detail = serde_json::json!({"match_id": row.id, "decision": "unlinked"});
    events::append(
        conn,
        parse_uuid(&row.missing_report_id)?,
        Some(actor),
        "match_unlinked",
        &detail,
        now,
    )?;
    events::append(
        conn,
        parse_uuid(&row.found_report_id)?,
        Some(actor),
        "match_unlinked",
        &detail,
        now,
    )?;
    reload(conn, &row.id)
}

/// Lists every decided pair as `(missing report id, found report id, confirmed)`, for refitting the
/// matcher's model. Undone confirmations count as rejections.
pub fn decided_pairs(conn: &mut DbConnection) -> StoreResult<Vec<(String, String, bool)>> {
    let rows: Vec<(String, String, String)> = matches::table
        .filter(matches::status.eq_any([
            MatchStatus::Confirmed.as_str(),
            MatchStatus::Rejected.as_str(),
            MatchStatus::Unlinked.as_str(),
        ]))
        .select((
            matches::missing_report_id,
            matches::found_report_id,
            matches::status,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(missing, found, status)| {
            let confirmed = status == MatchStatus::Confirmed.as_str();
            (missing, found, confirmed)
        })
        .collect())
}
