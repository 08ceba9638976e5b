//! The anonymous [`Client`]: where the API lives, how requests are sent and responses decoded, and
//! the calls that need no token (login, refresh, geography).

use reqwest::{Method, RequestBuilder, Url};
use serde::de::DeserializeOwned;
use trackchild_domain::wire::{LoginRequest, RefreshRequest, StateInfo, TokenResponse};

use crate::authed::AuthedClient;
use crate::error::{ClientError, api_error};

/// Path prefix of every v1 endpoint.
pub const API_PREFIX: &str = "/api/v1";

/// Result of every client call.
pub type Result<T> = std::result::Result<T, ClientError>;

/// A client that has not logged in. Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
}

impl Client {
    /// Creates a client for the server at `base_url`, e.g. `http://127.0.0.1:8080`; the client adds
    /// `/api/v1` itself. A trailing slash is ignored.
    ///
    /// # Panics
    ///
    /// On native targets, when reqwest cannot build its TLS configuration (the ring provider is
    /// installed first, so this means a broken build).
    pub fn new(base_url: impl Into<String>) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_string();
        Client {
            http: build_http_client(),
            base_url,
        }
    }

    /// Server address this client was created with, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Logs in with a username and password (`POST /auth/login`). Fails with 401
    /// `invalid_credentials` or 429 `too_many_attempts`.
    pub async fn login(&self, username: &str, password: &str) -> Result<AuthedClient> {
        let body = LoginRequest {
            username: username.to_string(),
            password: password.to_string(),
        };
        let request = self.request(Method::POST, "/auth/login")?.json(&body);
        let tokens: TokenResponse = self.execute(request).await?;
        Ok(AuthedClient::from_tokens(self.clone(), tokens))
    }

    /// Trades a refresh token for a new token pair (`POST /auth/refresh`). The old refresh token
    /// is spent. Fails with 401 `invalid_token`.
    pub async fn refresh(&self, refresh_token: &str) -> Result<AuthedClient> {
        let body = RefreshRequest {
            refresh_token: Some(refresh_token.to_string()),
        };
        let request = self.request(Method::POST, "/auth/refresh")?.json(&body);
        let tokens: TokenResponse = self.execute(request).await?;
        Ok(AuthedClient::from_tokens(self.clone(), tokens))
    }

    /// Resumes a session from the `trackchild_refresh` cookie (`POST /auth/refresh` with no body).
    /// In a browser the cookie travels with the request; a native client has no cookie store, so
    /// there this fails with 401 `invalid_token`.
    pub async fn resume_from_cookie(&self) -> Result<AuthedClient> {
        let request = self.request(Method::POST, "/auth/refresh")?;
        let tokens: TokenResponse = self.execute(request).await?;
        Ok(AuthedClient::from_tokens(self.clone(), tokens))
    }

    /// Lists the States/UTs with their districts (`GET /geography/states`) without a token.
    pub async fn states(&self) -> Result<Vec<StateInfo>> {
        let request = self.request(Method::GET, "/geography/states")?;
        self.execute(request).await
    }

    /// Starts a request to `path` under `/api/v1` (e.g. `/missing-reports`). In a browser the
    /// request sends cookies, so the refresh cookie reaches `/auth/*`.
    #[expect(
        clippy::result_large_err,
        reason = "every call returns ClientError, whose Api variant carries the whole problem body"
    )]
    pub fn request(&self, method: Method, path: &str) -> Result<RequestBuilder> {
        let url = self.url(path)?;
        Ok(self.request_url(method, url))
    }

    /// Starts a request to an absolute URL, e.g. one from [`Client::url`] with a query added.
    pub fn request_url(&self, method: Method, url: Url) -> RequestBuilder {
        with_credentials(self.http.request(method, url))
    }

    /// Builds the absolute URL of `path` under `/api/v1`.
    #[expect(
        clippy::result_large_err,
        reason = "every call returns ClientError, whose Api variant carries the whole problem body"
    )]
    pub fn url(&self, path: &str) -> Result<Url> {
        let text = format!("{}{API_PREFIX}{path}", self.base_url);
        Url::parse(&text)
            .map_err(|error| ClientError::Transport(format!("invalid URL {text}: {error}")))
    }

    /// Sends `request` and decodes a success body as JSON; an error status becomes
    /// [`ClientError::Api`].
    pub async fn execute<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T> {
        let body = self.execute_bytes(request).await?;
        serde_json::from_slice(&body).map_err(|error| ClientError::Decode(error.to_string()))
    }

    /// Sends `request` and ignores a success body (for 204 responses).
    pub async fn execute_empty(&self, request: RequestBuilder) -> Result<()> {
        self.execute_bytes(request).await.map(drop)
    }

    /// Sends `request` and returns a success body as bytes, e.g. an image.
    pub async fn execute_raw(&self, request: RequestBuilder) -> Result<Vec<u8>> {
        self.execute_bytes(request).await
    }

    async fn execute_bytes(&self, request: RequestBuilder) -> Result<Vec<u8>> {
        let response = request.send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            return Err(api_error(status.as_u16(), &body));
        }
        Ok(body.to_vec())
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[expect(
    deprecated,
    reason = "rustls 0.23.48 deprecates the ring provider for lacking post-quantum key exchange; \
              the project keeps ring because aws-lc-rs adds minutes to every clean build"
)]
fn build_http_client() -> reqwest::Client {
    // reqwest is built with `rustls-no-provider`, so it takes the process-wide provider. `Err`
    // means another part of the program installed one already, which is just as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .build()
        .expect("reqwest builds with the ring provider installed")
}

#[cfg(target_arch = "wasm32")]
fn build_http_client() -> reqwest::Client {
    reqwest::Client::new()
}

#[cfg(target_arch = "wasm32")]
fn with_credentials(request: RequestBuilder) -> RequestBuilder {
    request.fetch_credentials_include()
}

#[cfg(not(target_arch = "wasm32"))]
fn with_credentials(request: RequestBuilder) -> RequestBuilder {
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_joins_base_prefix_and_path() {
        let client = Client::new("http://127.0.0.1:8080/");

        let url = client.url("/missing-reports").expect("valid URL");

        assert_eq!(client.base_url(), "http://127.0.0.1:8080");
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/api/v1/missing-reports");
    }

    #[test]
    fn invalid_base_url_is_a_transport_error() {
        let client = Client::new("not a url");

        let error = client.url("/auth/me").expect_err("invalid URL");

        assert!(matches!(error, ClientError::Transport(_)), "{error:?}");
    }
}
