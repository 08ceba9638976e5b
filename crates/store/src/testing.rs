//! Helpers for tests that need a real database: a fresh SQLite directory or a fresh PostgreSQL
//! database per test.
//!
//! PostgreSQL tests read `TRACKCHILD_TEST_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). When that server is unreachable they are
//! skipped with a message on standard error, unless `TRACKCHILD_REQUIRE_POSTGRES=1`, which turns
//! the skip into a failure so CI can never skip them silently.

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use crate::{Store, StoreResult};

/// Administrative URL of the PostgreSQL server used by tests.
pub fn postgres_admin_url() -> String {
    std::env::var("TRACKCHILD_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Whether a missing PostgreSQL server must fail the tests.
pub fn postgres_required() -> bool {
    std::env::var("TRACKCHILD_REQUIRE_POSTGRES")
        .is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// A database created for one test.
pub struct TestDatabase {
    pub store: Store,
    url: String,
    /// Dropped at the end of the test (PostgreSQL only).
    postgres_name: Option<String>,
    _sqlite_dir: Option<TempDir>,
}

impl TestDatabase {
    /// The database URL (PostgreSQL) or file path (SQLite).
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name
            && let Ok(mut admin) = PgConnection::establish(&postgres_admin_url())
        {
            let _ =
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}

/// A fresh SQLite database in a new temporary directory.
pub fn sqlite() -> StoreResult<TestDatabase> {
    let dir = TempDir::new("trackchild-test")?;
    let store = Store::open_sqlite(&dir.path)?;
    let url = dir
        .path
        .join("trackchild.db")
        .to_string_lossy()
        .into_owned();
    Ok(TestDatabase {
        store,
        url,
        postgres_name: None,
        _sqlite_dir: Some(dir),
    })
}

/// A fresh PostgreSQL database, or `None` (after printing why) when the server is unreachable
/// and PostgreSQL is not required.
///
/// # Panics
/// When the server is unreachable and `TRACKCHILD_REQUIRE_POSTGRES=1`.
pub fn postgres(test_name: &str) -> Option<TestDatabase> {
    let admin_url = postgres_admin_url();
    let mut admin = match PgConnection::establish(&admin_url) {
        Ok(conn) => conn,
        Err(error) => {
            assert!(
                !postgres_required(),
                "PostgreSQL is required (TRACKCHILD_REQUIRE_POSTGRES=1) but unreachable: {error}"
            );
            eprintln!("SKIPPED PostgreSQL test {test_name}: server unreachable ({error})");
            return None;
        }
    };
    let name = format!("trackchild_test_{}", uuid::Uuid::now_v7().simple());
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .expect("the test PostgreSQL user may create databases");
    let url = database_url(&admin_url, &name);
    let store = Store::open_url(&url).expect("the new test database opens and migrates");
    Some(TestDatabase {
        store,
        url,
        postgres_name: Some(name),
        _sqlite_dir: None,
    })
}

/// `admin_url` with its database name replaced by `name`.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let server = path_start.map_or(base, |i| &base[..i]);
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// A directory removed on drop.
pub struct TempDir {
    pub path: std::path::PathBuf,
}

impl TempDir {
    pub fn new(prefix: &str) -> StoreResult<TempDir> {
        let path = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&path).map_err(|e| crate::StoreError::Internal(e.into()))?;
        Ok(TempDir { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn database_url_replaces_the_name() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            database_url("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(database_url("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
