//! The screen for an address the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::page_title::PageTitle;
use crate::i18n::use_i18n;

/// "Page not found" with a link home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <main class="page">
            <PageTitle key="not_found.title" />
            <h1>{move || i18n.t("not_found.title")}</h1>
            <A href="/">{move || i18n.t("nav.dashboard")}</A>
        </main>
    }
}
