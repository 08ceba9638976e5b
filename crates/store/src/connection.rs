//! Connections, the pool and migrations for both backends.
//!
//! The backend is chosen from the URL scheme and connected here, because diesel's derived
//! `MultiConnection::establish` replaces the real connection error with a generic one.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use anyhow::Context;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::{StoreError, StoreResult};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// One connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// r2d2 manager that connects by URL scheme and prepares each SQLite connection.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::ConnectionError;

    fn connect(&self) -> Result<DbConnection, diesel::ConnectionError> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url).map(DbConnection::Postgres),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.url)?;
                // The busy timeout makes a second writer wait instead of failing at once. WAL lets
                // readers proceed during a write, and `Store::open` has already switched the file
                // to it, so here the pragma only checks. Foreign keys are off by default.
                conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), diesel::ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

pub type Pool = r2d2::Pool<Manager>;

/// Switches the SQLite file at `url` to WAL mode through one connection, creating the file if
/// needed. Switching takes an exclusive lock. If a pool's connections each tried it on a new file
/// at once, all but one would fail with "database is locked": SQLite does not wait for a lock
/// that two connections both hold a share of and both want to raise.
fn switch_to_wal(url: &str) -> StoreResult<()> {
    let mut conn = SqliteConnection::establish(url).map_err(|e| {
        StoreError::Pool(format!(
            "failed to open SQLite database {url}: {e}; check that its directory exists and is \
             writable"
        ))
    })?;
    conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")
        .map_err(|e| {
            StoreError::Pool(format!(
                "failed to switch SQLite database {url} to WAL mode: {e}; check that no other \
                 program holds the file open"
            ))
        })?;
    Ok(())
}

/// The database handle shared by the server's handlers and workers.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    backend: Backend,
    /// SQLite allows one writer at a time; taking this lock before a write transaction avoids
    /// "database is locked" when a deferred transaction tries to upgrade. `None` on PostgreSQL.
    write_lock: Option<Arc<Mutex<()>>>,
}

impl Store {
    /// Opens the SQLite database `trackchild.db` under `data_dir`, creating both if needed.
    pub fn open_sqlite(data_dir: &Path) -> StoreResult<Store> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating data directory {}", data_dir.display()))?;
        let path = data_dir.join("trackchild.db");
        Store::open(&path.to_string_lossy(), Backend::Sqlite, 8)
    }

    /// Opens the database at `url`: `postgres://` or `postgresql://` selects PostgreSQL,
    /// anything else is a SQLite file path.
    pub fn open_url(url: &str) -> StoreResult<Store> {
        let is_postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if is_postgres {
            Store::open(url, Backend::Postgres, 10)
        } else {
            Store::open(url, Backend::Sqlite, 8)
        }
    }

    fn open(url: &str, backend: Backend, max_size: u32) -> StoreResult<Store> {
        if backend == Backend::Sqlite {
            switch_to_wal(url)?;
        }
        let manager = Manager {
            url: url.to_string(),
            backend,
        };
        let pool = r2d2::Pool::builder()
            .max_size(max_size)
            .connection_timeout(Duration::from_secs(15))
            .build(manager)
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        let write_lock = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        let store = Store {
            pool,
            backend,
            write_lock,
        };
        store.migrate()?;
        Ok(store)
    }

    /// Applies every embedded migration not yet applied.
    pub fn migrate(&self) -> StoreResult<()> {
        let mut conn = self.conn()?;
        let migrations = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        conn.run_pending_migrations(migrations)
            .map_err(|e| StoreError::Internal(anyhow::anyhow!("applying migrations: {e}")))?;
        Ok(())
    }

    /// Returns whether every embedded migration has been applied.
    pub fn migrations_applied(&self) -> StoreResult<bool> {
        let mut conn = self.conn()?;
        let migrations = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let pending = conn
            .pending_migrations(migrations)
            .map_err(|e| StoreError::Internal(anyhow::anyhow!("listing migrations: {e}")))?;
        Ok(pending.is_empty())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A pooled connection.
    pub fn conn(&self) -> StoreResult<r2d2::PooledConnection<Manager>> {
        self.pool.get().map_err(|e| StoreError::Pool(e.to_string()))
    }

    /// Runs `work` in a write transaction: serialised with other writers on SQLite, a plain
    /// transaction on PostgreSQL. The transaction rolls back when `work` returns an error.
    pub fn write<T>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let _guard: Option<MutexGuard<'_, ()>> = self
            .write_lock
            .as_ref()
            .map(|lock| lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        let mut conn = self.conn()?;
        conn.transaction(|conn| work(conn))
    }

    /// Runs `work` on a connection without a transaction, for reads.
    pub fn read<T>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut conn = self.conn()?;
        work(&mut conn)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use r2d2::ManageConnection;

    use super::{Backend, Manager, switch_to_wal};
    use crate::testing::TempDir;

    #[test]
    fn concurrent_connects_to_new_file() {
        // A pool opens all its connections at once. Once the new file is in WAL mode, none of
        // them may fail on a lock.
        for _ in 0..10 {
            let dir = TempDir::new("trackchild-connect").expect("temporary directory");
            let url = dir
                .path
                .join("trackchild.db")
                .to_string_lossy()
                .into_owned();
            switch_to_wal(&url).expect("switching to WAL");
            let manager = Manager {
                url,
                backend: Backend::Sqlite,
            };
            let barrier = Barrier::new(8);
            let failures: Vec<String> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..8)
                    .map(|_| {
                        scope.spawn(|| {
                            barrier.wait();
                            manager.connect().err().map(|error| error.to_string())
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .filter_map(|handle| handle.join().expect("connecting thread"))
                    .collect()
            });

            assert_eq!(failures, Vec::<String>::new());
        }
    }
}
