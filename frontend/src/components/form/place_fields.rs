//! State, district and free-text description of a place, with the district list following the
//! chosen State.

use leptos::prelude::*;
use trackchild_client::wire::StateInfo;

use crate::components::form::select_field::{SelectField, SelectOption};
use crate::components::form::text_field::TextField;
use crate::forms::field_errors::FieldErrors;
use crate::forms::model::PlaceForm;

/// Renders the three inputs of a place. `states` is the reference geography from the server.
#[component]
pub fn PlaceFields(
    place: PlaceForm,
    #[prop(into)] states: Signal<Vec<StateInfo>>,
    #[prop(into)] errors: Signal<FieldErrors>,
    /// Catalogue key of the free-text label, e.g. `field.last_seen_place.text`.
    text_label: &'static str,
) -> impl IntoView {
    let state_options = Signal::derive(move || {
        states.with(|states| {
            states
                .iter()
                .map(|state| (state.state_code.to_string(), state.name.clone()))
                .collect::<Vec<SelectOption>>()
        })
    });
    let district_options = Signal::derive(move || {
        let chosen = place.state_code.get();
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

    // A district of the previous State would be rejected by the server; clear it on a change.
    Effect::new(move |previous: Option<String>| {
        let current = place.state_code.get();
        if previous.is_some_and(|previous| previous != current) {
            place.district_code.set(String::new());
        }
        current
    });

    let path = place.path;
    view! {
        <SelectField
            path=format!("{path}.state_code")
            label="field.place.state_code"
            value=place.state_code
            options=state_options
            errors=errors
            required=true
        />
        <SelectField
            path=format!("{path}.district_code")
            label="field.place.district_code"
            value=place.district_code
            options=district_options
            errors=errors
            required=true
        />
        <TextField path=format!("{path}.text") label=text_label value=place.text errors=errors />
    }
}
