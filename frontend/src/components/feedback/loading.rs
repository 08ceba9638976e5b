//! The placeholder shown while data loads.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// "Loading…" in the current language, announced politely to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();

    view! { <p class="loading" aria-live="polite">{move || i18n.t("common.loading")}</p> }
}
