//! Missing and found reports: one table with a `kind` column, and the report body as JSON.
//!
//! Every read takes the acting user and filters by their jurisdiction in SQL. Only suggestions
//! their organisation is party to, shares with it and their own break-glass grants widen that
//! view. A row outside it is [`StoreError::NotFound`], exactly like an id that does not exist.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use trackchild_domain::access::{Actor, DataClass, Link, ReadSpan};
use trackchild_domain::case_number::{CaseKind, CaseNumber};
use trackchild_domain::codes::{FoundStatus, MissingStatus, ReportKind};
use trackchild_domain::geo::geography;
use trackchild_domain::wire::{FoundReport, MissingReport, Owner};
use uuid::Uuid;

use crate::connection::MultiBackend;
use crate::orgs::OrganisationRow;
use crate::schema::{case_sequences, matches, organisations, reports};
use crate::{
    DbConnection, StoreError, StoreResult, events, jobs, new_id, parse_timestamp, parse_uuid,
    timestamp,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: String,
    pub kind: String,
    pub case_number: String,
    pub version: i64,
    pub status: String,
    pub owner_org_id: String,
    pub owner_state_code: i32,
    pub owner_district_code: Option<i32>,
    pub event_date: String,
    pub name_latin: Option<String>,
    pub fir_number: Option<String>,
    pub body: String,
    pub linked_report_id: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub name_keys: String,
    pub phone_digits: Option<String>,
}

/// A stored report with its owning organisation.
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub row: ReportRow,
    pub owner: OrganisationRow,
}

impl StoredReport {
    pub fn id(&self) -> StoreResult<Uuid> {
        parse_uuid(&self.row.id)
    }

    pub fn kind(&self) -> StoreResult<ReportKind> {
        ReportKind::parse(&self.row.kind)
            .ok_or_else(|| internal(format!("unknown report kind {:?}", self.row.kind)))
    }

    /// The report body as a JSON object in the shape of its create request.
    pub fn body_json(&self) -> StoreResult<serde_json::Value> {
        serde_json::from_str(&self.row.body)
            .map_err(|e| internal(format!("stored body of {} is not JSON: {e}", self.row.id)))
    }

    pub fn to_missing(&self) -> StoreResult<MissingReport> {
        Ok(MissingReport {
            id: self.id()?,
            case_number: self.row.case_number.clone(),
            version: self.row.version,
            status: MissingStatus::parse(&self.row.status)
                .ok_or_else(|| internal(format!("unknown status {:?}", self.row.status)))?,
            report: parse_body(&self.row)?,
            owner: self.owner_wire()?,
            linked_found_report_id: self
                .row
                .linked_report_id
                .as_deref()
                .map(parse_uuid)
                .transpose()?,
            created_at: parse_timestamp(&self.row.created_at)?,
            updated_at: parse_timestamp(&self.row.updated_at)?,
            redacted: Vec::new(),
            possible_duplicates: Vec::new(),
        })
    }

    pub fn to_found(&self) -> StoreResult<FoundReport> {
        Ok(FoundReport {
            id: self.id()?,
            case_number: self.row.case_number.clone(),
            version: self.row.version,
            status: FoundStatus::parse(&self.row.status)
                .ok_or_else(|| internal(format!("unknown status {:?}", self.row.status)))?,
            report: parse_body(&self.row)?,
            owner: self.owner_wire()?,
            linked_missing_report_id: self
                .row
                .linked_report_id
                .as_deref()
                .map(parse_uuid)
                .transpose()?,
            created_at: parse_timestamp(&self.row.created_at)?,
            updated_at: parse_timestamp(&self.row.updated_at)?,
            redacted: Vec::new(),
            possible_duplicates: Vec::new(),
        })
    }

    fn owner_wire(&self) -> StoreResult<Owner> {
        Ok(Owner {
            organisation_id: parse_uuid(&self.owner.id)?,
            organisation_name: self.owner.name.clone(),
            state_code: u16::try_from(self.row.owner_state_code)
                .map_err(|_| internal("owner state code out of range".into()))?,
            district_code: self
                .row
                .owner_district_code
                .and_then(|c| u16::try_from(c).ok()),
        })
    }
}

