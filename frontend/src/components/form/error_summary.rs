//! The box above a form that counts the invalid fields and links to each one.

use leptos::prelude::*;

use crate::forms::field_errors::{FieldErrors, input_id};
use crate::i18n::use_i18n;

/// Lists every error of the last submit; empty when there are none. Errors that no input takes
/// (a field the form does not show) appear here only.
#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<FieldErrors>) -> impl IntoView {
    let i18n = use_i18n();
    let summary = NodeRef::<leptos::html::Div>::new();

    // Moving focus to the summary after a failed submit scrolls it into view and makes screen
    // readers announce it, instead of leaving the user at the submit button.
    Effect::new(move |_| {
        if !errors.with(FieldErrors::is_empty)
            && let Some(element) = summary.get()
        {
            let _ = element.focus();
        }
    });

    move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            let count = errors.len().to_string();
            let placed = errors
                .placed()
                .iter()
                .map(|error| {
                    let href = format!("#{}", input_id(&error.path));
                    let text = format!("{}: {}", field_label(i18n, &error.path), i18n.code("field_error", &error.code));
                    view! { <li><a href=href>{text}</a></li> }
                })
                .collect_view();
            let unplaced = errors
                .unplaced()
                .iter()
                .map(|error| {
                    let text = format!("{}: {}", error.path, i18n.code("field_error", &error.code));
                    view! { <li>{text}</li> }
                })
                .collect_view();
            view! {
                <div class="error-summary" role="alert" tabindex="-1" node_ref=summary data-testid="error-summary">
                    <h2>{i18n.t_fill("form.error_summary", &[("count", &count)])}</h2>
                    <ul>{placed}{unplaced}</ul>
                </div>
            }
        })
    }
}

/// Label of the input at a wire path: indices are dropped and a place's parts share labels, so
/// `last_seen_place.state_code` reads "State / UT".
fn field_label(i18n: crate::i18n::I18n, path: &str) -> String {
    let mut key = String::new();
    let mut depth = 0_u32;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => key.push(c),
            _ => {}
        }
    }
    let key = key
        .replace("last_seen_place.", "place.")
        .replace("found_place.", "place.")
        .replace("child.identification_marks.", "mark.");
    i18n.t(&format!("field.{key}"))
}
