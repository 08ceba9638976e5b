//! A report's audit trail, for the owning unit and oversight bodies.

use leptos::prelude::*;
use trackchild_client::wire::{AuditEntryView, Page};
use trackchild_client::{ClientError, ReportKind};
use uuid::Uuid;

use crate::components::feedback::problem_message::ProblemMessage;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Renders the audit trail of a report, newest first. The server answers 404 to users who may not
/// read the trail, and then the section is left out entirely.
#[component]
pub fn AuditSection(kind: ReportKind, report_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let trail: LocalResource<Result<Page<AuditEntryView>, ClientError>> =
        LocalResource::new(move || async move {
            session
                .call(move |client| async move { client.audit_trail(kind, report_id).await })
                .await
        });

    move || {
        let loaded = trail.get()?;
        let content = match loaded {
            Err(error) if error.is_status(404) => return None,
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
            Ok(page) if page.items.is_empty() => {
                view! { <p class="empty">{move || i18n.t("audit.empty")}</p> }.into_any()
            }
            Ok(page) => {
                let mut entries = page.items;
                entries.sort_by_key(|entry| std::cmp::Reverse(entry.seq));
                view! {
                    <ol class="list audit-trail" data-testid="audit-trail">
                        {entries.into_iter().map(|entry| view! { <AuditRow entry=entry /> }).collect_view()}
                    </ol>
                }
                .into_any()
            }
        };
        Some(view! {
            <section class="audit" data-testid="audit-section">
                <h2>{move || i18n.t("audit.title")}</h2>
                {content}
            </section>
        })
    }
}

#[component]
fn AuditRow(entry: AuditEntryView) -> impl IntoView {
    let i18n = use_i18n();
    let time = entry.at.format("%Y-%m-%d %H:%M UTC").to_string();
    let (action, outcome) = (entry.action.clone(), entry.outcome.clone());
    let outcome_class = format!("badge badge-{}", entry.outcome);
    // A break-glass entry carries the officer's written reason, which the owning unit needs to see.
    let reason = entry
        .detail
        .get("reason")
        .and_then(|reason| reason.as_str())
        .map(str::to_string);

    view! {
        <li class="audit-entry" data-testid="audit-entry" data-action=entry.action.clone()>
            <time datetime=entry.at.to_rfc3339()>{time}</time>
            " "
            <span class="audit-action">{move || i18n.code("audit_action", &action)}</span>
            " "
            <span class=outcome_class>{move || i18n.code("audit_outcome", &outcome)}</span>
            {reason.map(|reason| view! { <p class="hint">{reason}</p> })}
        </li>
    }
}
