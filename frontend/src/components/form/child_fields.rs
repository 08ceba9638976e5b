//! The inputs of the `child` object shared by the missing and found forms.

use leptos::prelude::*;
use trackchild_client::codes::{AgeBasis, Build, Complexion, Sex};

use crate::components::form::language_checkboxes::LanguageCheckboxes;
use crate::components::form::marks_editor::MarksEditor;
use crate::components::form::select_field::{SelectField, code_options};
use crate::components::form::text_field::TextField;
use crate::forms::field_errors::FieldErrors;
use crate::forms::model::ChildForm;
use crate::i18n::use_i18n;

/// Name, sex, age, appearance, marks, languages, parents and dress.
#[component]
pub fn ChildFields(child: ChildForm, #[prop(into)] errors: Signal<FieldErrors>) -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <fieldset class="section">
            <legend>{move || i18n.t("form.section.child")}</legend>
            <TextField path="child.name" label="field.child.name" value=child.name errors=errors hint="hint.child.name" />
            <TextField path="child.aliases" label="field.child.aliases" value=child.aliases errors=errors hint="hint.child.aliases" />
            <SelectField
                path="child.sex"
                label="field.child.sex"
                value=child.sex
                options=code_options(i18n, "sex", Sex::ALL.iter().map(|v| v.as_str()).collect())
                errors=errors
                required=true
            />
            <TextField path="child.date_of_birth" label="field.child.date_of_birth" value=child.date_of_birth errors=errors input_type="date" />
            <div class="field-pair">
                <TextField path="child.age_years_min" label="field.child.age_years_min" value=child.age_years_min errors=errors input_type="number" />
                <TextField path="child.age_years_max" label="field.child.age_years_max" value=child.age_years_max errors=errors input_type="number" />
            </div>
            <SelectField
                path="child.age_basis"
                label="field.child.age_basis"
                value=child.age_basis
                options=code_options(i18n, "age_basis", AgeBasis::ALL.iter().map(|v| v.as_str()).collect())
                errors=errors
            />
            <TextField path="child.height_cm" label="field.child.height_cm" value=child.height_cm errors=errors input_type="number" />
            <SelectField
                path="child.build"
                label="field.child.build"
                value=child.build
                options=code_options(i18n, "build", Build::ALL.iter().map(|v| v.as_str()).collect())
                errors=errors
            />
            <SelectField
                path="child.complexion"
                label="field.child.complexion"
                value=child.complexion
                options=code_options(i18n, "complexion", Complexion::ALL.iter().map(|v| v.as_str()).collect())
                errors=errors
            />
            <MarksEditor marks=child.marks errors=errors />
            <LanguageCheckboxes selected=child.languages errors=errors />
            <TextField path="child.father_name" label="field.child.father_name" value=child.father_name errors=errors />
            <TextField path="child.mother_name" label="field.child.mother_name" value=child.mother_name errors=errors />
            <TextField path="child.guardian_name" label="field.child.guardian_name" value=child.guardian_name errors=errors />
            <TextField path="child.dress" label="field.child.dress" value=child.dress errors=errors multiline=true />
        </fieldset>
    }
}
