//! The `trackchild` command run as a process: `audit verify` on intact and tampered logs.

use std::process::Command;

use chrono::Utc;
use diesel::RunQueryDsl;
use trackchild_store::audit::{self, AuditEntry};
use trackchild_store::testing;
use trackchild_store::{DbConnection, Store};

fn append_entries(store: &Store, count: usize) {
    store
        .write(|conn| {
            for i in 0..count {
                let entry = AuditEntry {
                    actor_user_id: Some(uuid::Uuid::now_v7()),
                    actor_org_id: None,
                    action: "read_report",
                    resource_kind: Some("missing"),
                    resource_id: Some(uuid::Uuid::now_v7()),
                    outcome: "allowed",
                    detail: serde_json::json!({"n": i}),
                    at: Utc::now(),
                };
                audit::append(conn, &entry)?;
            }
            Ok(())
        })
        .expect("entries appended");
}

fn tamper(store: &Store, sql: &str) {
    store
        .write(|conn: &mut DbConnection| {
            diesel::sql_query(sql).execute(conn)?;
            Ok(())
        })
        .expect("tampering statement runs");
}

/// Runs `trackchild audit verify` against the database and returns (exit code, output).
fn verify(url: Option<&str>, data_dir: Option<&std::path::Path>) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trackchild"));
    command
        .args(["audit", "verify"])
        .env_remove("DATABASE_URL")
        .env_remove("TRACKCHILD_DATA_DIR");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    if let Some(dir) = data_dir {
        command.arg("--data-dir").arg(dir);
    }
    let output = command.output().expect("trackchild runs");
    (
        output.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

fn sqlite_case(setup: impl FnOnce(&Store)) -> (i32, String) {
    let dir = testing::TempDir::new("trackchild-audit").unwrap();
    let store = Store::open_sqlite(&dir.path).unwrap();
    append_entries(&store, 5);
    setup(&store);
    drop(store);
    verify(None, Some(&dir.path))
}

#[test]
fn intact_log_verifies() {
    let (code, output) = sqlite_case(|_| {});

    assert_eq!(code, 0, "{output}");
    assert!(output.contains("intact: 5 entries"), "{output}");
}

#[test]
fn altered_entry_is_found() {
    let (code, output) = sqlite_case(|store| {
        tamper(
            store,
            "UPDATE audit_log SET outcome = 'denied' WHERE seq = 3",
        )
    });

    assert_eq!(code, 1, "{output}");
    assert!(output.contains("entry 3 was altered"), "{output}");
}

#[test]
fn removed_entry_is_found() {
    let (code, output) = sqlite_case(|store| tamper(store, "DELETE FROM audit_log WHERE seq = 2"));

    assert_eq!(code, 1, "{output}");
    assert!(output.contains("between 1 and 3 were removed"), "{output}");
}

#[test]
fn inserted_entry_is_found() {
    let (code, output) = sqlite_case(|store| {
        // Shift entries 3..5 up and insert a forged entry 3 whose own hash is consistent.
        tamper(store, "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3");
        tamper(
            store,
            "UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103",
        );
        let forged = audit::AuditRow {
            seq: 3,
            id: uuid::Uuid::now_v7().to_string(),
            at: "2026-01-01T00:00:00.000000Z".into(),
            actor_user_id: None,
            actor_org_id: None,
            action: "read_report".into(),
            resource_kind: None,
            resource_id: None,
            outcome: "allowed".into(),
            detail: "{}".into(),
            prev_hash: "f".repeat(64),
            hash: String::new(),
        };
        let hash = audit::row_hash(&forged);
        tamper(
            store,
            &format!(
                "INSERT INTO audit_log (seq, id, at, action, outcome, detail, prev_hash, hash) VALUES (3, '{}', '{}', 'read_report', 'allowed', '{{}}', '{}', '{hash}')",
                forged.id, forged.at, forged.prev_hash
            ),
        );
    });

    assert_eq!(code, 1, "{output}");
    assert!(output.contains("entry 3 does not follow"), "{output}");
}

#[test]
fn postgres_log_verifies_and_detects_alteration() {
    let Some(db) = testing::postgres("cli::postgres_log_verifies_and_detects_alteration") else {
        return;
    };
    append_entries(&db.store, 4);
    let url = db.url().to_string();

    let (intact, output) = verify(Some(&url), None);
    assert_eq!(intact, 0, "{output}");

    tamper(
        &db.store,
        "UPDATE audit_log SET detail = '{\"n\": 99}' WHERE seq = 2",
    );
    let (broken, output) = verify(Some(&url), None);
    assert_eq!(broken, 1, "{output}");
    assert!(output.contains("entry 2 was altered"), "{output}");
}

#[test]
fn bootstrap_admin_creates_one_administrator() {
    let dir = testing::TempDir::new("trackchild-bootstrap").unwrap();
    let run = |username: &str, password: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_trackchild"))
            .args(["bootstrap-admin", "--username", username, "--data-dir"])
            .arg(&dir.path)
            .env_remove("DATABASE_URL")
            .env("TRACKCHILD_ADMIN_PASSWORD", password)
            .output()
            .expect("trackchild runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };

    let weak = run("root", "short");
    let created = run("root", "a long administrator phrase");
    let second = run("deputy", "another long administrator phrase");

    assert_ne!(weak.0, 0, "{}", weak.1);
    assert_eq!(created.0, 0, "{}", created.1);
    assert_ne!(second.0, 0);
    assert!(second.1.contains("exists already"), "{}", second.1);
    let store = Store::open_sqlite(&dir.path).unwrap();
    let user = store
        .read(|conn| trackchild_store::orgs::find_user_by_username(conn, "root"))
        .unwrap()
        .expect("created");
    assert_eq!(user.user.role, "org_admin");
    assert_eq!(user.organisation.org_type, "system_admin");
}

#[test]
fn demo_server_refuses_non_loopback_address() {
    let dir = testing::TempDir::new("trackchild-bind").unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_trackchild"))
        .args(["serve", "--demo", "--bind", "0.0.0.0:0", "--data-dir"])
        .arg(&dir.path)
        .env_remove("DATABASE_URL")
        .output()
        .expect("trackchild runs");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("refusing to listen on 0.0.0.0:0"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("listening on"));
}
