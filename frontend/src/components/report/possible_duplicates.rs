//! The panel a form shows after a create whose response lists possible duplicates: reports of the
//! same kind that likely describe the same child, for instance one child reported at two police
//! stations.

use leptos::prelude::*;
use leptos_router::components::A;
use trackchild_client::wire::{PossibleDuplicate, SearchHit};
use trackchild_client::{ClientError, ReportKind};

use crate::components::access::hit_action::HitAction;
use crate::format::percent;
use crate::i18n::use_i18n;
use crate::pages::submit_outcome::CreatedReport;
use crate::session::use_session;

/// Lists each possible duplicate of the `created` report with its case number, owning unit and
/// probability, and ends with a button that opens the new report.
#[component]
pub fn PossibleDuplicatesPanel(kind: ReportKind, created: CreatedReport) -> impl IntoView {
    let i18n = use_i18n();
    let case_number = created.case_number.clone();
    let new_report_href = format!("/{}/{}", kind.collection(), created.id);

    view! {
        <section class="alert warning possible-duplicates" role="alert" aria-labelledby="possible-duplicates-title" data-testid="possible-duplicates">
            <h2 id="possible-duplicates-title">{move || i18n.t("duplicates.title")}</h2>
            <p>{move || i18n.t_fill("duplicates.intro", &[("case_number", &case_number)])}</p>
            <ul class="list">
                {created
                    .possible_duplicates
                    .into_iter()
                    .map(|duplicate| view! { <DuplicateCard kind=kind duplicate=duplicate /> })
                    .collect_view()}
            </ul>
            <A href=new_report_href attr:class="button primary" attr:data-testid="continue-to-new-report">
                {move || i18n.t("duplicates.continue")}
            </A>
        </section>
    }
}

/// Renders one possible duplicate. The create response carries no access rights, so the card
/// searches for the case number and reads the hit's `visible` flag. That flag picks between the
/// link and the break-glass offer, as on the search page.
#[component]
fn DuplicateCard(kind: ReportKind, duplicate: PossibleDuplicate) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let report_id = duplicate.report_id;
    let case_number = duplicate.case_number.clone();
    let kind_key = match kind {
        ReportKind::Missing => "missing_report.kind",
        ReportKind::Found => "found_report.kind",
    };

    // NOTE: every lookup is written to the audit trail as one search by this user.
    let hit: LocalResource<Result<Option<SearchHit>, ClientError>> = LocalResource::new({
        let case_number = case_number.clone();
        move || {
            let case_number = case_number.clone();
            async move {
                let page = session
                    .call(move |client| {
                        let case_number = case_number.clone();
                        async move { client.search(&case_number).await }
                    })
                    .await?;
                Ok(page.items.into_iter().find(|hit| hit.id == report_id))
            }
        }
    });

    let action = {
        let case_number = case_number.clone();
        move || {
            let case_number = case_number.clone();
            match hit.get()? {
                Ok(Some(hit)) => Some(
                    view! {
                        <HitAction kind=Some(kind) report_id=report_id visible=hit.visible case_number=case_number />
                    }
                    .into_any(),
                ),
                // When the search failed or did not return the report, the card links to the
                // search page, where the user can retry and reach break-glass for another unit's
                // report.
                Ok(None) | Err(_) => {
                    let encoded = String::from(js_sys::encode_uri_component(&case_number));
                    Some(
                        view! {
                            <A href=format!("/search?q={encoded}") attr:class="button" attr:data-testid="duplicate-search">
                                {move || i18n.t("duplicates.find")}
                            </A>
                        }
                        .into_any(),
                    )
                }
            }
        }
    };

    view! {
        <li class="card duplicate" data-testid="possible-duplicate" data-report-id=report_id.to_string()>
            <p class="hit-heading">
                <span class="kind">{move || i18n.t(kind_key)}</span>
                <span class="case-number" data-testid="duplicate-case-number">{case_number.clone()}</span>
            </p>
            <dl class="facts">
                <div class="fact">
                    <dt>{move || i18n.t("search.owner")}</dt>
                    <dd data-testid="duplicate-owner">{duplicate.owner_organisation_name.clone()}</dd>
                </div>
                <div class="fact">
                    <dt>{move || i18n.t("duplicates.probability")}</dt>
                    <dd class="probability" data-testid="duplicate-probability">{percent(duplicate.probability)}</dd>
                </div>
            </dl>
            {action}
        </li>
    }
}
