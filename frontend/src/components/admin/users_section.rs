//! The users of one organisation: the list, a password reset per user and the add-user form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use trackchild_client::ClientError;
use trackchild_client::wire::{NewUserRequest, Page, PasswordReset, UserView};
use uuid::Uuid;

use crate::components::admin::codes::ROLES;
use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::form::select_field::{SelectField, code_options};
use crate::components::form::text_field::TextField;
use crate::forms::field_errors::FieldErrors;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Inputs of the add-user form, by wire path.
const USER_INPUTS: &[&str] = &["username", "display_name", "password", "role"];

/// Renders the users of `organisation_id`. The add-user form shows only for an active
/// organisation, because the server rejects users for pending or rejected ones.
#[component]
pub fn UsersSection(organisation_id: Uuid, active: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reload = RwSignal::new(0_u32);
    let users: LocalResource<Result<Page<UserView>, ClientError>> = LocalResource::new(move || {
        reload.track();
        async move {
            session
                .call(move |client| async move { client.organisation_users(organisation_id).await })
                .await
        }
    });

    let list = move || {
        users.get().map(|result| match result {
            Ok(page) if page.items.is_empty() => {
                view! { <p class="empty">{move || i18n.t("admin.no_users")}</p> }.into_any()
            }
            Ok(page) => view! {
                <ul class="list user-list" data-testid="user-list">
                    {page.items.into_iter().map(|user| view! { <UserRow user=user /> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
        })
    };

    view! {
        <section class="users" data-testid="users-section">
            <h3>{move || i18n.t("admin.users")}</h3>
            <Transition fallback=Loading>{list}</Transition>
            {active.then(|| view! {
                <AddUserForm
                    organisation_id=organisation_id
                    on_added=Callback::new(move |()| reload.update(|n| *n += 1))
                />
            })}
        </section>
    }
}

/// One user with a button that opens the password reset form. Service accounts have no password.
#[component]
fn UserRow(user: UserView) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let role = user.role.clone();
    let person = user.kind == "person";
    let user_id = user.id;

    view! {
        <li class="user-row" data-testid="user-row" data-username=user.username.clone()>
            <p>
                <strong>{user.display_name.clone()}</strong>
                " · "
                <span class="case-number">{user.username.clone()}</span>
                " · "
                {move || i18n.code("role", &role)}
            </p>
            {person.then(|| view! {
                <button
                    type="button"
                    class="button link"
                    on:click=move |_| open.update(|open| *open = !*open)
                    aria-expanded=move || open.get().to_string()
                    data-testid="reset-password-open"
                >
                    {move || i18n.t("admin.reset_password")}
                </button>
                <Show when=move || open.get()>
                    <PasswordResetForm user_id=user_id />
                </Show>
            })}
        </li>
    }
}

/// New password for one user, set by an administrator.
#[component]
fn PasswordResetForm(user_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ClientError>);
    let done = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let input_id = format!("reset-password-{user_id}");
    let error_id = format!("{input_id}-error");
    let field_codes = move || {
        failure.with(|failure| {
            failure
                .as_ref()
                .map(|error| {
                    error
                        .field_errors()
                        .iter()
                        .map(|e| e.code.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        done.set(false);
        failure.set(None);
        let reset = PasswordReset {
            password: password.get_untracked(),
        };
        spawn_local(async move {
            let result = session
                .call(move |client| {
                    let reset = reset.clone();
                    async move { client.reset_password(user_id, &reset).await }
                })
                .await;
            pending.set(false);
            match result {
                Ok(()) => {
                    password.set(String::new());
                    done.set(true);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <form class="inline-form" on:submit=submit novalidate=true data-testid="reset-password-form">
            <div class="field" class:invalid=move || !field_codes().is_empty()>
                <label for=input_id.clone()>{move || i18n.t("admin.new_password")}</label>
                <p class="hint">{move || i18n.t("admin.password_hint")}</p>
                <input
                    id=input_id.clone()
                    type="password"
                    autocomplete="new-password"
                    prop:value=move || password.get()
                    on:input=move |event| password.set(event_target_value(&event))
                    aria-describedby=error_id.clone()
                    data-testid="reset-password-input"
                />
                <p class="field-error" id=error_id.clone() data-testid="reset-password-error">
                    {move || {
                        field_codes()
                            .iter()
                            .map(|code| i18n.code("field_error", code))
                            .collect::<Vec<_>>()
                            .join(" ")
                    }}
                </p>
            </div>
            {move || {
                failure
                    .get()
                    .filter(|error| error.field_errors().is_empty())
                    .map(|error| view! { <ProblemMessage error=error /> })
            }}
            <Show when=move || done.get()>
                <p class="alert success" role="status" data-testid="reset-password-done">
                    {move || i18n.t("admin.password_reset_done")}
                </p>
            </Show>
            <button
                type="submit"
                class="button primary"
                disabled=move || pending.get() || password.with(String::is_empty)
                data-testid="reset-password-submit"
            >
                {move || i18n.t("admin.reset_password")}
            </button>
        </form>
    }
}

/// Form that creates a user in the organisation; `on_added` runs after the server created it.
/// NOTE: its inputs take their ids from the wire paths (`username`, `password`), so two forms
/// open at once, for two organisations, repeat those ids and each label points at the first.
#[component]
fn AddUserForm(organisation_id: Uuid, on_added: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let failure = RwSignal::new(None::<ClientError>);
    let added = RwSignal::new(false);
    let pending = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        added.set(false);
        failure.set(None);
        errors.set(FieldErrors::default());
        let request = NewUserRequest {
            username: username.get_untracked().trim().to_string(),
            display_name: display_name.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            role: role.get_untracked(),
        };
        spawn_local(async move {
            let result = session
                .call(move |client| {
                    let request = request.clone();
                    async move { client.create_user(organisation_id, &request).await }
                })
                .await;
            pending.set(false);
            match result {
                Ok(_) => {
                    for field in [username, display_name, password, role] {
                        field.set(String::new());
                    }
                    added.set(true);
                    on_added.run(());
                }
                Err(error) => {
                    let inputs: Vec<String> = USER_INPUTS.iter().map(|s| s.to_string()).collect();
                    errors.set(FieldErrors::place(error.field_errors(), &inputs));
                    failure.set(Some(error));
                }
            }
        });
    };

    view! {
        <form class="add-user" on:submit=submit novalidate=true data-testid="add-user-form">
            <h4>{move || i18n.t("admin.add_user")}</h4>
            <TextField path="username" label="field.username" value=username errors=errors required=true autocomplete="off" />
            <TextField path="display_name" label="field.display_name" value=display_name errors=errors required=true />
            <TextField
                path="password"
                label="field.password"
                hint="admin.password_hint"
                value=password
                errors=errors
                input_type="password"
                required=true
                autocomplete="new-password"
            />
            <SelectField
                path="role"
                label="field.role"
                value=role
                options=code_options(i18n, "role", ROLES.to_vec())
                errors=errors
                required=true
            />
            {move || {
                failure
                    .get()
                    .filter(|error| error.field_errors().is_empty())
                    .map(|error| view! { <ProblemMessage error=error /> })
            }}
            <Show when=move || added.get()>
                <p class="alert success" role="status" data-testid="user-added">{move || i18n.t("admin.user_added")}</p>
            </Show>
            <button type="submit" class="button primary" disabled=move || pending.get() data-testid="add-user-submit">
                {move || i18n.t("admin.add_user")}
            </button>
        </form>
    }
}
