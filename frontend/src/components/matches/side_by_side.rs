//! The two children of a suggestion in two columns, row by row, so an officer can compare them.

use leptos::prelude::*;
use leptos_router::components::A;
use trackchild_client::wire::{FoundReport, MissingReport, StateInfo};

use crate::components::report::child_facts::child_rows;
use crate::components::report::status_badge::StatusBadge;
use crate::format::place_text;
use crate::i18n::use_i18n;

/// Renders a table with one row per field, the missing child on the left and the found child on
/// the right.
#[component]
pub fn SideBySide(
    missing: MissingReport,
    found: FoundReport,
    #[prop(into)] states: Signal<Vec<StateInfo>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let missing_href = format!("/missing-reports/{}", missing.id);
    let found_href = format!("/found-reports/{}", found.id);
    let (missing_case, found_case) = (missing.case_number.clone(), found.case_number.clone());
    let (missing_status, found_status) = (missing.status.as_str(), found.status.as_str());

    let rows = move || {
        let left = child_rows(i18n, &missing.report.child);
        let right = child_rows(i18n, &found.report.child);
        let mut labels: Vec<String> = left.iter().map(|(label, _)| label.clone()).collect();
        for (label, _) in &right {
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
        let value = |side: &[(String, String)], label: &str| {
            side.iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| "—".to_string())
        };
        let mut table: Vec<(String, String, String)> = labels
            .iter()
            .map(|label| (label.clone(), value(&left, label), value(&right, label)))
            .collect();
        states.with(|states| {
            table.push((
                i18n.t("match.place"),
                place_text(states, &missing.report.last_seen_place),
                place_text(states, &found.report.found_place),
            ));
        });
        table.push((
            i18n.t("match.date"),
            missing.report.last_seen_date.to_string(),
            found.report.found_date.to_string(),
        ));
        table
            .into_iter()
            .map(|(label, left, right)| {
                view! {
                    <tr>
                        <th scope="row">{label}</th>
                        <td>{left}</td>
                        <td>{right}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <table class="side-by-side" data-testid="side-by-side">
            <thead>
                <tr>
                    <th scope="col"></th>
                    <th scope="col">
                        {move || i18n.t("match.missing_child")}
                        <br />
                        <A href=missing_href attr:data-testid="missing-report-link">{missing_case}</A>
                        <br />
                        <StatusBadge group="missing_status" code=missing_status />
                    </th>
                    <th scope="col">
                        {move || i18n.t("match.found_child")}
                        <br />
                        <A href=found_href attr:data-testid="found-report-link">{found_case}</A>
                        <br />
                        <StatusBadge group="found_status" code=found_status />
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
