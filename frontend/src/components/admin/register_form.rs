//! The form that registers a body under the user's organisation, with CCI registration details
//! for child care institutions and adoption agencies.

use leptos::prelude::*;
use leptos::task::spawn_local;
use trackchild_client::ClientError;
use trackchild_client::wire::{
    CciRegistration, FieldError, NewOrganisationRequest, OrgTypeView, StateInfo,
};
use trackchild_domain::access::OrgType;

use crate::components::admin::codes::{CCI_TYPES, REGISTERED_TYPES, org_type_label};
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::form::select_field::{SelectField, SelectOption, code_options};
use crate::components::form::text_field::TextField;
use crate::forms::field_errors::FieldErrors;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Inputs of the form, by wire path.
const INPUTS: &[&str] = &[
    "name",
    "org_type",
    "state_code",
    "district_code",
    "registration.cci_type",
    "registration.capacity",
    "registration.registration_number",
    "registration.valid_until",
];

/// Renders the registration form. The type list holds only the types the user's organisation
/// registers; `on_registered` runs after the server created the body.
#[component]
pub fn RegisterOrganisationForm(
    #[prop(into)] types: Signal<Vec<OrgTypeView>>,
    #[prop(into)] states: Signal<Vec<StateInfo>>,
    on_registered: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let org_type = RwSignal::new(String::new());
    let state_code = RwSignal::new(String::new());
    let district_code = RwSignal::new(String::new());
    let cci_type = RwSignal::new(String::new());
    let capacity = RwSignal::new(String::new());
    let registration_number = RwSignal::new(String::new());
    let valid_until = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let failure = RwSignal::new(None::<ClientError>);
    let registered = RwSignal::new(false);
    let pending = RwSignal::new(false);

    let own_type = move || session.org_type().and_then(|code| OrgType::parse(&code));
    let type_options = Signal::derive(move || {
        let Some(own) = own_type() else {
            return Vec::new();
        };
        types.with(|types| {
            types
                .iter()
                .filter(|view| OrgType::parse(&view.code).is_some_and(|child| own.registers(child)))
                .map(|view| {
                    (
                        view.code.clone(),
                        org_type_label(i18n, &view.code, &view.full_name),
                    )
                })
                .collect::<Vec<SelectOption>>()
        })
    });
    let level = move || {
        let chosen = org_type.get();
        types.with(|types| {
            types
                .iter()
                .find(|view| view.code == chosen)
                .map(|view| view.level.clone())
        })
    };
    let needs_state = move || level().is_some_and(|level| level != "nation");
    let needs_district =
        move || level().is_some_and(|level| !matches!(level.as_str(), "nation" | "state"));
    let needs_registration = move || REGISTERED_TYPES.contains(&org_type.get().as_str());

    let state_options = Signal::derive(move || {
        states.with(|states| {
            states
                .iter()
                .map(|state| (state.state_code.to_string(), state.name.clone()))
                .collect::<Vec<SelectOption>>()
        })
    });
    let district_options = Signal::derive(move || {
        let chosen = state_code.get();
        states.with(|states| {
            states
                .iter()
                .find(|state| state.state_code.to_string() == chosen)
                .map(|state| {
                    state
                        .districts
                        .iter()
                        .map(|district| (district.district_code.to_string(), district.name.clone()))
                        .collect::<Vec<SelectOption>>()
                })
                .unwrap_or_default()
        })
    });
    // A district of the previous State would be rejected by the server, so clear it on a change.
    Effect::new(move |previous: Option<String>| {
        let current = state_code.get();
        if previous.is_some_and(|previous| previous != current) {
            district_code.set(String::new());
        }
        current
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        registered.set(false);
        failure.set(None);
        let inputs: Vec<String> = INPUTS.iter().map(|path| path.to_string()).collect();
        let registration = if needs_registration() {
            match registration_of(
                &cci_type.get_untracked(),
                &capacity.get_untracked(),
                &registration_number.get_untracked(),
                &valid_until.get_untracked(),
            ) {
                Ok(registration) => Some(registration),
                Err(local) => {
                    errors.set(FieldErrors::place(&local, &inputs));
                    return;
                }
            }
        } else {
            None
        };
        errors.set(FieldErrors::default());
        pending.set(true);
        let request = NewOrganisationRequest {
            name: name.get_untracked().trim().to_string(),
            org_type: org_type.get_untracked(),
            state_code: state_code
                .get_untracked()
                .parse()
                .ok()
                .filter(|_| needs_state()),
            district_code: district_code
                .get_untracked()
                .parse()
                .ok()
                .filter(|_| needs_district()),
            sub_division_code: None,
            block_code: None,
            village_code: None,
            registration,
        };
        spawn_local(async move {
            let result = session
                .call(move |client| {
                    let request = request.clone();
                    async move { client.register_organisation(&request).await }
                })
                .await;
            pending.set(false);
            match result {
                Ok(_) => {
                    for field in [
                        name,
                        org_type,
                        state_code,
                        district_code,
                        cci_type,
                        capacity,
                        registration_number,
                        valid_until,
                    ] {
                        field.set(String::new());
                    }
                    registered.set(true);
                    on_registered.run(());
                }
                Err(error) => {
                    errors.set(FieldErrors::place(error.field_errors(), &inputs));
                    failure.set(Some(error));
                }
            }
        });
    };

    view! {
        <form class="register-organisation" on:submit=submit novalidate=true data-testid="register-organisation-form">
            <TextField path="name" label="field.organisation_name" value=name errors=errors required=true />
            <SelectField path="org_type" label="field.org_type" value=org_type options=type_options errors=errors required=true />
            <Show when=needs_state>
                <SelectField path="state_code" label="field.place.state_code" value=state_code options=state_options errors=errors required=true />
            </Show>
            <Show when=needs_district>
                <SelectField path="district_code" label="field.place.district_code" value=district_code options=district_options errors=errors required=true />
            </Show>
            <Show when=needs_registration>
                <fieldset class="field registration" data-testid="cci-registration">
                    <legend>{move || i18n.t("admin.registration")}</legend>
                    <SelectField
                        path="registration.cci_type"
                        label="field.cci_type"
                        value=cci_type
                        options=code_options(i18n, "cci_type", CCI_TYPES.to_vec())
                        errors=errors
                        required=true
                    />
                    <TextField path="registration.capacity" label="field.capacity" value=capacity errors=errors input_type="number" required=true />
                    <TextField path="registration.registration_number" label="field.registration_number" value=registration_number errors=errors required=true />
                    <TextField path="registration.valid_until" label="field.valid_until" value=valid_until errors=errors input_type="date" required=true />
                </fieldset>
            </Show>
            {move || {
                failure
                    .get()
                    .filter(|error| error.field_errors().is_empty())
                    .map(|error| view! { <ProblemMessage error=error /> })
            }}
            <Show when=move || registered.get()>
                <p class="alert success" role="status" data-testid="organisation-registered">{move || i18n.t("admin.registered")}</p>
            </Show>
            <button type="submit" class="button primary" disabled=move || pending.get() data-testid="register-organisation-submit">
                {move || i18n.t("admin.register")}
            </button>
        </form>
    }
}

/// Builds the CCI registration from the inputs, or the field errors of inputs that cannot be sent
/// as their wire types (the server checks the rest).
fn registration_of(
    cci_type: &str,
    capacity: &str,
    registration_number: &str,
    valid_until: &str,
) -> Result<CciRegistration, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut local_error = |field: &str, code: &str| {
        errors.push(FieldError {
            field: field.to_string(),
            code: code.to_string(),
            message: String::new(),
        });
    };
    if cci_type.is_empty() {
        local_error("registration.cci_type", "required");
    }
    if registration_number.trim().is_empty() {
        local_error("registration.registration_number", "required");
    }
    let capacity = match capacity.trim() {
        "" => {
            local_error("registration.capacity", "required");
            None
        }
        text => text.parse::<u32>().ok().or_else(|| {
            local_error("registration.capacity", "out_of_range");
            None
        }),
    };
    let valid_until = match valid_until.trim() {
        "" => {
            local_error("registration.valid_until", "required");
            None
        }
        text => text.parse().ok().or_else(|| {
            local_error("registration.valid_until", "invalid_value");
            None
        }),
    };
    match (capacity, valid_until) {
        (Some(capacity), Some(valid_until)) if errors.is_empty() => Ok(CciRegistration {
            cci_type: cci_type.to_string(),
            capacity,
            registration_number: registration_number.trim().to_string(),
            valid_until,
        }),
        _ => Err(errors),
    }
}
