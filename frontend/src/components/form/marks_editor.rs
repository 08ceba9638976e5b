//! The list of identification marks: type, body location and description per row, with buttons
//! to add and remove rows.

use leptos::prelude::*;
use trackchild_client::codes::{BodyLocation, MarkType};

use crate::components::form::select_field::{SelectField, code_options};
use crate::components::form::text_field::TextField;
use crate::forms::field_errors::FieldErrors;
use crate::forms::model::MarkForm;
use crate::i18n::use_i18n;

/// Most rows offered; the server accepts 20 marks.
const MAX_MARKS: usize = 20;

/// Editable rows bound to `marks`.
#[component]
pub fn MarksEditor(
    marks: RwSignal<Vec<MarkForm>>,
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let next_key = StoredValue::new(0_u32);
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        marks.update(|rows| {
            if rows.len() < MAX_MARKS {
                rows.push(MarkForm::new(key));
            }
        });
    };
    let row_index =
        move |key: u32| marks.with(|rows| rows.iter().position(|row| row.key == key).unwrap_or(0));

    view! {
        <fieldset class="field marks">
            <legend>{move || i18n.t("field.child.identification_marks")}</legend>
            <For each=move || marks.get() key=|row| row.key let:row>
                {
                    let index = move || row_index(row.key);
                    let remove = move |_| marks.update(|rows| rows.retain(|other| other.key != row.key));
                    view! {
                        <div class="mark-row">
                            {move || {
                                let prefix = format!("child.identification_marks[{}]", index());
                                view! {
                                    <SelectField
                                        path=format!("{prefix}.type")
                                        label="field.mark.type"
                                        value=row.mark_type
                                        options=code_options(
                                            i18n,
                                            "mark_type",
                                            MarkType::ALL.iter().map(|m| m.as_str()).collect(),
                                        )
                                        errors=errors
                                    />
                                    <SelectField
                                        path=format!("{prefix}.body_location")
                                        label="field.mark.body_location"
                                        value=row.body_location
                                        options=code_options(
                                            i18n,
                                            "body_location",
                                            BodyLocation::ALL.iter().map(|b| b.as_str()).collect(),
                                        )
                                        errors=errors
                                    />
                                    <TextField
                                        path=format!("{prefix}.description")
                                        label="field.mark.description"
                                        value=row.description
                                        errors=errors
                                    />
                                }
                            }}
                            <button type="button" class="button secondary" on:click=remove>
                                {move || i18n.t("form.remove_mark")}
                            </button>
                        </div>
                    }
                }
            </For>
            <button type="button" class="button secondary" on:click=add data-testid="add-mark">
                {move || i18n.t("form.add_mark")}
            </button>
        </fieldset>
    }
}
