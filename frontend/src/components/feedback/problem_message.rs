//! A failed call shown to the user through the catalogue: the problem code, never the raw text.

use leptos::prelude::*;
use trackchild_client::ClientError;

use crate::i18n::{I18n, use_i18n};

/// Text of an error in the current language.
pub fn error_text(i18n: I18n, error: &ClientError) -> String {
    match error {
        ClientError::Api { problem, .. } => i18n.code("error", &problem.code),
        ClientError::Transport(_) => i18n.t("error.network"),
        ClientError::Decode(_) => i18n.t("error.decode"),
    }
}

/// Renders an alert box with the translated error.
#[component]
pub fn ProblemMessage(error: ClientError) -> impl IntoView {
    let i18n = use_i18n();
    let code = error.code().unwrap_or("transport").to_string();

    view! {
        <div class="alert error" role="alert" data-testid="problem" data-code=code>
            {move || error_text(i18n, &error)}
        </div>
    }
}
