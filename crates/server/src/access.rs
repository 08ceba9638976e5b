//! Applying the domain's access rules to stored records, and writing the audit trail.

use actix_web::web;
use chrono::Utc;
use trackchild_domain::access::{Action, Actor, Decision, Link, Resource, decide};
use trackchild_domain::codes::ReportKind;
use trackchild_store::audit::{self, AuditEntry};
use trackchild_store::reports::{self, StoredReport, class_of};
use uuid::Uuid;

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};

/// The access-rule view of a stored report for this actor.
pub fn resource_of(actor: &Actor, report: &StoredReport, kind: ReportKind, link: Link) -> Resource {
    let state = u16::try_from(report.row.owner_state_code).unwrap_or(0);
    let district = report
        .row
        .owner_district_code
        .and_then(|d| u16::try_from(d).ok());
    let owner = Uuid::parse_str(&report.row.owner_org_id).unwrap_or_default();
    Resource {
        class: class_of(kind),
        relation: actor.relation_to(owner, state, district),
        link,
    }
}

/// A report the actor may read, with the decision (which fields to redact) and how they reached it.
pub struct Readable {
    pub report: StoredReport,
    pub decision: Decision,
    pub link: Link,
}

/// Loads a report through the SQL view filter, re-checks the decision in the domain and records
/// the read in the audit trail. Anything outside the view is 404.
pub async fn read_report(
    state: &web::Data<AppState>,
    actor: &Actor,
    kind: ReportKind,
    id: Uuid,
    audit_read: bool,
) -> ApiResult<Readable> {
    let store = state.store.clone();
    let reader = actor.clone();
    let (report, link) = web::block(move || {
        store.read(|conn| {
            let report = reports::get(conn, &reader, kind, id)?;
            let link = reports::link_of(conn, &reader, &report)?;
            Ok((report, link))
        })
    })
    .await??;

    let resource = resource_of(actor, &report, kind, link);
    let decision = decide(actor, Action::Read, &resource);
    if !decision.allows() {
        // The SQL filter and the domain rule disagree; refuse, and say so in the log.
        tracing::error!(report.id = %id, "report passed the SQL view filter but the access rule denies it");
        return Err(ApiError::NotFound);
    }
    if audit_read {
        let detail = serde_json::json!({"via": link_name(link), "redacted": matches!(decision, Decision::AllowRedacted(_))});
        record(
            state,
            Some(actor),
            "read_report",
            Some(kind.as_str()),
            Some(id),
            "allowed",
            detail,
        )
        .await?;
    }
    Ok(Readable {
        report,
        decision,
        link,
    })
}

fn link_name(link: Link) -> &'static str {
    match link {
        Link::None => "jurisdiction",
        Link::PartyOrShared => "suggestion_or_share",
        Link::BreakGlass => "break_glass",
    }
}

/// Appends one entry to the audit trail.
pub async fn record(
    state: &web::Data<AppState>,
    actor: Option<&Actor>,
    action: &'static str,
    resource_kind: Option<&'static str>,
    resource_id: Option<Uuid>,
    outcome: &'static str,
    detail: serde_json::Value,
) -> ApiResult<()> {
    let store = state.store.clone();
    let entry_actor = actor.map(|a| (a.user_id, a.organisation_id));
    web::block(move || {
        store.write(|conn| {
            let entry = AuditEntry {
                actor_user_id: entry_actor.map(|a| a.0),
                actor_org_id: entry_actor.map(|a| a.1),
                action,
                resource_kind,
                resource_id,
                outcome,
                detail,
                at: Utc::now(),
            };
            audit::append(conn, &entry).map(|_| ())
        })
    })
    .await??;
    Ok(())
}
