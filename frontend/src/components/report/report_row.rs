//! One report in a list: case number, child, status, linking to its detail page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::report::status_badge::StatusBadge;

/// Renders a tappable row for a missing or found report.
#[component]
pub fn ReportRow(
    href: String,
    case_number: String,
    child_name: String,
    status_group: &'static str,
    status: String,
) -> impl IntoView {
    let case_attribute = case_number.clone();

    view! {
        <li class="report-row">
            <A href=href attr:data-testid="report-link" attr:data-case=case_attribute>
                <span class="case-number">{case_number}</span>
                <span class="child-name">{child_name}</span>
                <StatusBadge group=status_group code=status />
            </A>
        </li>
    }
}
