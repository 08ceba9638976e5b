//! One search result: a link to a report the user may read, or a minimal card with break-glass.

use leptos::prelude::*;
use trackchild_client::ReportKind;
use trackchild_client::wire::{SearchHit, StateInfo};

use crate::components::access::hit_action::HitAction;
use crate::components::report::status_badge::StatusBadge;
use crate::i18n::use_i18n;

/// Renders a hit with its case number, owning unit, district and date. A hit the user may not
/// read carries no name and offers break-glass instead of a link.
#[component]
pub fn SearchHitCard(
    hit: SearchHit,
    #[prop(into)] states: Signal<Vec<StateInfo>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = ReportKind::parse(&hit.kind);
    let kind_key = match kind {
        Some(ReportKind::Found) => "found_report.kind",
        _ => "missing_report.kind",
    };
    let status_group = match kind {
        Some(ReportKind::Found) => "found_status",
        _ => "missing_status",
    };
    let (state_code, district_code) = (hit.owner_state_code, hit.owner_district_code);
    let district = move || {
        states.with(|states| {
            let state = states.iter().find(|state| state.state_code == state_code);
            let state_name =
                state.map_or_else(|| state_code.to_string(), |state| state.name.clone());
            let district_name = district_code.map(|code| {
                state
                    .and_then(|state| state.districts.iter().find(|d| d.district_code == code))
                    .map_or_else(|| code.to_string(), |district| district.name.clone())
            });
            match district_name {
                Some(district) => format!("{district}, {state_name}"),
                None => state_name,
            }
        })
    };

    let facts = view! {
        <dl class="facts">
            <div class="fact">
                <dt>{move || i18n.t("search.owner")}</dt>
                <dd data-testid="hit-owner">{hit.owner_organisation_name.clone()}</dd>
            </div>
            <div class="fact">
                <dt>{move || i18n.t("search.district")}</dt>
                <dd>{district}</dd>
            </div>
            <div class="fact">
                <dt>{move || i18n.t("search.date")}</dt>
                <dd>{hit.event_date.to_string()}</dd>
            </div>
        </dl>
    };
    let heading = view! {
        <p class="hit-heading">
            <span class="kind">{move || i18n.t(kind_key)}</span>
            " "
            <span class="case-number">{hit.case_number.clone()}</span>
            " "
            <StatusBadge group=status_group code=hit.status.clone() />
        </p>
    };

    let action = view! {
        <HitAction kind=kind report_id=hit.id visible=hit.visible case_number=hit.case_number.clone() />
    };

    view! {
        <li class="search-hit card" data-testid="search-hit" data-visible=hit.visible.to_string()>
            {heading}
            {hit.name.clone().map(|name| view! { <p class="child-name" data-testid="hit-name">{name}</p> })}
            {facts}
            {action}
        </li>
    }
}