fn parse_body<T: DeserializeOwned>(row: &ReportRow) -> StoreResult<T> {
    serde_json::from_str(&row.body)
        .map_err(|e| internal(format!("stored body of {} does not parse: {e}", row.id)))
}

fn internal(message: String) -> StoreError {
    StoreError::Internal(anyhow::anyhow!(message))
}

/// A report about to be inserted.
pub struct NewReport<'a, B: Serialize> {
    pub kind: ReportKind,
    pub body: &'a B,
    pub status: &'a str,
    pub event_date: NaiveDate,
    pub name_latin: Option<&'a str>,
    pub fir_number: Option<&'a str>,
    /// Phonetic keys of the child's names, from `trackchild_domain::search::name_search_keys`.
    pub name_keys: &'a str,
    pub phone_digits: Option<&'a str>,
    pub owner: &'a OrganisationRow,
    pub created_by: Uuid,
    pub now: DateTime<Utc>,
    /// Year of the case number: the year where the report is filed (India's calendar), which
    /// differs from `now`'s UTC year for five and a half hours around New Year.
    pub case_year: i32,
}

/// Inserts a report with a freshly allocated case number, its `created` case event and a re-match
/// job, all in the caller's transaction.
pub fn insert<B: Serialize>(
    conn: &mut DbConnection,
    new: &NewReport<'_, B>,
) -> StoreResult<StoredReport> {
    let body = serde_json::to_string(new.body)
        .map_err(|e| internal(format!("serialising report body: {e}")))?;
    let case_number = allocate_case_number(conn, new.owner, new.kind, new.case_year)?;
    let id = new_id();
    let row = ReportRow {
        id: id.to_string(),
        kind: new.kind.as_str().to_string(),
        case_number,
        version: 1,
        status: new.status.to_string(),
        owner_org_id: new.owner.id.clone(),
        owner_state_code: new
            .owner
            .state_code
            .ok_or_else(|| internal("a reporting unit has a state".into()))?,
        owner_district_code: new.owner.district_code,
        event_date: new.event_date.to_string(),
        name_latin: new.name_latin.map(str::to_string),
        fir_number: new.fir_number.map(str::to_string),
        body,
        linked_report_id: None,
        created_by: new.created_by.to_string(),
        created_at: timestamp(new.now),
        updated_at: timestamp(new.now),
        name_keys: new.name_keys.to_string(),
        phone_digits: new.phone_digits.map(str::to_string),
    };
    diesel::insert_into(reports::table)
        .values(&row)
        .execute(conn)?;
    events::append(
        conn,
        id,
        Some(new.created_by),
        "created",
        &serde_json::json!({"case_number": row.case_number}),
        new.now,
    )?;
    jobs::enqueue(conn, id, new.now)?;
    Ok(StoredReport {
        row,
        owner: new.owner.clone(),
    })
}

