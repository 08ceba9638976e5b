//! The browser tab's title, which screen readers announce on every route change.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Sets `document.title` to the catalogue text of `key` followed by the product name, in the
/// current language. Renders nothing.
#[component]
pub fn PageTitle(key: &'static str) -> impl IntoView {
    let i18n = use_i18n();

    Effect::new(move |_| {
        let title = format!("{} · {}", i18n.t(key), i18n.t("app.name"));
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&title);
        }
    });
}
