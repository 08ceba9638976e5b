//! Administration: the user's organisation and the bodies it registered, registering new ones,
//! approving or rejecting pending registrations, and managing users.

use leptos::prelude::*;
use trackchild_client::ClientError;
use trackchild_client::wire::{OrgTypeView, OrganisationDetail, Page};

use crate::components::admin::codes::{may_register, sees_administration};
use crate::components::admin::organisation_card::OrganisationCard;
use crate::components::admin::register_form::RegisterOrganisationForm;
use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::layout::page_title::PageTitle;
use crate::geography::{loaded_states, states_resource};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Administration page for organisation administrators, supervisors and system administrators.
/// Other users reach it only by typing the address, and see a translated "not allowed" message.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let states = loaded_states(states_resource(session));
    let reload = RwSignal::new(0_u32);
    let allowed = move || session.me().is_some_and(|me| sees_administration(&me));
    let registers = move || session.me().is_some_and(|me| may_register(&me));

    let organisations: LocalResource<Result<Page<OrganisationDetail>, ClientError>> =
        LocalResource::new(move || {
            reload.track();
            async move {
                session
                    .call(|client| async move { client.organisations().await })
                    .await
            }
        });
    let types: LocalResource<Result<Vec<OrgTypeView>, ClientError>> =
        LocalResource::new(move || async move {
            session
                .call(|client| async move { client.organisation_types().await })
                .await
        });
    let loaded_types = Signal::derive(move || types.get().and_then(Result::ok).unwrap_or_default());
    let on_changed = Callback::new(move |()| reload.update(|n| *n += 1));

    let list = move || {
        organisations.get().map(|result| match result {
            Ok(page) => view! {
                <ul class="list organisations" data-testid="organisations">
                    {page
                        .items
                        .into_iter()
                        .map(|organisation| view! {
                            <OrganisationCard organisation=organisation states=states on_changed=on_changed />
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };

    view! {
        <main class="page admin-page">
            <PageTitle key="admin.title" />
            <h1>{move || i18n.t("admin.title")}</h1>
            <Show
                when=allowed
                fallback=move || view! {
                    <p class="alert error" role="alert" data-testid="admin-forbidden">{move || i18n.t("error.forbidden")}</p>
                }
            >
                <section>
                    <h2>{move || i18n.t("admin.organisations")}</h2>
                    <Transition fallback=Loading>{list}</Transition>
                </section>
                <Show when=registers>
                    <section>
                        <h2>{move || i18n.t("admin.register_title")}</h2>
                        <RegisterOrganisationForm types=loaded_types states=states on_registered=on_changed />
                    </section>
                </Show>
            </Show>
        </main>
    }
}