/// Allocates the next case number for the owner's district, the year and the kind.
fn allocate_case_number(
    conn: &mut DbConnection,
    owner: &OrganisationRow,
    kind: ReportKind,
    year: i32,
) -> StoreResult<String> {
    let state_code = owner
        .state_code
        .ok_or_else(|| internal("a reporting unit has a state".into()))?;
    let district = owner.district_code.unwrap_or(0);
    let kind_code = match kind {
        ReportKind::Missing => CaseKind::Missing,
        ReportKind::Found => CaseKind::Found,
    };
    // The update takes the row lock on PostgreSQL, so concurrent allocations in one district wait
    // for each other instead of reading the same value.
    let key = case_sequences::table
        .filter(case_sequences::district_code.eq(district))
        .filter(case_sequences::year.eq(year))
        .filter(case_sequences::kind.eq(kind_code.code()));
    let updated = diesel::update(key)
        .set(case_sequences::last_value.eq(case_sequences::last_value + 1))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(case_sequences::table)
            .values((
                case_sequences::district_code.eq(district),
                case_sequences::year.eq(year),
                case_sequences::kind.eq(kind_code.code()),
                case_sequences::last_value.eq(1_i64),
            ))
            .execute(conn)?;
    }
    let sequence: i64 = key.select(case_sequences::last_value).first(conn)?;
    let state = geography()
        .state(u16::try_from(state_code).map_err(|_| internal("state code out of range".into()))?)
        .ok_or_else(|| {
            internal(format!(
                "owner state {state_code} is not in the reference geography"
            ))
        })?;
    let sequence = u32::try_from(sequence)
        .map_err(|_| StoreError::Conflict("case number sequence exhausted".into()))?;
    let district =
        u16::try_from(district).map_err(|_| internal("district code out of range".into()))?;
    CaseNumber::new(state.iso_suffix(), district, year, kind_code, sequence)
        .map(|n| n.to_string())
        .ok_or_else(|| {
            StoreError::Conflict(format!(
                "case number sequence for district {district} in {year} is exhausted"
            ))
        })
}

type Visible<'a> = reports::BoxedQuery<'a, MultiBackend>;

/// Narrows a boxed report query to a read span, optionally widened by a subquery of ids the
/// actor's unit is party to and by a list of shared or break-glass ids. A macro rather than a
/// function because each subquery has its own concrete type, and diesel cannot box a subquery for
/// the multi-backend connection.
macro_rules! span_filter {
    ($query:expr, $span:expr, $links:expr, $party:expr) => {{
        let links: Option<Vec<String>> = $links;
        match ($span, links) {
            (ReadSpan::Nation, _) => $query,
            (ReadSpan::State(state), None) => {
                $query.filter(reports::owner_state_code.eq(i32::from(state)))
            }
            (ReadSpan::State(state), Some(ids)) => $query.filter(
                reports::owner_state_code
                    .eq(i32::from(state))
                    .or(reports::id.eq_any($party))
                    .or(reports::id.eq_any(ids)),
            ),
            (ReadSpan::District(district), None) => {
                $query.filter(reports::owner_district_code.eq(i32::from(district)))
            }
            (ReadSpan::District(district), Some(ids)) => $query.filter(
                reports::owner_district_code
                    .eq(i32::from(district))
                    .or(reports::id.eq_any($party))
                    .or(reports::id.eq_any(ids)),
            ),
            (ReadSpan::Unit(org), None) => $query.filter(reports::owner_org_id.eq(org.to_string())),
            (ReadSpan::Unit(org), Some(ids)) => $query.filter(
                reports::owner_org_id
                    .eq(org.to_string())
                    .or(reports::id.eq_any($party))
                    .or(reports::id.eq_any(ids)),
            ),
            (ReadSpan::Nothing, None) => $query.filter(reports::id.eq_any(Vec::<String>::new())),
            (ReadSpan::Nothing, Some(ids)) => {
                $query.filter(reports::id.eq_any($party).or(reports::id.eq_any(ids)))
            }
        }
    }};
}

/// Builds the query of reports of `kind` the actor may read. These are the reports inside their
/// read span and, when `links` is given, those linked to them: party to one of their unit's
/// suggestions, or among `links` (the ids shared with their unit or opened by their break-glass).
fn visible<'a>(actor: &Actor, kind: ReportKind, links: Option<Vec<String>>) -> Visible<'a> {
    // A unit whose role has no record access to this class is never widened by being party to a
    // suggestion: the empty organisation id matches no row.
    let org = if actor.reads_linked(class_of(kind)) {
        actor.organisation_id.to_string()
    } else {
        String::new()
    };
    let query = reports::table
        .filter(reports::kind.eq(kind.as_str()))
        .into_boxed();
    let span = actor.read_span(class_of(kind));
    match kind {
        ReportKind::Missing => {
            let party = matches::table
                .filter(matches::found_owner_org_id.eq(org))
                .select(matches::missing_report_id);
            span_filter!(query, span, links, party)
        }
        ReportKind::Found => {
            let party = matches::table
                .filter(matches::missing_owner_org_id.eq(org))
                .select(matches::found_report_id);
            span_filter!(query, span, links, party)
        }
    }
}

