//! The bar at the top of every screen: product name, the user and their unit, log out, language.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::admin::codes::sees_administration;
use crate::components::layout::language_switch::LanguageSwitch;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Renders the header. The user's name and the logout button show only when logged in.
#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let log_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            session.logout().await;
            navigate("/login", Default::default());
        });
    };

    view! {
        <header class="app-header">
            <A href="/" attr:class="brand" attr:data-testid="home-link">{move || i18n.t("app.name")}</A>
            <LanguageSwitch />
            {move || session.me().map(|me| {
                let log_out = log_out.clone();
                let administers = sees_administration(&me);
                view! {
                    <nav class="app-nav" aria-label=move || i18n.t("nav.label")>
                        <A href="/search" attr:data-testid="nav-search">{move || i18n.t("nav.search")}</A>
                        {administers.then(|| view! {
                            <A href="/admin" attr:data-testid="nav-admin">{move || i18n.t("nav.admin")}</A>
                        })}
                    </nav>
                    <div class="user" data-testid="current-user">
                        <span class="user-name">{me.display_name}</span>
                        <span class="org-name">{me.organisation.name}</span>
                        <button type="button" class="button link" on:click=log_out data-testid="logout">
                            {move || i18n.t("nav.logout")}
                        </button>
                    </div>
                }
            })}
        </header>
    }
}
