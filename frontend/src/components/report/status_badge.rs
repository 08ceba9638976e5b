//! A coloured badge for a lifecycle or suggestion status.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Renders the label of `code` from catalogue group `group` (`missing_status`, `found_status`,
/// `match_status`), styled by its code.
#[component]
pub fn StatusBadge(group: &'static str, #[prop(into)] code: String) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge badge-{code}");
    let test_id = format!("status-{group}");
    let shown = code.clone();

    view! {
        <span class=class data-testid=test_id data-status=code>
            {move || i18n.code(group, &shown)}
        </span>
    }
}
