//! The found-child form a CWC, DCPU or CCI registers: the child, when and where found, who found
//! the child and in what circumstances.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use trackchild_client::codes::{FoundBy, FoundCircumstances};
use trackchild_client::wire::FoundReport;
use trackchild_client::{ClientError, ReportKind};

use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::form::child_fields::ChildFields;
use crate::components::form::error_summary::ErrorSummary;
use crate::components::form::place_fields::PlaceFields;
use crate::components::form::select_field::{SelectField, code_options};
use crate::components::form::text_field::TextField;
use crate::components::layout::page_title::PageTitle;
use crate::components::report::possible_duplicates::PossibleDuplicatesPanel;
use crate::forms::field_errors::FieldErrors;
use crate::forms::model::FoundForm;
use crate::geography::{loaded_states, states_resource};
use crate::i18n::use_i18n;
use crate::pages::submit_outcome::{CreatedReport, Outcome, new_idempotency_key, outcome_of};
use crate::session::use_session;

/// Registers a found child and opens the new report, where suggestions appear.
#[component]
pub fn NewFoundReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let form = FoundForm::new();
    let states = loaded_states(states_resource(session));
    let errors = RwSignal::new(FieldErrors::default());
    let failure = RwSignal::new(None::<ClientError>);
    // Set when the new report has possible duplicates, which replace the form until the user
    // continues to the report.
    let created = RwSignal::new(None::<CreatedReport>);

    // The key changes once the server has processed a submit. A retry after a transport failure
    // reuses it, so a create whose response was lost makes no second e-file.
    let idempotency_key = StoredValue::new(new_idempotency_key());

    let create: Action<(Value, String), Result<FoundReport, ClientError>> =
        Action::new_local(move |(body, key): &(Value, String)| {
            let (body, key) = (body.clone(), key.clone());
            async move {
                session
                    .call(move |client| {
                        let (body, key) = (body.clone(), key.clone());
                        async move { client.idempotent(key).create_found_report_json(&body).await }
                    })
                    .await
            }
        });

    Effect::new(move |_| {
        let Some(result) = create.value().get() else {
            return;
        };
        let result = result.map(|report| CreatedReport {
            id: report.id,
            case_number: report.case_number,
            possible_duplicates: report.possible_duplicates,
        });
        let outcome = outcome_of(result, &form.input_paths());
        if outcome.reached_server() {
            idempotency_key.set_value(new_idempotency_key());
        }
        match outcome {
            Outcome::Created(report) if report.needs_duplicate_review() => {
                created.set(Some(report));
                // The panel replaces a long form, so bring its heading into view.
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
            Outcome::Created(report) => {
                navigate(&format!("/found-reports/{}", report.id), Default::default())
            }
            Outcome::Invalid(placed) => {
                errors.set(placed);
                failure.set(None);
            }
            Outcome::Failed(error) => {
                errors.set(FieldErrors::default());
                failure.set(Some(error));
            }
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        create.dispatch((form.to_json(), idempotency_key.get_value()));
    };

    view! {
        <main class="page form-page">
            <PageTitle key="found_form.title" />
            <h1>{move || i18n.t("found_form.title")}</h1>
            {move || created.get().map(|report| view! {
                <PossibleDuplicatesPanel kind=ReportKind::Found created=report />
            })}
            <form on:submit=submit novalidate=true hidden=move || created.with(Option::is_some) data-testid="found-form">
                <ErrorSummary errors=errors />
                <ChildFields child=form.child errors=errors />
                <fieldset class="section">
                    <legend>{move || i18n.t("form.section.found")}</legend>
                    <TextField path="found_date" label="field.found_date" value=form.found_date errors=errors input_type="date" required=true />
                    <PlaceFields place=form.found_place states=states errors=errors text_label="field.place.text" />
                    <SelectField
                        path="found_by"
                        label="field.found_by"
                        value=form.found_by
                        options=code_options(i18n, "found_by", FoundBy::ALL.iter().map(|c| c.as_str()).collect())
                        errors=errors
                    />
                    <SelectField
                        path="circumstances"
                        label="field.found_circumstances"
                        value=form.circumstances
                        options=code_options(i18n, "found_circumstances", FoundCircumstances::ALL.iter().map(|c| c.as_str()).collect())
                        errors=errors
                    />
                </fieldset>
                {move || failure.get().map(|error| view! { <ProblemMessage error=error /> })}
                <button type="submit" class="button primary" disabled=move || create.pending().get() data-testid="submit-report">
                    {move || i18n.t("found_form.submit")}
                </button>
            </form>
        </main>
    }
}
