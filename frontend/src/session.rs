//! The login session in context: the anonymous client, the logged-in client and the user.
//!
//! The access token lives only in memory. On page load the session resumes from the HttpOnly
//! refresh cookie, so a reload keeps the user logged in. A call that gets 401 refreshes through
//! the cookie once and retries.

use std::future::Future;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;
use trackchild_client::wire::Me;
use trackchild_client::{AuthedClient, Client, ClientError};

/// Lifecycle state of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The page just loaded and the refresh cookie is being tried.
    Resuming,
    LoggedOut,
    LoggedIn,
}

type PendingRefresh = Shared<LocalBoxFuture<'static, Result<AuthedClient, ClientError>>>;

/// The session context. Copy it freely; every copy refers to the same state.
#[derive(Clone, Copy)]
pub struct Session {
    anonymous: StoredValue<Client, LocalStorage>,
    authed: RwSignal<Option<AuthedClient>, LocalStorage>,
    me: RwSignal<Option<Me>>,
    phase: RwSignal<Phase>,
    /// The refresh in flight, shared by every call that got 401 meanwhile: the refresh token is
    /// single use, so two refreshes with the same cookie would fail.
    pending_refresh: StoredValue<Option<PendingRefresh>, LocalStorage>,
}

impl Session {
    /// Current phase, reactively.
    pub fn phase(&self) -> Phase {
        self.phase.get()
    }

    /// Returns the logged-in user, reactively, or `None` while logged out.
    pub fn me(&self) -> Option<Me> {
        self.me.get()
    }

    /// Organisation type code of the user (`police_station`, `cwc`, …), reactively.
    pub fn org_type(&self) -> Option<String> {
        self.me
            .with(|me| me.as_ref().map(|me| me.organisation.org_type.clone()))
    }

    /// Logs in and loads the user; on success the phase becomes [`Phase::LoggedIn`].
    pub async fn login(&self, username: &str, password: &str) -> Result<(), ClientError> {
        let client = self.anonymous.get_value();
        let authed = client.login(username, password).await?;
        let me = authed.me().await?;
        self.start(authed, me);
        Ok(())
    }

    /// Revokes the refresh token and ends the local session, even when the server cannot be reached.
    pub async fn logout(&self) {
        if let Some(authed) = self.authed.get_untracked() {
            // The local session ends either way; a failed revoke leaves a token that expires.
            let _ = authed.logout().await;
        }
        self.end();
    }

    /// Runs `call` with the logged-in client. On 401 it refreshes through the cookie once and runs
    /// `call` again. When that refresh fails, the session ends and the login page is shown.
    pub async fn call<T, F, Fut>(&self, call: F) -> Result<T, ClientError>
    where
        F: Fn(AuthedClient) -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        let Some(authed) = self.authed.get_untracked() else {
            return Err(not_logged_in());
        };
        match call(authed).await {
            Err(error) if error.is_status(401) => {
                let refreshed = self.refresh().await?;
                call(refreshed).await
            }
            other => other,
        }
    }

    async fn refresh(&self) -> Result<AuthedClient, ClientError> {
        let pending = self.pending_refresh.get_value().unwrap_or_else(|| {
            let client = self.anonymous.get_value();
            let refresh = async move { client.resume_from_cookie().await }
                .boxed_local()
                .shared();
            self.pending_refresh.set_value(Some(refresh.clone()));
            refresh
        });
        let result = pending.await;
        self.pending_refresh.set_value(None);
        match &result {
            Ok(authed) => self.authed.set(Some(authed.clone())),
            Err(_) => self.end(),
        }
        result
    }

    fn start(&self, authed: AuthedClient, me: Me) {
        self.authed.set(Some(authed));
        self.me.set(Some(me));
        self.phase.set(Phase::LoggedIn);
    }

    fn end(&self) {
        self.authed.set(None);
        self.me.set(None);
        self.phase.set(Phase::LoggedOut);
    }

    async fn resume(&self) {
        let client = self.anonymous.get_value();
        let resumed = match client.resume_from_cookie().await {
            Ok(authed) => authed.me().await.map(|me| (authed, me)),
            Err(error) => Err(error),
        };
        match resumed {
            Ok((authed, me)) => self.start(authed, me),
            Err(_) => self.end(),
        }
    }
}

/// Builds the error a call gets when no user is logged in. It carries `unauthenticated`, the code the
/// server sends for a missing token, so the view shows the same text for both.
fn not_logged_in() -> ClientError {
    ClientError::Api {
        status: 401,
        problem: trackchild_client::wire::Problem {
            problem_type: "about:blank".to_string(),
            title: "Not logged in".to_string(),
            status: 401,
            detail: "log in first".to_string(),
            code: "unauthenticated".to_string(),
            errors: Vec::new(),
        },
    }
}

/// Creates the session for the server that served this page and starts resuming it from the
/// refresh cookie.
pub fn provide_session() -> Session {
    let session = Session {
        anonymous: StoredValue::new_local(Client::new(page_origin())),
        authed: RwSignal::new_local(None),
        me: RwSignal::new(None),
        phase: RwSignal::new(Phase::Resuming),
        pending_refresh: StoredValue::new_local(None),
    };
    provide_context(session);
    spawn_local(async move { session.resume().await });
    session
}

/// Returns the session provided by [`provide_session`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Origin of the page, e.g. `http://127.0.0.1:8080`; the API is served from the same origin.
fn page_origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_string())
}
