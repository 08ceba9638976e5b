//! The gate in front of every screen but login.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::feedback::loading::Loading;
use crate::session::{Phase, use_session};

/// Shows `children` when logged in, "Loading…" while the session resumes from the cookie, and
/// sends everyone else to the login page.
#[component]
pub fn RequireLogin(children: ChildrenFn) -> impl IntoView {
    let session = use_session();

    move || match session.phase() {
        Phase::Resuming => view! { <Loading /> }.into_any(),
        Phase::LoggedOut => view! { <Redirect path="/login" /> }.into_any(),
        Phase::LoggedIn => children().into_any(),
    }
}