/// The data class of a report kind in the access matrix.
pub fn class_of(kind: ReportKind) -> DataClass {
    match kind {
        ReportKind::Missing => DataClass::MissingEfile,
        ReportKind::Found => DataClass::FoundBasic,
    }
}

/// Ids opened to this actor beyond their span: shares with their unit (when their role reads
/// linked records of this class) and their unexpired break-glass grants.
fn linked_ids(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: ReportKind,
) -> StoreResult<Vec<String>> {
    let mut ids = crate::sharing::granted_to(conn, actor.user_id, Utc::now())?;
    if actor.reads_linked(class_of(kind)) {
        ids.extend(crate::sharing::shared_with(conn, actor.organisation_id)?);
    }
    Ok(ids)
}

/// How the actor reaches one readable report, for the access decision and the audit trail.
pub fn link_of(conn: &mut DbConnection, actor: &Actor, report: &StoredReport) -> StoreResult<Link> {
    let granted = crate::sharing::granted_to(conn, actor.user_id, Utc::now())?;
    if granted.contains(&report.row.id) {
        return Ok(Link::BreakGlass);
    }
    let org = actor.organisation_id.to_string();
    let party: i64 = matches::table
        .filter(
            matches::missing_report_id
                .eq(&report.row.id)
                .and(matches::found_owner_org_id.eq(&org))
                .or(matches::found_report_id
                    .eq(&report.row.id)
                    .and(matches::missing_owner_org_id.eq(&org))),
        )
        .count()
        .get_result(conn)?;
    let shared = crate::sharing::shared_with(conn, actor.organisation_id)?.contains(&report.row.id);
    Ok(if party > 0 || shared {
        Link::PartyOrShared
    } else {
        Link::None
    })
}

/// Loads one report the actor may read.
pub fn get(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: ReportKind,
    id: Uuid,
) -> StoreResult<StoredReport> {
    let links = linked_ids(conn, actor, kind)?;
    let row: ReportRow = visible(actor, kind, Some(links))
        .filter(reports::id.eq(id.to_string()))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    with_owner(conn, row)
}

/// Loads one report by id whatever the caller, for workers.
pub fn get_any(conn: &mut DbConnection, id: Uuid) -> StoreResult<StoredReport> {
    let row: ReportRow = reports::table
        .filter(reports::id.eq(id.to_string()))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    with_owner(conn, row)
}

fn with_owner(conn: &mut DbConnection, row: ReportRow) -> StoreResult<StoredReport> {
    let owner = crate::orgs::find_organisation(conn, &row.owner_org_id)?;
    Ok(StoredReport { row, owner })
}

/// Filters for a report list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only reports with this status code.
    pub status: Option<String>,
    /// Only reports owned by the caller's organisation.
    pub mine: bool,
}

/// Lists reports of `kind` inside the actor's scope, newest first; `cursor` is the last id of the
/// previous page. Returns the page and the cursor of the next one.
pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: ReportKind,
    filter: &ListFilter,
    cursor: Option<Uuid>,
    limit: i64,
) -> StoreResult<(Vec<StoredReport>, Option<Uuid>)> {
    let mut query = visible(actor, kind, None);
    if let Some(status) = &filter.status {
        query = query.filter(reports::status.eq(status.clone()));
    }
    if filter.mine {
        query = query.filter(reports::owner_org_id.eq(actor.organisation_id.to_string()));
    }
    if let Some(cursor) = cursor {
        query = query.filter(reports::id.lt(cursor.to_string()));
    }
    let rows: Vec<ReportRow> = query
        .order(reports::id.desc())
        .limit(limit + 1)
        .select(ReportRow::as_select())
        .load(conn)?;
    page_with_owners(conn, rows, limit)
}

