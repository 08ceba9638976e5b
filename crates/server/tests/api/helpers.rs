//! Spawning the real server on port 0 against a fresh database, and small request helpers.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::web;
use trackchild_client::{AuthedClient, Client};
use trackchild_server::app::{self, AppState, Settings};
use trackchild_server::auth::TokenKeys;
use trackchild_server::demo::{self, DemoOptions};
use trackchild_store::testing::{self, TestDatabase};

pub const PASSWORD: &str = "test-password-1";
/// Signing secret of test servers, so tests can forge tokens the server would otherwise accept.
pub const TOKEN_SECRET: &[u8] = b"test-only signing secret of 32 bytes or more";

/// A running server on its own database.
pub struct TestApp {
    pub base_url: String,
    pub state: web::Data<AppState>,
    pub db: TestDatabase,
    _photos: testing::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.state.matcher.stop();
    }
}

impl TestApp {
    pub fn client(&self) -> Client {
        Client::new(self.base_url.clone())
    }

    /// Logs in as a demo account (`demo-police`, `demo-cwc`, …).
    pub async fn login(&self, username: &str) -> AuthedClient {
        self.client()
            .login(username, PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("login as {username} failed: {e:?}"))
    }

    /// A plain HTTP client for requests the typed client cannot express.
    pub fn http(&self) -> reqwest::Client {
        reqwest::Client::new()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// Starts the app with the demo accounts (no demo reports) on `db`.
pub async fn spawn(db: TestDatabase, mut settings: Settings) -> TestApp {
    let photos = testing::TempDir::new("trackchild-photos").expect("photo directory");
    settings.photo_dir = photos.path.clone();
    // Face models load slowly in debug builds; the vision crate's own tests cover them.
    settings.models_dir = None;
    let today = chrono::Utc::now()
        .with_timezone(&settings.reporting_offset)
        .date_naive();
    demo::seed(
        &db.store,
        &DemoOptions {
            password: PASSWORD,
            today,
            reports: false,
        },
    )
    .expect("demo accounts seed");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let port = listener.local_addr().expect("bound address").port();
    let state = app::build_state(
        db.store.clone(),
        settings,
        TokenKeys::from_secret(TOKEN_SECRET).expect("valid secret"),
    )
    .expect("state builds");
    let server = app::serve(listener, state.clone(), 1).expect("server starts");
    actix_web::rt::spawn(server);
    TestApp {
        base_url: format!("http://127.0.0.1:{port}"),
        state,
        db,
        _photos: photos,
    }
}

pub async fn spawn_sqlite(settings: Settings) -> TestApp {
    spawn(testing::sqlite().expect("SQLite test database"), settings).await
}

pub async fn spawn_postgres(test_name: &str, settings: Settings) -> Option<TestApp> {
    let db = testing::postgres(test_name)?;
    Some(spawn(db, settings).await)
}

/// Polls `check` every 200 ms for up to 20 s until it returns `Some`.
pub async fn eventually<T, F, Fut>(mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..100 {
        if let Some(value) = check().await {
            return Some(value);
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

/// Declares one test that runs against SQLite and against PostgreSQL, as `<name>::sqlite` and
/// `<name>::postgres`, calling `$body(app)`.
macro_rules! on_both_backends {
    ($name:ident) => {
        on_both_backends!($name, trackchild_server::app::Settings::default());
    };
    ($name:ident, $settings:expr) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                let app = crate::helpers::spawn_sqlite($settings).await;
                super::$name(app).await;
            }

            #[actix_web::test]
            async fn postgres() {
                let Some(app) = crate::helpers::spawn_postgres(module_path!(), $settings).await
                else {
                    return;
                };
                super::$name(app).await;
            }
        }
    };
}
pub(crate) use on_both_backends;
