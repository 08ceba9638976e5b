//! The error text under one input, tied to it by `aria-describedby`.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Lists the translated error codes of one input; renders nothing when there are none.
#[component]
pub fn FieldErrorText(
    /// Id referenced by the input's `aria-describedby`.
    id: String,
    /// Wire path of the input, for the test id.
    path: String,
    #[prop(into)] codes: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let test_id = format!("error-{path}");

    move || {
        let codes = codes.get();
        (!codes.is_empty()).then(|| {
            let text = codes
                .iter()
                .map(|code| i18n.code("field_error", code))
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <p class="field-error" id=id.clone() data-testid=test_id.clone()>
                    {text}
                </p>
            }
        })
    }
}
