//! The missing-report form a police station files: the child, when and where last seen, the FIR
//! and the complainant. The server validates; its errors appear next to each field.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use trackchild_client::codes::MissingCircumstances;
use trackchild_client::wire::MissingReport;
use trackchild_client::{ClientError, ReportKind};
use trackchild_domain::input::COMPLAINANT_RELATIONS;

use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::form::child_fields::ChildFields;
use crate::components::form::error_summary::ErrorSummary;
use crate::components::form::place_fields::PlaceFields;
use crate::components::form::select_field::{SelectField, code_options};
use crate::components::form::text_field::TextField;
use crate::components::layout::page_title::PageTitle;
use crate::components::report::possible_duplicates::PossibleDuplicatesPanel;
use crate::forms::field_errors::FieldErrors;
use crate::forms::model::MissingForm;
use crate::geography::{loaded_states, states_resource};
use crate::i18n::use_i18n;
use crate::pages::submit_outcome::{CreatedReport, Outcome, new_idempotency_key, outcome_of};
use crate::session::use_session;

/// Files a missing report and opens it.
#[component]
pub fn NewMissingReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let form = MissingForm::new();
    let states = loaded_states(states_resource(session));
    let errors = RwSignal::new(FieldErrors::default());
    let failure = RwSignal::new(None::<ClientError>);
    // Set when the new report has possible duplicates, which replace the form until the user
    // continues to the report.
    let created = RwSignal::new(None::<CreatedReport>);
    let is_police = move || session.org_type().as_deref() == Some("police_station");

    // The key changes once the server has processed a submit. A retry after a transport failure
    // reuses it, so a create whose response was lost makes no second e-file.
    let idempotency_key = StoredValue::new(new_idempotency_key());

    let create: Action<(Value, String), Result<MissingReport, ClientError>> =
        Action::new_local(move |(body, key): &(Value, String)| {
            let (body, key) = (body.clone(), key.clone());
            async move {
                session
                    .call(move |client| {
                        let (body, key) = (body.clone(), key.clone());
                        async move {
                            client
                                .idempotent(key)
                                .create_missing_report_json(&body)
                                .await
                        }
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
            Outcome::Created(report) => navigate(
                &format!("/missing-reports/{}", report.id),
                Default::default(),
            ),
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
            <PageTitle key="missing_form.title" />
            <h1>{move || i18n.t("missing_form.title")}</h1>
            <Show when=move || !is_police()>
                <p class="alert info">{move || i18n.t("missing_form.police_only")}</p>
            </Show>
            {move || created.get().map(|report| view! {
                <PossibleDuplicatesPanel kind=ReportKind::Missing created=report />
            })}
            <form on:submit=submit novalidate=true hidden=move || created.with(Option::is_some) data-testid="missing-form">
                <ErrorSummary errors=errors />
                <ChildFields child=form.child errors=errors />
                <fieldset class="section">
                    <legend>{move || i18n.t("form.section.last_seen")}</legend>
                    <TextField path="last_seen_date" label="field.last_seen_date" value=form.last_seen_date errors=errors input_type="date" required=true />
                    <PlaceFields place=form.last_seen_place states=states errors=errors text_label="field.place.text" />
                </fieldset>
                <Show when=is_police>
                    <fieldset class="section">
                        <legend>{move || i18n.t("form.section.police")}</legend>
                        <TextField path="fir_number" label="field.fir_number" value=form.fir_number errors=errors hint="hint.fir" />
                        <TextField path="fir_date" label="field.fir_date" value=form.fir_date errors=errors input_type="date" />
                        <SelectField
                            path="circumstances"
                            label="field.missing_circumstances"
                            value=form.circumstances
                            options=code_options(i18n, "missing_circumstances", MissingCircumstances::ALL.iter().map(|c| c.as_str()).collect())
                            errors=errors
                        />
                        <SelectField
                            path="complainant_relation"
                            label="field.complainant_relation"
                            value=form.complainant_relation
                            options=code_options(i18n, "relation", COMPLAINANT_RELATIONS.to_vec())
                            errors=errors
                        />
                        <TextField path="complainant_phone" label="field.complainant_phone" value=form.complainant_phone errors=errors input_type="tel" hint="hint.phone" />
                    </fieldset>
                </Show>
                {move || failure.get().map(|error| view! { <ProblemMessage error=error /> })}
                <button type="submit" class="button primary" disabled=move || create.pending().get() data-testid="submit-report">
                    {move || i18n.t("missing_form.submit")}
                </button>
            </form>
        </main>
    }
}
