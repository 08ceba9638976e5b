//! A labelled `<select>` with its server errors, and helpers that build its options.

use leptos::prelude::*;

use crate::components::form::field_error_text::FieldErrorText;
use crate::components::form::text_field::describe;
use crate::forms::field_errors::{FieldErrors, input_id};
use crate::i18n::{I18n, use_i18n};

/// One option: wire value and the label shown.
pub type SelectOption = (String, String);

/// Renders one labelled select bound to `value`. The first option is an empty "choose" entry.
#[component]
pub fn SelectField(
    /// Wire path of the field, e.g. `child.sex`.
    #[prop(into)]
    path: String,
    /// Catalogue key of the label.
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<SelectOption>>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = input_id(&path);
    let error_id = format!("{id}-error");
    let path_for_codes = path.clone();
    let codes = Memo::new(move |_| errors.with(|errors| errors.codes_for(&path_for_codes)));
    let invalid = move || !codes.get().is_empty();
    let described_by = {
        let error_id = error_id.clone();
        move || describe(None, invalid().then_some(error_id.as_str()))
    };
    let test_id = format!("input-{path}");

    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>
                {move || i18n.t(label)}
                {required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
            </label>
            <select
                id=id
                name=path.clone()
                on:change=move |event| value.set(event_target_value(&event))
                aria-required=required.then_some("true")
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                data-testid=test_id
            >
                <option value="" prop:selected=move || value.get().is_empty()>
                    {move || i18n.t("form.choose")}
                </option>
                // `prop:selected` rather than the attribute: once the user has picked an option, the
                // browser ignores later changes to the `selected` attribute.
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(code, text)| {
                            let selected = {
                                let code = code.clone();
                                move || value.get() == code
                            };
                            view! { <option value=code prop:selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldErrorText id=error_id path=path codes=codes />
        </div>
    }
}

/// Options for a list of wire codes, labelled from the catalogue group `group`.
pub fn code_options(
    i18n: I18n,
    group: &'static str,
    codes: Vec<&'static str>,
) -> Signal<Vec<SelectOption>> {
    Signal::derive(move || {
        codes
            .iter()
            .map(|code| (code.to_string(), i18n.code(group, code)))
            .collect()
    })
}
