//! The root component: contexts, header and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::app_header::AppHeader;
use crate::components::layout::require_login::RequireLogin;
use crate::i18n::provide_i18n;
use crate::pages::admin::AdminPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::found_report_detail::FoundReportDetailPage;
use crate::pages::login::LoginPage;
use crate::pages::match_review::MatchReviewPage;
use crate::pages::missing_report_detail::MissingReportDetailPage;
use crate::pages::new_found_report::NewFoundReportPage;
use crate::pages::new_missing_report::NewMissingReportPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::search::SearchPage;
use crate::session::provide_session;

/// Renders the whole app. Every screen but login requires a session.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_session();

    view! {
        <Router>
            <AppHeader />
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/") view=|| view! { <RequireLogin><DashboardPage /></RequireLogin> } />
                <Route path=path!("/missing-reports/new") view=|| view! { <RequireLogin><NewMissingReportPage /></RequireLogin> } />
                <Route path=path!("/found-reports/new") view=|| view! { <RequireLogin><NewFoundReportPage /></RequireLogin> } />
                <Route path=path!("/missing-reports/:id") view=|| view! { <RequireLogin><MissingReportDetailPage /></RequireLogin> } />
                <Route path=path!("/found-reports/:id") view=|| view! { <RequireLogin><FoundReportDetailPage /></RequireLogin> } />
                <Route path=path!("/matches/:id") view=|| view! { <RequireLogin><MatchReviewPage /></RequireLogin> } />
                <Route path=path!("/search") view=|| view! { <RequireLogin><SearchPage /></RequireLogin> } />
                <Route path=path!("/admin") view=|| view! { <RequireLogin><AdminPage /></RequireLogin> } />
            </Routes>
        </Router>
    }
}
