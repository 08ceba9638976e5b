//! The languages a child speaks, as a group of checkboxes (easier to tap on a phone than a
//! multi-select list).

use leptos::prelude::*;
use trackchild_client::codes::LANGUAGE_CODES;

use crate::components::form::field_error_text::FieldErrorText;
use crate::forms::field_errors::{FieldErrors, input_id};
use crate::i18n::use_i18n;

/// Wire path of the languages list.
const PATH: &str = "child.languages";

/// Checkboxes for every accepted ISO 639-3 code, bound to `selected`.
#[component]
pub fn LanguageCheckboxes(
    selected: RwSignal<Vec<String>>,
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = input_id(PATH);
    let error_id = format!("{id}-error");
    let codes = Memo::new(move |_| errors.with(|errors| errors.codes_for(PATH)));
    let invalid = move || !codes.get().is_empty();
    let described_by = {
        let error_id = error_id.clone();
        move || invalid().then(|| error_id.clone())
    };

    let toggle = move |code: &'static str, checked: bool| {
        selected.update(|list| {
            list.retain(|item| item != code);
            if checked {
                list.push(code.to_string());
            }
        });
    };

    view! {
        <fieldset class="field checkbox-group" class:invalid=invalid id=id aria-describedby=described_by>
            <legend>{move || i18n.t("field.child.languages")}</legend>
            <div class="checkbox-grid">
                {LANGUAGE_CODES
                    .iter()
                    .map(|&code| {
                        let checked = move || selected.with(|list| list.iter().any(|item| item == code));
                        view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    value=code
                                    prop:checked=checked
                                    on:change=move |event| toggle(code, event_target_checked(&event))
                                    data-testid=format!("language-{code}")
                                />
                                <span>{move || i18n.code("language", code)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldErrorText id=error_id path=PATH.to_string() codes=codes />
        </fieldset>
    }
}
