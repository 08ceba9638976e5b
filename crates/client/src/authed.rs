//! [`AuthedClient`]: a logged-in client holding its tokens, with a method for every v1 endpoint.

use std::sync::{Arc, Mutex, PoisonError};

use reqwest::header::{AUTHORIZATION, IF_MATCH};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use serde_json::Value;
use trackchild_domain::codes::MatchStatus;
use trackchild_domain::wire::{
    ConfirmMatch, FoundReport, MatchSuggestion, Me, MissingReport, NewFoundReport,
    NewMissingReport, Page, ProposeMatch, RefreshRequest, RejectMatch, StateInfo, TokenResponse,
    UnlinkMatch,
};
use uuid::Uuid;

use crate::client::{Client, Result};

/// Paging of a list request; both fields default to the server's choice (50 items, first page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListQuery {
    /// Creates the query for the first page with the server's default size.
    pub fn first() -> Self {
        ListQuery::default()
    }

    /// Sets the page size; the server accepts at most 200.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Continues after the page whose `next_cursor` was `cursor`.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }
}

/// The current token pair. Shared by the clones of one [`AuthedClient`], so a refresh through any
/// clone is seen by all of them.
#[derive(Debug)]
struct Tokens {
    access_token: String,
    refresh_token: String,
    expires_in: i64,
}

/// A logged-in client. Cloning is cheap; clones share the token pair.
#[derive(Debug, Clone)]
pub struct AuthedClient {
    client: Client,
    tokens: Arc<Mutex<Tokens>>,
    /// Sent as `Idempotency-Key` on every POST of this clone; see [`AuthedClient::idempotent`].
    idempotency_key: Option<String>,
}

impl AuthedClient {
    /// Wraps tokens obtained elsewhere (a saved session, a test fixture).
    pub fn from_tokens(client: Client, tokens: TokenResponse) -> Self {
        let tokens = Tokens {
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            expires_in: tokens.expires_in,
        };
        AuthedClient {
            client,
            tokens: Arc::new(Mutex::new(tokens)),
            idempotency_key: None,
        }
    }

    /// Returns a clone that sends `Idempotency-Key: key` with its POSTs, so a create or decision
    /// retried after a lost response happens once: within 24 hours the server returns the first
    /// response for the same key, account and route. Use the clone for one logical call and a
    /// new key for the next; the clone shares the token pair with `self`.
    pub fn idempotent(&self, key: impl Into<String>) -> AuthedClient {
        AuthedClient {
            idempotency_key: Some(key.into()),
            ..self.clone()
        }
    }

