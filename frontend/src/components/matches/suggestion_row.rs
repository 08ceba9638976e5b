//! One suggestion in a list: probability, status and the other report's case number and child.

use leptos::prelude::*;
use leptos_router::components::A;
use trackchild_client::wire::MatchSuggestion;

use crate::components::report::status_badge::StatusBadge;
use crate::format::{child_name, percent};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Which report of a suggestion the list is shown from; the row describes the other one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewpoint {
    FromMissing,
    FromFound,
    /// A list of its own, like the dashboard's: the row names both reports.
    Inbox,
}

/// A tappable suggestion linking to its review page.
#[component]
pub fn SuggestionRow(suggestion: MatchSuggestion, viewpoint: Viewpoint) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (missing_id, found_id) = (suggestion.missing_report_id, suggestion.found_report_id);
    // The other party's case number and child name; each party may read the other's report.
    let other = LocalResource::new(move || async move {
        let described = match viewpoint {
            Viewpoint::FromMissing | Viewpoint::Inbox => session
                .call(move |client| async move { client.found_report(found_id).await })
                .await
                .map(|report| (report.case_number, child_name(i18n, &report.report.child))),
            Viewpoint::FromFound => session
                .call(move |client| async move { client.missing_report(missing_id).await })
                .await
                .map(|report| (report.case_number, child_name(i18n, &report.report.child))),
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
                        Some((case_number, name)) => format!("{case_number} · {name}"),
                        None => i18n.t("common.loading"),
                    }}
                </span>
                <StatusBadge group="match_status" code=status />
            </A>
        </li>
    }
}
