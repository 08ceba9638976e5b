//! One suggestion in a list: probability, status and the other report's case number and child.

use leptos::prelude::*;
use leptos_router::components::A;
use trackchild_client::wire::MatchSuggestion;

use crate::components::report::status_badge::StatusBadge;
use crate::format::{child_name, percent};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Report a suggestion list is shown from. Each row describes the other report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewpoint {
    FromMissing,
    FromFound,
    /// A list of its own, like the dashboard's: the row describes the other unit's report, the
    /// found child for a police station and the missing child for everyone else.
    Inbox,
}

/// Renders one suggestion as a tappable link to its review page.
#[component]
pub fn SuggestionRow(suggestion: MatchSuggestion, viewpoint: Viewpoint) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (missing_id, found_id) = (suggestion.missing_report_id, suggestion.found_report_id);
    // The other party's case number and child name; each party may read the other's report.
    let show_found = match viewpoint {
        Viewpoint::FromMissing => true,
        Viewpoint::FromFound => false,
        Viewpoint::Inbox => session.org_type().as_deref() == Some("police_station"),
    };
    let other = LocalResource::new(move || async move {
        let described = if show_found {
            session
                .call(move |client| async move { client.found_report(found_id).await })
                .await
                .map(|report| (report.case_number, report.report.child))
        } else {
            session
                .call(move |client| async move { client.missing_report(missing_id).await })
                .await
                .map(|report| (report.case_number, report.report.child))
        };
        described.ok()
    });
    let href = format!("/matches/{}", suggestion.id);
    let probability = percent(suggestion.probability);
    let status = suggestion.status.as_str();

    view! {
        <li class="suggestion-row">
            <A href=href attr:data-testid="suggestion-link" attr:data-missing=missing_id.to_string() attr:data-found=found_id.to_string()>
                <span class="probability" data-testid="suggestion-probability">{probability}</span>
                <span class="suggestion-other">
                    {move || match other.get().flatten() {
                        Some((case_number, child)) => format!("{case_number} · {}", child_name(i18n, &child)),
                        None => i18n.t("common.loading"),
                    }}
                </span>
                <StatusBadge group="match_status" code=status />
            </A>
        </li>
    }
}
