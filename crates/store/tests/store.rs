//! Store tests against real SQLite and PostgreSQL databases.

use chrono::{Duration, NaiveDate, Utc};
use trackchild_domain::access::{Actor, OrgType, Role};
use trackchild_domain::codes::{ConfirmBasis, ReportKind};
use trackchild_store::matches::{self, Scored, Upserted};
use trackchild_store::orgs::{self, NewOrganisation, NewUser, OrganisationRow};
use trackchild_store::reports::{self, ListFilter, NewReport};
use trackchild_store::testing::{self, TestDatabase};
use trackchild_store::tokens::{self, RefreshOutcome};
use trackchild_store::{Store, StoreError, parse_uuid};
use uuid::Uuid;

/// Declares `<name>::sqlite` and `<name>::postgres`, each calling `$name(&store)`.
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[test]
            fn sqlite() {
                let db = trackchild_store::testing::sqlite().expect("SQLite test database");
                super::$name(&db.store);
            }

            #[test]
            fn postgres() {
                let Some(db) = trackchild_store::testing::postgres(module_path!()) else {
                    return;
                };
                super::$name(&db.store);
            }
        }
    };
}

struct Unit {
    org: OrganisationRow,
    actor: Actor,
}

fn unit(store: &Store, org_type: OrgType, state: u16, district: Option<u16>) -> Unit {
    store
        .write(|conn| {
            let org_id = orgs::insert_organisation(
                conn,
                &NewOrganisation::active("Test unit", org_type, Some(state), district),
            )?;
            let username = format!("user-{}", Uuid::now_v7().simple());
            let user_id = orgs::insert_user(
                conn,
                &NewUser {
                    username: &username,
                    display_name: "Tester",
                    password_hash: "x",
                    organisation_id: org_id,
                    role: Role::Officer,
                    is_demo: false,
                    service_scopes: None,
                },
            )?;
            let org = orgs::find_organisation(conn, &org_id.to_string())?;
            let actor = Actor {
                user_id,
                organisation_id: org_id,
                org_type,
                role: Role::Officer,
                state_code: Some(state),
                district_code: district,
            };
            Ok(Unit { org, actor })
        })
        .expect("unit created")
}

fn file(store: &Store, owner: &Unit, kind: ReportKind) -> reports::StoredReport {
    let body = serde_json::json!({"child": {"sex": "female"}});
    store
        .write(|conn| {
            reports::insert(
                conn,
                &NewReport {
                    kind,
                    body: &body,
                    status: "reported",
                    event_date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                    name_latin: None,
                    fir_number: None,
                    name_keys: " ",
                    phone_digits: None,
                    owner: &owner.org,
                    created_by: owner.actor.user_id,
                    now: Utc::now(),
                    case_year: chrono::Datelike::year(&Utc::now()),
                },
            )
        })
        .expect("report stored")
}

fn case_numbers_are_sequential_per_district_and_kind(store: &Store) {
    let pune = unit(store, OrgType::PoliceStation, 27, Some(490));
    let satara = unit(store, OrgType::PoliceStation, 27, Some(494));
    let year = chrono::Datelike::year(&Utc::now());

    let a = file(store, &pune, ReportKind::Missing);
    let b = file(store, &pune, ReportKind::Missing);
    let c = file(store, &satara, ReportKind::Missing);
    let d = file(store, &pune, ReportKind::Found);

    assert_eq!(a.row.case_number, format!("MH-490-{year}-MIS-000001"));
    assert_eq!(b.row.case_number, format!("MH-490-{year}-MIS-000002"));
    assert_eq!(c.row.case_number, format!("MH-494-{year}-MIS-000001"));
    assert_eq!(d.row.case_number, format!("MH-490-{year}-FND-000001"));
}
on_both_backends!(case_numbers_are_sequential_per_district_and_kind);

