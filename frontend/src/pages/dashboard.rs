//! The home screen: what to do next (suggestions waiting for the user's unit) and the unit's
//! reports, with buttons to file new ones for the unit types that may.

use leptos::prelude::*;
use leptos_router::components::A;
use trackchild_client::codes::MatchStatus;
use trackchild_client::wire::{FoundReport, MatchSuggestion, MissingReport, Page};
use trackchild_client::{ClientError, ListQuery};

use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::layout::page_title::PageTitle;
use crate::components::matches::suggestion_row::{SuggestionRow, Viewpoint};
use crate::components::report::report_row::ReportRow;
use crate::format::child_name;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Organisation types that file missing reports.
const MISSING_FILERS: &[&str] = &["police_station"];
/// Organisation types that register found children.
const FOUND_FILERS: &[&str] = &["cwc", "dcpu", "cci"];
/// Rows a list starts with, and rows each "show more" adds.
const PAGE_SIZE: u32 = 20;
/// Largest page the server serves.
const MAX_PAGE_SIZE: u32 = 200;

/// Dashboard for any logged-in user.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let org_type = move || session.org_type().unwrap_or_default();

    let waiting_limit = RwSignal::new(PAGE_SIZE);
    let missing_limit = RwSignal::new(PAGE_SIZE);
    let found_limit = RwSignal::new(PAGE_SIZE);

    let waiting: LocalResource<Result<Page<MatchSuggestion>, ClientError>> =
        LocalResource::new(move || {
            let limit = waiting_limit.get();
            async move {
                session
                    .call(move |client| async move {
                        client
                            .list_matches(
                                Some(MatchStatus::Suggested),
                                &ListQuery::first().limit(limit),
                            )
                            .await
                    })
                    .await
            }
        });
    let missing: LocalResource<Result<Page<MissingReport>, ClientError>> =
        LocalResource::new(move || {
            let limit = missing_limit.get();
            async move {
                session
                    .call(move |client| async move {
                        client
                            .list_missing_reports(&ListQuery::first().limit(limit))
                            .await
                    })
                    .await
            }
        });
    let found: LocalResource<Result<Page<FoundReport>, ClientError>> =
        LocalResource::new(move || {
            let limit = found_limit.get();
            async move {
                session
                    .call(move |client| async move {
                        client
                            .list_found_reports(&ListQuery::first().limit(limit))
                            .await
                    })
                    .await
            }
        });

    let waiting_view = move || {
        waiting.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => view! { <p class="empty">{move || i18n.t("dashboard.no_suggestions")}</p> }.into_any(),
            Ok(page) => {
                // Each row fetches the other report, so the list never shows more rows than it
                // asked for, even from a server that returns a longer page.
                let limit = usize::try_from(waiting_limit.get_untracked()).unwrap_or(usize::MAX);
                let more = page.next_cursor.is_some() || page.items.len() > limit;
                view! {
                    <ul class="list" data-testid="waiting-suggestions">
                        {page
                            .items
                            .into_iter()
                            .take(limit)
                            .map(|suggestion| view! { <SuggestionRow suggestion=suggestion viewpoint=Viewpoint::Inbox /> })
                            .collect_view()}
                    </ul>
                    <ShowMore more=more limit=waiting_limit />
                }
                .into_any()
            }
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };
    let missing_view = move || {
        missing.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => {
                view! { <p class="empty">{move || i18n.t("dashboard.no_reports")}</p> }.into_any()
            }
            Ok(page) => view! {
                <ul class="list" data-testid="missing-reports">
                    {page
                        .items
                        .into_iter()
                        .map(|report| view! {
                            <ReportRow
                                href=format!("/missing-reports/{}", report.id)
                                case_number=report.case_number.clone()
                                child_name=child_name(i18n, &report.report.child)
                                status_group="missing_status"
                                status=report.status.as_str().to_string()
                            />
                        })
                        .collect_view()}
                </ul>
                <ShowMore more=page.next_cursor.is_some() limit=missing_limit />
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };
    let found_view = move || {
        found.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => {
                view! { <p class="empty">{move || i18n.t("dashboard.no_reports")}</p> }.into_any()
            }
            Ok(page) => view! {
                <ul class="list" data-testid="found-reports">
                    {page
                        .items
                        .into_iter()
                        .map(|report| view! {
                            <ReportRow
                                href=format!("/found-reports/{}", report.id)
                                case_number=report.case_number.clone()
                                child_name=child_name(i18n, &report.report.child)
                                status_group="found_status"
                                status=report.status.as_str().to_string()
                            />
                        })
                        .collect_view()}
                </ul>
                <ShowMore more=page.next_cursor.is_some() limit=found_limit />
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };

    view! {
        <main class="page dashboard">
            <PageTitle key="dashboard.title" />
            <h1>{move || i18n.t("dashboard.title")}</h1>
            <div class="actions">
                <Show when=move || MISSING_FILERS.contains(&org_type().as_str())>
                    <A href="/missing-reports/new" attr:class="button primary" attr:data-testid="new-missing-report">
                        {move || i18n.t("dashboard.new_missing")}
                    </A>
                </Show>
                <Show when=move || FOUND_FILERS.contains(&org_type().as_str())>
                    <A href="/found-reports/new" attr:class="button primary" attr:data-testid="new-found-report">
                        {move || i18n.t("dashboard.new_found")}
                    </A>
                </Show>
            </div>
            <section>
                <h2>{move || i18n.t("dashboard.waiting")}</h2>
                <Transition fallback=Loading>{waiting_view}</Transition>
            </section>
            <section>
                <h2>{move || i18n.t("dashboard.missing_reports")}</h2>
                <Transition fallback=Loading>{missing_view}</Transition>
            </section>
            <section>
                <h2>{move || i18n.t("dashboard.found_reports")}</h2>
                <Transition fallback=Loading>{found_view}</Transition>
            </section>
        </main>
    }
}

/// Renders a "show more" button when the server has another page; a tap asks for a longer first
/// page, up to the server's maximum.
#[component]
fn ShowMore(more: bool, limit: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let grow = move |_| limit.update(|limit| *limit = (*limit + PAGE_SIZE).min(MAX_PAGE_SIZE));

    (more && limit.get_untracked() < MAX_PAGE_SIZE).then(|| {
        view! {
            <button type="button" class="button secondary show-more" on:click=grow>
                {move || i18n.t("common.show_more")}
            </button>
        }
    })
}