    /// Anonymous client this one was made from.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Server address, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.client.base_url()
    }

    /// Current access token (a JWT), as sent in `Authorization: Bearer`.
    pub fn access_token(&self) -> String {
        self.lock_tokens().access_token.clone()
    }

    /// Current refresh token; single use, replaced by every [`AuthedClient::refresh`].
    pub fn refresh_token(&self) -> String {
        self.lock_tokens().refresh_token.clone()
    }

    /// Lifetime of the current access token in seconds, as the server stated when issuing it.
    pub fn expires_in(&self) -> i64 {
        self.lock_tokens().expires_in
    }

    /// Rotates the token pair (`POST /auth/refresh` with the held refresh token) and keeps the new
    /// pair. Fails with 401 `invalid_token` when the refresh token was spent or revoked.
    pub async fn refresh(&self) -> Result<()> {
        let body = RefreshRequest {
            refresh_token: Some(self.refresh_token()),
        };
        let request = self
            .client
            .request(Method::POST, "/auth/refresh")?
            .json(&body);
        let tokens: TokenResponse = self.client.execute(request).await?;
        let mut held = self.lock_tokens();
        held.access_token = tokens.access_token;
        held.refresh_token = tokens.refresh_token;
        held.expires_in = tokens.expires_in;
        Ok(())
    }

    /// Revokes the refresh token and clears the refresh cookie (`POST /auth/logout`, 204).
    pub async fn logout(&self) -> Result<()> {
        let body = RefreshRequest {
            refresh_token: Some(self.refresh_token()),
        };
        let request = self.request(Method::POST, "/auth/logout")?.json(&body);
        self.client.execute_empty(request).await
    }

    /// Returns the caller's user, role and organisation (`GET /auth/me`).
    pub async fn me(&self) -> Result<Me> {
        self.get("/auth/me").await
    }

    /// Lists the States/UTs with their districts (`GET /geography/states`).
    pub async fn states(&self) -> Result<Vec<StateInfo>> {
        self.get("/geography/states").await
    }

    /// Files a missing report (`POST /missing-reports`, 201). Only police stations may; others get
    /// 403 `forbidden`. An invalid body gets 422 `validation_failed` listing every bad field.
    pub async fn create_missing_report(&self, report: &NewMissingReport) -> Result<MissingReport> {
        self.post("/missing-reports", report).await
    }

    /// Files a missing report from any JSON body, valid or not.
    pub async fn create_missing_report_json(&self, body: &Value) -> Result<MissingReport> {
        self.post("/missing-reports", body).await
    }

    /// Lists the missing reports the caller may see (`GET /missing-reports`).
    pub async fn list_missing_reports(&self, query: &ListQuery) -> Result<Page<MissingReport>> {
        self.get_list("/missing-reports", query, &[]).await
    }

    /// Returns one missing report (`GET /missing-reports/{id}`); 404 `not_found` when the caller
    /// may not see it.
    pub async fn missing_report(&self, id: Uuid) -> Result<MissingReport> {
        self.get(&format!("/missing-reports/{id}")).await
    }

    /// Applies a JSON merge patch to a missing report at `version` (`PATCH` with `If-Match`).
    /// Fails with 412 `version_mismatch` when the report changed since.
    pub async fn patch_missing_report(
        &self,
        id: Uuid,
        version: i64,
        patch: &Value,
    ) -> Result<MissingReport> {
        self.patch(&format!("/missing-reports/{id}"), version, patch)
            .await
    }

    /// Registers a found child (`POST /found-reports`, 201); only CWC, DCPU and CCI users may.
    pub async fn create_found_report(&self, report: &NewFoundReport) -> Result<FoundReport> {
        self.post("/found-reports", report).await
    }

    /// Registers a found child from any JSON body, valid or not.
    pub async fn create_found_report_json(&self, body: &Value) -> Result<FoundReport> {
        self.post("/found-reports", body).await
    }

    /// Lists the found reports the caller may see (`GET /found-reports`).
    pub async fn list_found_reports(&self, query: &ListQuery) -> Result<Page<FoundReport>> {
        self.get_list("/found-reports", query, &[]).await
    }

    /// Returns one found report (`GET /found-reports/{id}`).
    pub async fn found_report(&self, id: Uuid) -> Result<FoundReport> {
        self.get(&format!("/found-reports/{id}")).await
    }

    /// Applies a JSON merge patch to a found report at `version` (`PATCH` with `If-Match`).
    pub async fn patch_found_report(
        &self,
        id: Uuid,
        version: i64,
        patch: &Value,
    ) -> Result<FoundReport> {
        self.patch(&format!("/found-reports/{id}"), version, patch)
            .await
    }

    /// Lists the suggestions for a missing report, best first (`GET /missing-reports/{id}/matches`).
    pub async fn missing_report_matches(
        &self,
        id: Uuid,
        query: &ListQuery,
    ) -> Result<Page<MatchSuggestion>> {
        self.get_list(&format!("/missing-reports/{id}/matches"), query, &[])
            .await
    }

    /// Lists the suggestions for a found report, best first (`GET /found-reports/{id}/matches`).
    pub async fn found_report_matches(
        &self,
        id: Uuid,
        query: &ListQuery,
    ) -> Result<Page<MatchSuggestion>> {
        self.get_list(&format!("/found-reports/{id}/matches"), query, &[])
            .await
    }

    /// Lists the suggestions where the caller's organisation owns either report (`GET /matches`),
    /// optionally only those with `status`.
    pub async fn list_matches(
        &self,
        status: Option<MatchStatus>,
        query: &ListQuery,
    ) -> Result<Page<MatchSuggestion>> {
        let filters: Vec<(&str, &str)> = status.iter().map(|s| ("status", s.as_str())).collect();
        self.get_list("/matches", query, &filters).await
    }

    /// Returns one suggestion (`GET /matches/{id}`).
    pub async fn match_suggestion(&self, id: Uuid) -> Result<MatchSuggestion> {
        self.get(&format!("/matches/{id}")).await
    }

    /// Confirms a suggestion (`POST /matches/{id}/confirm`): the missing report becomes `traced`, the
    /// found report `family_traced`, and the two are linked.
    pub async fn confirm_match(
        &self,
        id: Uuid,
        decision: &ConfirmMatch,
    ) -> Result<MatchSuggestion> {
        self.post(&format!("/matches/{id}/confirm"), decision).await
    }

    /// Confirms a suggestion with any JSON body, valid or not.
    pub async fn confirm_match_json(&self, id: Uuid, body: &Value) -> Result<MatchSuggestion> {
        self.post(&format!("/matches/{id}/confirm"), body).await
    }

    /// Rejects a suggestion with a reason (`POST /matches/{id}/reject`).
    pub async fn reject_match(&self, id: Uuid, decision: &RejectMatch) -> Result<MatchSuggestion> {
        self.post(&format!("/matches/{id}/reject"), decision).await
    }

    /// Rejects a suggestion with any JSON body, valid or not.
    pub async fn reject_match_json(&self, id: Uuid, body: &Value) -> Result<MatchSuggestion> {
        self.post(&format!("/matches/{id}/reject"), body).await
    }

    /// Proposes a pair the matcher did not suggest (`POST /matches`, 201); the caller's unit must
    /// own one of the two reports.
    pub async fn propose_match(&self, proposal: &ProposeMatch) -> Result<MatchSuggestion> {
        self.post("/matches", proposal).await
    }

    /// Undoes a wrong confirmation (`POST /matches/{id}/unlink`): both reports lose their link
    /// and return to their open status. The note saying why is required.
    pub async fn unlink_match(&self, id: Uuid, request: &UnlinkMatch) -> Result<MatchSuggestion> {
        self.post(&format!("/matches/{id}/unlink"), request).await
    }

    /// Starts a request to `path` under `/api/v1` carrying the bearer token, for calls this client
    /// has no method for (an `Idempotency-Key`, a missing `If-Match`). Send it with
    /// [`Client::execute`] or [`Client::execute_empty`] through [`AuthedClient::client`].
    #[expect(
        clippy::result_large_err,
        reason = "every call returns ClientError, whose Api variant carries the whole problem body"
    )]
    pub fn request(&self, method: Method, path: &str) -> Result<RequestBuilder> {
        Ok(self
            .client
            .request(method, path)?
            .header(AUTHORIZATION, self.bearer()))
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.access_token())
    }

    pub(crate) async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        let request = self.request(Method::GET, path)?;
        self.client.execute(request).await
    }

    /// Sends a GET to a full URL built with [`Client::url`], e.g. one with a query string.
    pub(crate) async fn get_url<T: serde::de::DeserializeOwned>(
        &self,
        url: reqwest::Url,
    ) -> Result<T> {
        let request = self
            .client
            .request_url(Method::GET, url)
            .header(AUTHORIZATION, self.bearer());
        self.client.execute(request).await
    }

    async fn get_list<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &ListQuery,
        filters: &[(&str, &str)],
    ) -> Result<Page<T>> {
        let mut url = self.client.url(path)?;
        {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in filters {
                pairs.append_pair(key, value);
            }
            if let Some(limit) = query.limit {
                pairs.append_pair("limit", &limit.to_string());
            }
            if let Some(cursor) = &query.cursor {
                pairs.append_pair("cursor", cursor);
            }
        }
        // An empty query string would leave a bare `?` on the URL.
        if url.query() == Some("") {
            url.set_query(None);
        }
        let request = self
            .client
            .request_url(Method::GET, url)
            .header(AUTHORIZATION, self.bearer());
        self.client.execute(request).await
    }

    pub(crate) async fn post<B, T>(&self, path: &str, body: &B) -> Result<T>
    where
        B: Serialize + ?Sized,
        T: serde::de::DeserializeOwned,
    {
        let request = self.post_request(path, body)?;
        self.client.execute(request).await
    }

    /// Sends a POST whose success response has no body (204).
    pub(crate) async fn post_empty<B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<()> {
        let request = self.post_request(path, body)?;
        self.client.execute_empty(request).await
    }

    #[expect(
        clippy::result_large_err,
        reason = "every call returns ClientError, whose Api variant carries the whole problem body"
    )]
    fn post_request<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Result<RequestBuilder> {
        let mut request = self.request(Method::POST, path)?.json(body);
        if let Some(key) = &self.idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        Ok(request)
    }

    async fn patch<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        version: i64,
        patch: &Value,
    ) -> Result<T> {
        let request = self
            .request(Method::PATCH, path)?
            .header(IF_MATCH, format!("\"{version}\""))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/merge-patch+json",
            )
            .body(patch.to_string());
        self.client.execute(request).await
    }

    fn lock_tokens(&self) -> std::sync::MutexGuard<'_, Tokens> {
        // A panic while holding the lock cannot leave the strings half-written, so a poisoned
        // lock still holds a usable pair.
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authed() -> AuthedClient {
        let tokens = TokenResponse {
            access_token: "access-1".to_string(),
            refresh_token: "refresh-1".to_string(),
            token_type: "Bearer".to_string(),
            expires_in: 900,
        };
        AuthedClient::from_tokens(Client::new("http://127.0.0.1:9"), tokens)
    }

    #[test]
    fn clones_share_tokens() {
        let first = authed();
        let second = first.clone();

        first.lock_tokens().access_token = "access-2".to_string();

        assert_eq!(second.access_token(), "access-2");
        assert_eq!(second.refresh_token(), "refresh-1");
        assert_eq!(second.expires_in(), 900);
    }

    #[test]
    fn request_carries_bearer_token() {
        let client = authed();

        let request = client
            .request(Method::GET, "/auth/me")
            .expect("valid URL")
            .build()
            .expect("request builds");

        let header = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        assert_eq!(header, Some("Bearer access-1"));
        assert_eq!(request.url().as_str(), "http://127.0.0.1:9/api/v1/auth/me");
    }

    #[test]
    fn list_query_builder_sets_fields() {
        let query = ListQuery::first().limit(10).cursor("abc");

        assert_eq!(query.limit, Some(10));
        assert_eq!(query.cursor.as_deref(), Some("abc"));
    }
}