fn reads_are_limited_to_jurisdiction(store: &Store) {
    let pune = unit(store, OrgType::PoliceStation, 27, Some(490));
    let patna = unit(store, OrgType::PoliceStation, 10, Some(212));
    // The State CID works at State level: its grant on missing e-files reaches the whole State.
    let state = unit(store, OrgType::Cid, 27, None);
    let oversight = unit(store, OrgType::Scps, 27, None);
    let report = file(store, &pune, ReportKind::Missing);
    let id = report.id().unwrap();

    let by_patna = store.read(|conn| reports::get(conn, &patna.actor, ReportKind::Missing, id));
    let by_state = store.read(|conn| reports::get(conn, &state.actor, ReportKind::Missing, id));
    let wrong_kind = store.read(|conn| reports::get(conn, &pune.actor, ReportKind::Found, id));
    let (patna_list, _) = store
        .read(|conn| {
            reports::list(
                conn,
                &patna.actor,
                ReportKind::Missing,
                &ListFilter::default(),
                None,
                50,
            )
        })
        .unwrap();

    assert!(matches!(by_patna, Err(StoreError::NotFound)));
    assert_eq!(by_state.unwrap().row.id, report.row.id);
    assert!(
        matches!(
            store.read(|conn| reports::get(conn, &oversight.actor, ReportKind::Missing, id)),
            Err(StoreError::NotFound)
        ),
        "the SCPS sees aggregates only"
    );
    assert!(matches!(wrong_kind, Err(StoreError::NotFound)));
    assert!(patna_list.is_empty());
}
on_both_backends!(reads_are_limited_to_jurisdiction);

fn pair_makes_reports_visible_to_both_parties(store: &Store) {
    let police = unit(store, OrgType::PoliceStation, 27, Some(490));
    let cwc = unit(store, OrgType::Cwc, 10, Some(212));
    let missing = file(store, &police, ReportKind::Missing);
    let found = file(store, &cwc, ReportKind::Found);
    let missing_id = missing.id().unwrap();
    assert!(
        store
            .read(|conn| reports::get(conn, &cwc.actor, ReportKind::Missing, missing_id))
            .is_err()
    );

    suggest(store, &missing, &found, 0.9);

    assert!(
        store
            .read(|conn| reports::get(conn, &cwc.actor, ReportKind::Missing, missing_id))
            .is_ok()
    );
    let (listed, _) = store
        .read(|conn| {
            reports::list(
                conn,
                &cwc.actor,
                ReportKind::Missing,
                &ListFilter::default(),
                None,
                50,
            )
        })
        .unwrap();
    assert!(listed.is_empty(), "lists stay within the jurisdiction");
}
on_both_backends!(pair_makes_reports_visible_to_both_parties);

fn suggest(
    store: &Store,
    missing: &reports::StoredReport,
    found: &reports::StoredReport,
    probability: f64,
) -> Upserted {
    store
        .write(|conn| {
            let pair = Scored {
                missing_report_id: &missing.row.id,
                found_report_id: &found.row.id,
                missing_owner_org_id: &missing.row.owner_org_id,
                found_owner_org_id: &found.row.owner_org_id,
                probability,
                explanation: &[],
            };
            matches::upsert(conn, &pair, Utc::now())
        })
        .unwrap()
}

fn confirmation_links_one_found_child_once(store: &Store) {
    let police = unit(store, OrgType::PoliceStation, 27, Some(490));
    let cwc = unit(store, OrgType::Cwc, 27, Some(494));
    let first = file(store, &police, ReportKind::Missing);
    let second = file(store, &police, ReportKind::Missing);
    let found = file(store, &cwc, ReportKind::Found);
    suggest(store, &first, &found, 0.9);
    suggest(store, &second, &found, 0.8);
    let rows = store
        .read(|conn| matches::for_report(conn, found.id().unwrap(), 10))
        .unwrap();
    assert_eq!(rows.len(), 2);

    let confirmed = store.write(|conn| {
        matches::confirm(
            conn,
            &rows[0],
            cwc.actor.user_id,
            &[ConfirmBasis::Photo],
            None,
            Utc::now(),
        )
    });
    let second_try = store.write(|conn| {
        matches::confirm(
            conn,
            &rows[1],
            cwc.actor.user_id,
            &[ConfirmBasis::Photo],
            None,
            Utc::now(),
        )
    });

    assert!(confirmed.is_ok());
    assert!(matches!(second_try, Err(StoreError::Conflict(_))));
    let after = store
        .read(|conn| matches::for_report(conn, found.id().unwrap(), 10))
        .unwrap();
    assert_eq!(after.iter().filter(|m| m.status == "confirmed").count(), 1);
    assert_eq!(
        after.iter().filter(|m| m.status == "suggested").count(),
        1,
        "the failed confirmation rolled back"
    );
    let linked = store
        .read(|conn| reports::get_any(conn, second.id().unwrap()))
        .unwrap();
    assert_eq!(linked.row.linked_report_id, None);
}
on_both_backends!(confirmation_links_one_found_child_once);

