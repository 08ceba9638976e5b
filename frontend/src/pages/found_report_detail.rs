//! One found report: the child, when and where found, who found it, the missing report it is linked to
//! once the family is traced, and its suggestions.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use trackchild_client::wire::{FoundReport, StateInfo};
use trackchild_client::{ClientError, ReportKind};
use uuid::Uuid;

use crate::components::access::audit_section::AuditSection;
use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::layout::page_title::PageTitle;
use crate::components::matches::suggestion_row::Viewpoint;
use crate::components::matches::suggestions_section::SuggestionsSection;
use crate::components::photos::photos_section::{PhotosSection, may_add_photos};
use crate::components::report::child_facts::ChildFacts;
use crate::components::report::status_badge::StatusBadge;
use crate::format::place_text;
use crate::geography::{loaded_states, states_resource};
use crate::i18n::use_i18n;
use crate::pages::route_id::route_id;
use crate::session::use_session;

/// Detail of the found report named by the `id` route parameter.
#[component]
pub fn FoundReportDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| route_id(&params.get()));
    let states = loaded_states(states_resource(session));

    let report: LocalResource<Option<Result<FoundReport, ClientError>>> =
        LocalResource::new(move || {
            let id = id.get();
            async move {
                let id = id?;
                Some(
                    session
                        .call(move |client| async move { client.found_report(id).await })
                        .await,
                )
            }
        });

    let body = move || {
        report.get().map(|loaded| match loaded {
            None => {
                view! { <p class="alert error">{move || i18n.t("error.not_found")}</p> }.into_any()
            }
            Some(Err(error)) => view! { <ProblemMessage error=error /> }.into_any(),
            Some(Ok(report)) => {
                view! { <FoundReportView report=report states=states /> }.into_any()
            }
        })
    };

    view! {
        <main class="page detail-page">
            <PageTitle key="found_report.kind" />
            <Transition fallback=Loading>{body}</Transition>
        </main>
    }
}

#[component]
fn FoundReportView(
    report: FoundReport,
    #[prop(into)] states: Signal<Vec<StateInfo>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let place = report.report.found_place.clone();
    let details = report.report.clone();
    let linked = report.linked_missing_report_id;
    let report_id: Uuid = report.id;
    let may_add = may_add_photos(use_session().me().as_ref(), report.owner.organisation_id);

    view! {
        <header class="detail-header">
            <p class="kind">{move || i18n.t("found_report.kind")}</p>
            <h1 data-testid="case-number">{report.case_number.clone()}</h1>
            <StatusBadge group="found_status" code=report.status.as_str() />
            <p class="owner">{report.owner.organisation_name.clone()}</p>
        </header>
        {linked.map(|missing_id| view! {
            <p class="alert success" data-testid="linked-report">
                {move || i18n.t("found_report.linked")}
                " "
                <A href=format!("/missing-reports/{missing_id}") attr:data-testid="linked-report-link">
                    {move || i18n.t("found_report.open_linked")}
                </A>
            </p>
        })}
        <section>
            <h2>{move || i18n.t("form.section.child")}</h2>
            <ChildFacts child=report.report.child.clone() />
        </section>
        <section>
            <h2>{move || i18n.t("form.section.found")}</h2>
            <dl class="facts">
                <div class="fact">
                    <dt>{move || i18n.t("field.found_date")}</dt>
                    <dd>{report.report.found_date.to_string()}</dd>
                </div>
                <div class="fact">
                    <dt>{move || i18n.t("match.place")}</dt>
                    <dd>{move || states.with(|states| place_text(states, &place))}</dd>
                </div>
                {details.found_by.map(|code| view! {
                    <div class="fact">
                        <dt>{move || i18n.t("field.found_by")}</dt>
                        <dd>{move || i18n.code("found_by", code.as_str())}</dd>
                    </div>
                })}
                {details.circumstances.map(|code| view! {
                    <div class="fact">
                        <dt>{move || i18n.t("field.found_circumstances")}</dt>
                        <dd>{move || i18n.code("found_circumstances", code.as_str())}</dd>
                    </div>
                })}
            </dl>
        </section>
        <PhotosSection kind=ReportKind::Found report_id=report_id may_add=may_add />
        <SuggestionsSection report_id=report_id viewpoint=Viewpoint::FromFound />
        <AuditSection kind=ReportKind::Found report_id=report_id />
    }
}
