//! The login screen: username and password, with the language switch above it.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use trackchild_client::ClientError;

use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::form::text_field::TextField;
use crate::components::layout::page_title::PageTitle;
use crate::forms::field_errors::FieldErrors;
use crate::i18n::use_i18n;
use crate::session::{Phase, use_session};

/// Logs in and goes to the dashboard; a user already logged in goes there at once.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let no_field_errors = Signal::derive(FieldErrors::default);

    let login: Action<(String, String), Result<(), ClientError>> =
        Action::new_local(move |(username, password): &(String, String)| {
            let (username, password) = (username.clone(), password.clone());
            async move { session.login(&username, &password).await }
        });

    Effect::new(move |_| {
        if session.phase() == Phase::LoggedIn {
            navigate("/", Default::default());
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        login.dispatch((
            username.get_untracked().trim().to_string(),
            password.get_untracked(),
        ));
    };
    let error = move || login.value().get().and_then(Result::err);

    view! {
        <main class="page login-page">
            <PageTitle key="login.title" />
            <h1>{move || i18n.t("login.title")}</h1>
            <p class="lead">{move || i18n.t("login.lead")}</p>
            <form on:submit=submit novalidate=true data-testid="login-form">
                <TextField path="username" label="login.username" value=username errors=no_field_errors autocomplete="username" required=true />
                <TextField
                    path="password"
                    label="login.password"
                    value=password
                    errors=no_field_errors
                    input_type="password"
                    autocomplete="current-password"
                    required=true
                />
                {move || error().map(|error| view! { <ProblemMessage error=error /> })}
                <button type="submit" class="button primary" disabled=move || login.pending().get() data-testid="login-submit">
                    {move || i18n.t("login.submit")}
                </button>
            </form>
            <p class="hint">{move || i18n.t("login.help")}</p>
        </main>
    }
}
