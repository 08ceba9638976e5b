//! One organisation on the administration screen: status, approve or reject, and its users.

use leptos::prelude::*;
use leptos::task::spawn_local;
use trackchild_client::ClientError;
use trackchild_client::wire::{OrganisationDetail, RegistrationDecision, StateInfo};

use crate::components::admin::codes::{may_decide, may_manage_users, org_type_label};
use crate::components::admin::users_section::UsersSection;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Renders one organisation. Buttons show only for what the logged-in user may do; `on_changed`
/// runs after a decision so the page reloads the list.
#[component]
pub fn OrganisationCard(
    organisation: OrganisationDetail,
    #[prop(into)] states: Signal<Vec<StateInfo>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.me();
    let decides = me.as_ref().is_some_and(|me| may_decide(me, &organisation));
    let manages = me
        .as_ref()
        .is_some_and(|me| may_manage_users(me, &organisation));
    let id = organisation.organisation.id;
    let active = organisation.status == "active";
    let users_open = RwSignal::new(false);

    let org_type = organisation.organisation.org_type.clone();
    let status = organisation.status.clone();
    let jurisdiction = organisation.organisation.jurisdiction.clone();
    let place = move || {
        states.with(|states| {
            let state = jurisdiction
                .state_code
                .and_then(|code| states.iter().find(|state| state.state_code == code));
            let district = jurisdiction.district_code.and_then(|code| {
                state.and_then(|state| state.districts.iter().find(|d| d.district_code == code))
            });
            [
                district.map(|d| d.name.clone()),
                state.map(|s| s.name.clone()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        })
    };

    view! {
        <li class="organisation card" data-testid="organisation" data-status=organisation.status.clone()>
            <p class="hit-heading">
                <strong data-testid="organisation-name">{organisation.organisation.name.clone()}</strong>
                " "
                <span class=format!("badge badge-{}", organisation.status)>
                    {move || i18n.code("org_status", &status)}
                </span>
            </p>
            <p class="hint">
                {move || org_type_label(i18n, &org_type, "")}
                " · "
                {place}
            </p>
            {organisation.registration.clone().map(|registration| {
                let cci_type = registration.cci_type.clone();
                view! {
                    <p class="hint">
                        {move || i18n.code("cci_type", &cci_type)}
                        " · " {registration.registration_number.clone()}
                        " · " {move || i18n.t("field.capacity")} " " {registration.capacity}
                        " · " {move || i18n.t("field.valid_until")} " " {registration.valid_until.to_string()}
                    </p>
                }
            })}
            {organisation.decision_note.clone().map(|note| view! { <p class="hint">{note}</p> })}
            {decides.then(|| view! { <DecisionForm organisation_id=id on_changed=on_changed /> })}
            {manages.then(|| view! {
                <button
                    type="button"
                    class="button"
                    on:click=move |_| users_open.update(|open| *open = !*open)
                    aria-expanded=move || users_open.get().to_string()
                    data-testid="users-toggle"
                >
                    {move || i18n.t("admin.show_users")}
                </button>
                <Show when=move || users_open.get()>
                    <UsersSection organisation_id=id active=active />
                </Show>
            })}
        </li>
    }
}

/// Note and approve/reject buttons for a pending registration.
#[component]
fn DecisionForm(organisation_id: uuid::Uuid, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let note = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ClientError>);
    let pending = RwSignal::new(false);
    let note_id = format!("decision-note-{organisation_id}");

    let decide = move |approve: bool| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let text = note.get_untracked().trim().to_string();
        let decision = RegistrationDecision {
            note: (!text.is_empty()).then_some(text),
        };
        spawn_local(async move {
            let result = session
                .call(move |client| {
                    let decision = decision.clone();
                    async move {
                        if approve {
                            client
                                .approve_organisation(organisation_id, &decision)
                                .await
                        } else {
                            client.reject_organisation(organisation_id, &decision).await
                        }
                    }
                })
                .await;
            pending.set(false);
            match result {
                Ok(_) => on_changed.run(()),
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <div class="decision" data-testid="decision-form">
            <div class="field">
                <label for=note_id.clone()>{move || i18n.t("admin.decision_note")}</label>
                <textarea
                    id=note_id.clone()
                    rows="2"
                    prop:value=move || note.get()
                    on:input=move |event| note.set(event_target_value(&event))
                    data-testid="decision-note"
                ></textarea>
            </div>
            {move || failure.get().map(|error| view! { <ProblemMessage error=error /> })}
            <div class="actions">
                <button
                    type="button"
                    class="button primary"
                    disabled=move || pending.get()
                    on:click=move |_| decide(true)
                    data-testid="approve-organisation"
                >
                    {move || i18n.t("admin.approve")}
                </button>
                <button
                    type="button"
                    class="button danger"
                    disabled=move || pending.get()
                    on:click=move |_| decide(false)
                    data-testid="reject-organisation"
                >
                    {move || i18n.t("admin.reject")}
                </button>
            </div>
        </div>
    }
}
