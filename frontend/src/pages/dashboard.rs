//! The home screen: what to do next (suggestions waiting for the user's unit) and the unit's
//! reports, with buttons to file new ones for the unit types that may.

use leptos::prelude::*;
use leptos_router::components::A;
use trackchild_client::codes::MatchStatus;
use trackchild_client::{ClientError, ListQuery};
use trackchild_client::wire::{FoundReport, MatchSuggestion, MissingReport, Page};

use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::matches::suggestion_row::{SuggestionRow, Viewpoint};
use crate::components::report::report_row::ReportRow;
use crate::format::child_name;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Organisation types that file missing reports.
const MISSING_FILERS: &[&str] = &["police_station"];
/// Organisation types that register found children.
const FOUND_FILERS: &[&str] = &["cwc", "dcpu", "cci"];
/// Rows shown per list.
const PAGE_SIZE: u32 = 20;

/// Dashboard for any logged-in user.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let org_type = move || session.org_type().unwrap_or_default();

    let waiting: LocalResource<Result<Page<MatchSuggestion>, ClientError>> = LocalResource::new(move || async move {
        session
            .call(|client| async move {
                client.list_matches(Some(MatchStatus::Suggested), &ListQuery::first().limit(PAGE_SIZE)).await
            })
            .await
    });
    let missing: LocalResource<Result<Page<MissingReport>, ClientError>> = LocalResource::new(move || async move {
        session.call(|client| async move { client.list_missing_reports(&ListQuery::first().limit(PAGE_SIZE)).await }).await
    });
    let found: LocalResource<Result<Page<FoundReport>, ClientError>> = LocalResource::new(move || async move {
        session.call(|client| async move { client.list_found_reports(&ListQuery::first().limit(PAGE_SIZE)).await }).await
    });

    let waiting_view = move || {
        waiting.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => view! { <p class="empty">{move || i18n.t("dashboard.no_suggestions")}</p> }.into_any(),
            Ok(page) => view! {
                <ul class="list" data-testid="waiting-suggestions">
                    {page.items.into_iter().map(|suggestion| view! { <SuggestionRow suggestion=suggestion viewpoint=Viewpoint::Inbox /> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };
    let missing_view = move || {
        missing.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => view! { <p class="empty">{move || i18n.t("dashboard.no_reports")}</p> }.into_any(),
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
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };
    let found_view = move || {
        found.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => view! { <p class="empty">{move || i18n.t("dashboard.no_reports")}</p> }.into_any(),
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
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };

    view! {
        <main class="page dashboard">
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