fn rejected_pair_returns_only_with_clearly_stronger_evidence(store: &Store) {
    let police = unit(store, OrgType::PoliceStation, 27, Some(490));
    let cwc = unit(store, OrgType::Cwc, 27, Some(494));
    let missing = file(store, &police, ReportKind::Missing);
    let found = file(store, &cwc, ReportKind::Found);
    assert_eq!(suggest(store, &missing, &found, 0.5), Upserted::New);
    let row = store
        .read(|conn| matches::for_report(conn, missing.id().unwrap(), 10))
        .unwrap()
        .remove(0);
    store
        .write(|conn| {
            matches::reject(
                conn,
                &row,
                police.actor.user_id,
                trackchild_domain::codes::RejectReason::DifferentChild,
                None,
                Utc::now(),
            )
        })
        .unwrap();

    assert_eq!(suggest(store, &missing, &found, 0.55), Upserted::Unchanged);
    assert_eq!(suggest(store, &missing, &found, 0.7), Upserted::New);
    let reopened = store
        .read(|conn| matches::for_report(conn, missing.id().unwrap(), 10))
        .unwrap()
        .remove(0);
    assert_eq!(reopened.status, "suggested");
}
on_both_backends!(rejected_pair_returns_only_with_clearly_stronger_evidence);

fn refresh_token_reuse_revokes_the_family(store: &Store) {
    let police = unit(store, OrgType::PoliceStation, 27, Some(490));
    let user = police.actor.user_id;
    let later = Utc::now() + Duration::days(1);
    store
        .write(|conn| tokens::insert(conn, user, None, "hash-1", later))
        .unwrap();

    let first = store
        .write(|conn| tokens::consume(conn, "hash-1", Utc::now()))
        .unwrap();
    let RefreshOutcome::Rotated { family_id, .. } = first else {
        panic!("rotated expected, got {first:?}")
    };
    store
        .write(|conn| tokens::insert(conn, user, Some(family_id), "hash-2", later))
        .unwrap();
    let reuse = store
        .write(|conn| tokens::consume(conn, "hash-1", Utc::now()))
        .unwrap();
    let successor = store
        .write(|conn| tokens::consume(conn, "hash-2", Utc::now()))
        .unwrap();

    assert_eq!(reuse, RefreshOutcome::ReuseDetected);
    assert_eq!(
        successor,
        RefreshOutcome::Invalid,
        "reuse revoked the whole family"
    );
    assert_eq!(
        store
            .write(|conn| tokens::consume(conn, "unknown", Utc::now()))
            .unwrap(),
        RefreshOutcome::Invalid
    );
}
on_both_backends!(refresh_token_reuse_revokes_the_family);

fn stale_version_is_rejected(store: &Store) {
    let police = unit(store, OrgType::PoliceStation, 27, Some(490));
    let report = file(store, &police, ReportKind::Missing);
    let body = serde_json::json!({"child": {"sex": "male"}});
    let change = reports::ReportUpdate {
        body: &body,
        status: "reported",
        event_date: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        name_latin: None,
        fir_number: None,
        name_keys: " ",
        phone_digits: None,
    };

    let updated = store
        .write(|conn| reports::update(conn, &report, 1, &change, police.actor.user_id, Utc::now()))
        .unwrap();
    let stale = store
        .write(|conn| reports::update(conn, &report, 1, &change, police.actor.user_id, Utc::now()));

    assert_eq!(updated.row.version, 2);
    assert!(matches!(
        stale,
        Err(StoreError::VersionMismatch { current: 2 })
    ));
    let history = store
        .read(|conn| trackchild_store::events::history(conn, parse_uuid(&report.row.id)?))
        .unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["created", "updated"]);
}
on_both_backends!(stale_version_is_rejected);

#[test]
fn migrations_apply_twice_without_change() {
    let db: TestDatabase = testing::sqlite().unwrap();

    db.store.migrate().unwrap();

    assert!(db.store.migrations_applied().unwrap());
}

fn matcher_model_is_replaced_by_each_fit(store: &Store) {
    use trackchild_store::matcher_model::{self, StoredModel};
    let fit = |prior: f64| StoredModel {
        model_json: format!(r#"{{"prior_bits":{prior},"m":[],"u":[]}}"#),
        shift_bits: 0.5,
        expected_true_pairs: 140.0,
        candidate_pairs: 1_000_000,
        decisions: 3,
    };
    assert_eq!(store.read(matcher_model::load).unwrap(), None);

    store
        .write(|conn| matcher_model::save(conn, &fit(-20.0), Utc::now()))
        .unwrap();
    store
        .write(|conn| matcher_model::save(conn, &fit(-18.5), Utc::now()))
        .unwrap();

    assert_eq!(store.read(matcher_model::load).unwrap(), Some(fit(-18.5)));
}
on_both_backends!(matcher_model_is_replaced_by_each_fit);
