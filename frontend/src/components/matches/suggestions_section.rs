//! The suggestions of one report, best first. The matcher works in the background a few seconds
//! after a write, so an empty list is fetched again every few seconds for a while.

use std::time::Duration;

use leptos::prelude::*;
use trackchild_client::wire::{MatchSuggestion, Page};
use trackchild_client::{ClientError, ListQuery};
use uuid::Uuid;

use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::matches::suggestion_row::{SuggestionRow, Viewpoint};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Time between fetches while the list is empty.
const POLL_INTERVAL: Duration = Duration::from_secs(3);
/// Fetches made while waiting for a first suggestion, about one minute in all.
const MAX_POLLS: u32 = 20;

/// Renders a heading, a refresh button and the suggestions for the report `report_id`.
#[component]
pub fn SuggestionsSection(report_id: Uuid, viewpoint: Viewpoint) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let fetches = RwSignal::new(0_u32);

    let suggestions: LocalResource<Result<Page<MatchSuggestion>, ClientError>> =
        LocalResource::new(move || {
            fetches.track();
            async move {
                session
                    .call(move |client| async move {
                        match viewpoint {
                            Viewpoint::FromFound => {
                                client
                                    .found_report_matches(report_id, &ListQuery::first())
                                    .await
                            }
                            _ => {
                                client
                                    .missing_report_matches(report_id, &ListQuery::first())
                                    .await
                            }
                        }
                    })
                    .await
            }
        });

    let still_empty =
        move || matches!(suggestions.get_untracked(), Some(Ok(page)) if page.items.is_empty());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if fetches.get_untracked() < MAX_POLLS && still_empty() {
                fetches.update(|count| *count += 1);
            }
        },
        POLL_INTERVAL,
    ) {
        on_cleanup(move || handle.clear());
    }

    let list = move || {
        suggestions.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => {
                view! { <p class="empty" data-testid="no-suggestions">{move || i18n.t("report.no_suggestions")}</p> }.into_any()
            }
            Ok(page) => view! {
                <ul class="list" data-testid="suggestions">
                    {page
                        .items
                        .into_iter()
                        .map(|suggestion| view! { <SuggestionRow suggestion=suggestion viewpoint=viewpoint /> })
                        .collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };

    view! {
        <section class="suggestions">
            <div class="section-heading">
                <h2>{move || i18n.t("report.suggestions")}</h2>
                <button
                    type="button"
                    class="button secondary"
                    on:click=move |_| suggestions.refetch()
                    data-testid="refresh-suggestions"
                >
                    {move || i18n.t("common.refresh")}
                </button>
            </div>
            <Transition fallback=Loading>{list}</Transition>
        </section>
    }
}
