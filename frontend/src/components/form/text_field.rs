//! A labelled text, number or date input, or a text area, with its hint and server errors.

use leptos::prelude::*;

use crate::components::form::field_error_text::FieldErrorText;
use crate::forms::field_errors::{FieldErrors, input_id};
use crate::i18n::use_i18n;

/// Renders one labelled input bound to `value`.
#[component]
pub fn TextField(
    /// Wire path of the field, e.g. `child.name`.
    #[prop(into)]
    path: String,
    /// Catalogue key of the label.
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] errors: Signal<FieldErrors>,
    /// HTML input type: `text`, `number`, `date`, `tel`, `password`.
    #[prop(default = "text")]
    input_type: &'static str,
    /// Catalogue key of a hint shown under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// Renders a `<textarea>` instead of an `<input>`.
    #[prop(optional)]
    multiline: bool,
    /// `autocomplete` attribute, e.g. `username`.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = input_id(&path);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let path_for_codes = path.clone();
    let codes = Memo::new(move |_| errors.with(|errors| errors.codes_for(&path_for_codes)));
    let invalid = move || !codes.get().is_empty();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            describe(
                hint.map(|_| hint_id.as_str()),
                invalid().then_some(error_id.as_str()),
            )
        }
    };
    let test_id = format!("input-{path}");
    let on_input = move |event| value.set(event_target_value(&event));

    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=path.clone()
                rows="3"
                prop:value=move || value.get()
                on:input=on_input
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                data-testid=test_id
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=path.clone()
                type=input_type
                inputmode=(input_type == "number").then_some("decimal")
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=on_input
                aria-required=required.then_some("true")
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                data-testid=test_id
            />
        }
        .into_any()
    };

    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>
                {move || i18n.t(label)}
                {required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{move || i18n.t(hint)}</p> })}
            {control}
            <FieldErrorText id=error_id path=path codes=codes />
        </div>
    }
}

/// Joins the ids for `aria-describedby`; `None` leaves the attribute out.
pub fn describe(hint_id: Option<&str>, error_id: Option<&str>) -> Option<String> {
    let ids: Vec<&str> = [hint_id, error_id].into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}
