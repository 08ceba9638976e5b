//! Buttons that switch the interface language, shown on every screen.

use leptos::prelude::*;

use crate::i18n::{LANGUAGES, use_i18n};

/// Renders one button per offered language, each labelled in its own script. The current one is
/// pressed.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <div class="language-switch" role="group" aria-label="Language / भाषा">
            {LANGUAGES
                .iter()
                .map(|language| {
                    let code = language.code;
                    view! {
                        <button
                            type="button"
                            lang=code
                            aria-pressed=move || (i18n.language() == code).to_string()
                            on:click=move |_| i18n.set_language(code)
                            data-testid=format!("lang-{code}")
                        >
                            {language.native_name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