fn page_with_owners(
    conn: &mut DbConnection,
    mut rows: Vec<ReportRow>,
    limit: i64,
) -> StoreResult<(Vec<StoredReport>, Option<Uuid>)> {
    let has_more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next = if has_more {
        rows.last().map(|r| parse_uuid(&r.id)).transpose()?
    } else {
        None
    };
    let owner_ids: Vec<String> = rows.iter().map(|r| r.owner_org_id.clone()).collect();
    let owners: Vec<OrganisationRow> = organisations::table
        .filter(organisations::id.eq_any(owner_ids))
        .select(OrganisationRow::as_select())
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let owner = owners
                .iter()
                .find(|o| o.id == row.owner_org_id)
                .cloned()
                .ok_or_else(|| internal(format!("owner of {} is missing", row.id)))?;
            Ok(StoredReport { row, owner })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok((items, next))
}

/// The changed parts of a report after a validated merge patch.
pub struct ReportUpdate<'a, B: Serialize> {
    pub body: &'a B,
    pub status: &'a str,
    pub event_date: NaiveDate,
    pub name_latin: Option<&'a str>,
    pub fir_number: Option<&'a str>,
    pub name_keys: &'a str,
    pub phone_digits: Option<&'a str>,
}

/// Replaces the body of a report if its version is still `expected_version`, bumps the version,
/// appends an `updated` case event and enqueues a re-match.
pub fn update<B: Serialize>(
    conn: &mut DbConnection,
    report: &StoredReport,
    expected_version: i64,
    change: &ReportUpdate<'_, B>,
    actor: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<StoredReport> {
    let body = serde_json::to_string(change.body)
        .map_err(|e| internal(format!("serialising report body: {e}")))?;
    let updated = diesel::update(
        reports::table
            .filter(reports::id.eq(&report.row.id))
            .filter(reports::version.eq(expected_version)),
    )
    .set((
        reports::body.eq(&body),
        reports::status.eq(change.status),
        reports::event_date.eq(change.event_date.to_string()),
        reports::name_latin.eq(change.name_latin),
        reports::fir_number.eq(change.fir_number),
        reports::name_keys.eq(change.name_keys),
        reports::phone_digits.eq(change.phone_digits),
        reports::version.eq(reports::version + 1),
        reports::updated_at.eq(timestamp(now)),
    ))
    .execute(conn)?;
    if updated == 0 {
        let current = reports::table
            .filter(reports::id.eq(&report.row.id))
            .select(reports::version)
            .first(conn)?;
        return Err(StoreError::VersionMismatch { current });
    }
    let id = report.id()?;
    events::append(
        conn,
        id,
        Some(actor),
        "updated",
        &serde_json::json!({"from_version": expected_version}),
        now,
    )?;
    jobs::enqueue(conn, id, now)?;
    let row = reports::table
        .filter(reports::id.eq(&report.row.id))
        .select(ReportRow::as_select())
        .first(conn)?;
    Ok(StoredReport {
        row,
        owner: report.owner.clone(),
    })
}

/// Sets status and link of a report, only if it is not linked yet. Returns `false` when another
/// decision linked it first.
pub fn link(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    linked_to: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let updated = diesel::update(
        reports::table
            .filter(reports::id.eq(id))
            .filter(reports::linked_report_id.is_null()),
    )
    .set((
        reports::status.eq(status),
        reports::linked_report_id.eq(Some(linked_to)),
        reports::version.eq(reports::version + 1),
        reports::updated_at.eq(timestamp(now)),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Open reports of both kinds (not yet linked), for loading the matcher index at start.
pub fn open_reports(conn: &mut DbConnection) -> StoreResult<Vec<ReportRow>> {
    Ok(reports::table
        .filter(reports::linked_report_id.is_null())
        .select(ReportRow::as_select())
        .load(conn)?)
}

/// Counts reports of one kind, for metrics and demo seeding.
pub fn count(conn: &mut DbConnection, kind: ReportKind) -> StoreResult<i64> {
    Ok(reports::table
        .filter(reports::kind.eq(kind.as_str()))
        .count()
        .get_result(conn)?)
}

/// One way a search can hit a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion {
    CaseNumber(String),
    FirNumber(String),
    /// Last ten digits of a phone number.
    Phone(String),
    /// Phonetic keys that must all be among the child's name keys.
    NameKeys(Vec<String>),
}

fn apply_criterion<'a>(query: Visible<'a>, criterion: &Criterion) -> Visible<'a> {
    match criterion {
        Criterion::CaseNumber(number) => query.filter(reports::case_number.eq(number.clone())),
        Criterion::FirNumber(number) => query.filter(reports::fir_number.eq(number.clone())),
        Criterion::Phone(digits) => query.filter(reports::phone_digits.eq(digits.clone())),
        Criterion::NameKeys(keys) => keys.iter().fold(query, |q, key| {
            q.filter(reports::name_keys.like(format!("% {} %", escape_like(key))))
        }),
    }
}

/// Escapes LIKE wildcards; phonetic keys are plain letters, so this is defence in depth.
fn escape_like(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// A hit outside the actor's view: only what identifies the case, never the child. The query
/// selects these columns alone, so the child's record never leaves the database.
#[derive(Debug, Clone, Queryable)]
pub struct CardRow {
    pub id: String,
    pub case_number: String,
    pub status: String,
    pub owner_org_id: String,
    pub owner_state_code: i32,
    pub owner_district_code: Option<i32>,
    pub event_date: String,
}

/// Search results: full records inside the actor's view and minimal cards of hits outside it.
pub struct SearchHits {
    pub visible: Vec<StoredReport>,
    pub outside: Vec<CardRow>,
}

/// Finds reports of `kind` meeting any criterion, at most `limit` of each part.
pub fn search(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: ReportKind,
    criteria: &[Criterion],
    limit: i64,
) -> StoreResult<SearchHits> {
    let links = linked_ids(conn, actor, kind)?;
    let mut visible_rows: Vec<ReportRow> = Vec::new();
    let mut outside: Vec<CardRow> = Vec::new();
    for criterion in criteria {
        let query = apply_criterion(visible(actor, kind, Some(links.clone())), criterion);
        for row in query
            .order(reports::id.desc())
            .limit(limit)
            .select(ReportRow::as_select())
            .load::<ReportRow>(conn)?
        {
            if !visible_rows.iter().any(|r| r.id == row.id) {
                visible_rows.push(row);
            }
        }
        let everywhere = apply_criterion(
            reports::table
                .filter(reports::kind.eq(kind.as_str()))
                .into_boxed(),
            criterion,
        );
        let card_columns = (
            reports::id,
            reports::case_number,
            reports::status,
            reports::owner_org_id,
            reports::owner_state_code,
            reports::owner_district_code,
            reports::event_date,
        );
        for row in everywhere
            .order(reports::id.desc())
            .limit(limit)
            .select(card_columns)
            .load::<CardRow>(conn)?
        {
            let known = visible_rows.iter().any(|r| r.id == row.id)
                || outside.iter().any(|r| r.id == row.id);
            if !known {
                outside.push(row);
            }
        }
    }
    outside.retain(|row| !visible_rows.iter().any(|v| v.id == row.id));
    visible_rows.truncate(usize::try_from(limit).unwrap_or(0));
    outside.truncate(usize::try_from(limit).unwrap_or(0));
    let (visible, _) = page_with_owners(conn, visible_rows, limit)?;
    Ok(SearchHits { visible, outside })
}

/// Clears a report's link and sets its status, for an unlinked confirmation.
pub fn unlink(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(reports::table.filter(reports::id.eq(id)))
        .set((
            reports::status.eq(status),
            reports::linked_report_id.eq(None::<String>),
            reports::version.eq(reports::version + 1),
            reports::updated_at.eq(timestamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}
