//! Jurisdiction, break-glass, shares, audit trails, search cards, registration and service
//! accounts, and the leak test over every organisation type and role.

use std::collections::HashSet;

use serde_json::json;
use trackchild_client::{AuthedClient, ListQuery};
use trackchild_domain::access::{Action, Actor, Level, Link, OrgType, Resource, Role, decide};
use trackchild_domain::codes::ReportKind;
use trackchild_domain::examples::{found_report_example, missing_report_example};
use trackchild_store::orgs::{self, NewOrganisation, NewUser};
use trackchild_store::reports::class_of;
use uuid::Uuid;

use crate::helpers::{PASSWORD, TestApp, eventually, on_both_backends};

/// Creates an active organisation with one user of `role`, returning the user name.
fn add_user(
    app: &TestApp,
    org_type: OrgType,
    role: Role,
    state: Option<u16>,
    district: Option<u16>,
    hash: &str,
) -> (String, Uuid) {
    app.db
        .store
        .write(|conn| {
            let name = format!("{} {}", org_type.as_str(), Uuid::now_v7().simple());
            let org = orgs::insert_organisation(
                conn,
                &NewOrganisation::active(&name, org_type, state, district),
            )?;
            let username = format!("u{}", Uuid::now_v7().simple());
            orgs::insert_user(
                conn,
                &NewUser {
                    username: &username,
                    display_name: "Test user",
                    password_hash: hash,
                    organisation_id: org,
                    role,
                    is_demo: false,
                    service_scopes: None,
                },
            )?;
            Ok((username, org))
        })
        .unwrap()
}

fn password_hash() -> String {
    trackchild_server::auth::hash_password(PASSWORD).unwrap()
}

async fn patna_police(app: &TestApp) -> (AuthedClient, Uuid) {
    let (username, org) = add_user(
        app,
        OrgType::PoliceStation,
        Role::Officer,
        Some(10),
        Some(212),
        &password_hash(),
    );
    (app.login(&username).await, org)
}

async fn break_glass_opens_a_record_and_tells_the_owner(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let (patna, _) = patna_police(&app).await;
    assert_eq!(
        patna
            .missing_report(report.id)
            .await
            .expect_err("outside")
            .status(),
        Some(404)
    );
    let url = app.url(&format!(
        "/api/v1/missing-reports/{}/break-glass",
        report.id
    ));

    let short = app
        .http()
        .post(&url)
        .bearer_auth(patna.access_token())
        .json(&json!({"reason": "need it"}))
        .send()
        .await
        .unwrap();
    let granted = app
        .http()
        .post(&url)
        .bearer_auth(patna.access_token())
        .json(&json!({"reason": "child at Patna Junction says she is from Pune"}))
        .send()
        .await
        .unwrap();

    assert_eq!(short.status(), 422);
    assert_eq!(granted.status(), 201);
    let seen = patna
        .missing_report(report.id)
        .await
        .expect("readable after break-glass");
    assert_eq!(
        seen.report.complainant_phone, None,
        "restricted fields stay redacted"
    );
    let inbox: serde_json::Value = app
        .http()
        .get(app.url("/api/v1/inbox"))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "break_glass" && i["report_id"] == report.id.to_string()),
        "{inbox}"
    );
    let trail: serde_json::Value = app
        .http()
        .get(app.url(&format!("/api/v1/missing-reports/{}/audit", report.id)))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"create_report"), "{actions:?}");
    assert!(actions.contains(&"break_glass"), "{actions:?}");
    assert!(actions.contains(&"read_report"), "{actions:?}");
    let outsider_trail = app
        .http()
        .get(app.url(&format!("/api/v1/missing-reports/{}/audit", report.id)))
        .bearer_auth(patna.access_token())
        .send()
        .await
        .unwrap();
    assert_eq!(
        outsider_trail.status(),
        404,
        "only owners and oversight read the trail"
    );
}
on_both_backends!(break_glass_opens_a_record_and_tells_the_owner);

async fn owner_shares_with_another_unit(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let (patna, patna_org) = patna_police(&app).await;
    let url = app.url(&format!("/api/v1/missing-reports/{}/shares", report.id));

    let by_outsider = app
        .http()
        .post(&url)
        .bearer_auth(patna.access_token())
        .json(&json!({"organisation_id": patna_org}))
        .send()
        .await
        .unwrap();
    let by_owner = app
        .http()
        .post(&url)
        .bearer_auth(police.access_token())
        .json(&json!({"organisation_id": patna_org}))
        .send()
        .await
        .unwrap();

    assert_eq!(by_outsider.status(), 404);
    assert_eq!(by_owner.status(), 204);
    assert_eq!(patna.missing_report(report.id).await.unwrap().id, report.id);
    assert!(
        patna
            .list_missing_reports(&ListQuery::first())
            .await
            .unwrap()
            .items
            .is_empty(),
        "a share opens the record, not the list"
    );
}
on_both_backends!(owner_shares_with_another_unit);

async fn search_finds_variants_and_shows_cards_elsewhere(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let (patna, _) = patna_police(&app).await;

    let own: serde_json::Value = app
        .http()
        .get(app.url("/api/v1/search"))
        .query(&[("q", "Arti Jadav")])
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_case: serde_json::Value = app
        .http()
        .get(app.url("/api/v1/search"))
        .query(&[("q", report.case_number.as_str())])
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let elsewhere: serde_json::Value = app
        .http()
        .get(app.url("/api/v1/search"))
        .query(&[("q", "Aarti Jadhav")])
        .bearer_auth(patna.access_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let own_hit = &own["items"][0];
    assert_eq!(own_hit["id"], report.id.to_string(), "{own}");
    assert_eq!(own_hit["visible"], true);
    assert_eq!(
        by_case["items"][0]["case_number"],
        report.case_number.as_str()
    );
    let card = &elsewhere["items"][0];
    assert_eq!(card["visible"], false, "{elsewhere}");
    assert_eq!(card["name"], serde_json::Value::Null);
    assert!(
        !elsewhere.to_string().contains("Aarti"),
        "no name leaks into a card: {elsewhere}"
    );
    assert!(
        !elsewhere.to_string().contains("98220"),
        "no phone leaks into a card"
    );
}
on_both_backends!(search_finds_variants_and_shows_cards_elsewhere);

async fn export_is_scoped_and_audited(app: TestApp) {
    let police = app.login("demo-police").await;
    police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let (patna, _) = patna_police(&app).await;

    let csv = app
        .http()
        .get(app.url("/api/v1/exports/missing-reports.csv"))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let outsider = app
        .http()
        .get(app.url("/api/v1/exports/missing-reports.csv"))
        .bearer_auth(patna.access_token())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("Aarti Sunil Jadhav"));
    assert!(!csv.contains("98220"), "no restricted fields in exports");
    assert_eq!(outsider.lines().count(), 1, "only the header: {outsider}");
    let verified = app
        .db
        .store
        .read(trackchild_store::audit::verify)
        .unwrap()
        .expect("chain intact");
    assert!(verified.entries >= 4);
}
on_both_backends!(export_is_scoped_and_audited);

async fn state_registers_and_approves_a_cwc(app: TestApp) {
    let state = app.login("demo-state").await;
    let police = app.login("demo-police").await;
    let body = json!({"name": "Child Welfare Committee, Sangli", "org_type": "cwc", "state_code": 27, "district_code": 496});

    let by_police = app
        .http()
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(police.access_token())
        .json(&body)
        .send()
        .await
        .unwrap();
    let created = app
        .http()
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(state.access_token())
        .json(&body)
        .send()
        .await
        .unwrap();

    assert_eq!(by_police.status(), 403);
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["status"], "pending");
    let id = created["id"].as_str().unwrap().to_string();
    let user = json!({"username": "sangli.cwc", "display_name": "Sangli member", "password": "a long pass phrase here", "role": "org_admin"});
    let too_early = app
        .http()
        .post(app.url(&format!("/api/v1/organisations/{id}/users")))
        .bearer_auth(state.access_token())
        .json(&user)
        .send()
        .await
        .unwrap();
    assert_eq!(too_early.status(), 409, "no users before approval");
    let approved: serde_json::Value = app
        .http()
        .post(app.url(&format!("/api/v1/organisations/{id}/approve")))
        .bearer_auth(state.access_token())
        .json(&json!({"note": "documents checked"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(approved["status"], "active");
    let weak = app.http().post(app.url(&format!("/api/v1/organisations/{id}/users"))).bearer_auth(state.access_token()).json(&json!({"username": "sangli.two", "display_name": "x", "password": "short", "role": "officer"})).send().await.unwrap();
    assert_eq!(weak.status(), 422);
    let made = app
        .http()
        .post(app.url(&format!("/api/v1/organisations/{id}/users")))
        .bearer_auth(state.access_token())
        .json(&user)
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201);
    let member = app
        .client()
        .login("sangli.cwc", "a long pass phrase here")
        .await
        .expect("new user logs in");
    assert_eq!(member.me().await.unwrap().organisation.org_type, "cwc");
}
on_both_backends!(state_registers_and_approves_a_cwc);

async fn cci_registration_needs_its_details(app: TestApp) {
    let state = app.login("demo-state").await;

    let missing = app
        .http()
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(state.access_token())
        .json(&json!({"name": "Home", "org_type": "cci", "state_code": 27, "district_code": 494}))
        .send()
        .await
        .unwrap();
    let wrong_state = app.http().post(app.url("/api/v1/organisations")).bearer_auth(state.access_token()).json(&json!({"name": "Bihar CWC", "org_type": "cwc", "state_code": 10, "district_code": 212})).send().await.unwrap();

    assert_eq!(missing.status(), 422);
    let problem: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "registration");
    assert_eq!(
        wrong_state.status(),
        403,
        "a State registers only in its own State"
    );
}
on_both_backends!(cci_registration_needs_its_details);

async fn service_account_uses_client_credentials_and_scopes(app: TestApp) {
    let admin = app.login("demo-admin").await;
    let police = app.login("demo-police").await;
    let org = police.me().await.unwrap().organisation.id;
    let created: serde_json::Value = app
        .http()
        .post(app.url(&format!("/api/v1/organisations/{org}/service-accounts")))
        .bearer_auth(admin.access_token())
        .json(&json!({"name": "CCTNS Maharashtra", "scopes": ["missing_reports:write", "missing_reports:read"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", created["client_id"].as_str().unwrap()),
        ("client_secret", created["client_secret"].as_str().unwrap()),
    ];

    let token: serde_json::Value = app
        .http()
        .post(app.url("/api/v1/auth/token"))
        .form(&form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bad = app
        .http()
        .post(app.url("/api/v1/auth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", form[1].1),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    let as_login = app
        .client()
        .login(form[1].1, form[2].1)
        .await
        .expect_err("service accounts cannot log in");

    assert_eq!(bad.status(), 401);
    assert_eq!(as_login.status(), Some(401));
    let access = token["access_token"]
        .as_str()
        .expect("token issued")
        .to_string();
    let filed = app
        .http()
        .post(app.url("/api/v1/missing-reports"))
        .bearer_auth(&access)
        .json(&missing_report_example())
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), 201);
    let matches = app
        .http()
        .get(app.url("/api/v1/matches"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    let admin_page = app
        .http()
        .get(app.url("/api/v1/organisations"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(matches.status(), 403, "no matches:read scope");
    assert_eq!(admin_page.status(), 403);
}
on_both_backends!(service_account_uses_client_credentials_and_scopes);

async fn administrator_resets_password(app: TestApp) {
    let admin = app.login("demo-admin").await;
    let cwc = app.login("demo-cwc").await;
    let cwc_id = cwc.me().await.unwrap().id;
    let url = app.url(&format!("/api/v1/users/{cwc_id}/password"));

    let by_peer = app
        .http()
        .post(&url)
        .bearer_auth(app.login("demo-police").await.access_token())
        .json(&json!({"password": "another long phrase"}))
        .send()
        .await
        .unwrap();
    let reset = app
        .http()
        .post(&url)
        .bearer_auth(admin.access_token())
        .json(&json!({"password": "another long phrase"}))
        .send()
        .await
        .unwrap();

    assert_eq!(by_peer.status(), 404);
    assert_eq!(reset.status(), 204);
    assert!(
        app.client()
            .login("demo-cwc", "another long phrase")
            .await
            .is_ok()
    );
    assert!(app.client().login("demo-cwc", PASSWORD).await.is_err());
}
on_both_backends!(administrator_resets_password);

/// One report of the leak test, with who owns it.
struct Seeded {
    id: Uuid,
    kind: ReportKind,
    owner: Uuid,
    state: u16,
    district: u16,
}

async fn seed_reports(app: &TestApp, hash: &str) -> Vec<Seeded> {
    let places = [(27u16, 490u16), (27, 494), (10, 212)];
    let mut seeded = Vec::new();
    for (state, district) in places {
        let (police_user, police_org) = add_user(
            app,
            OrgType::PoliceStation,
            Role::Officer,
            Some(state),
            Some(district),
            hash,
        );
        let (cwc_user, cwc_org) = add_user(
            app,
            OrgType::Cwc,
            Role::Officer,
            Some(state),
            Some(district),
            hash,
        );
        let police = app.login(&police_user).await;
        let cwc = app.login(&cwc_user).await;
        let mut missing = missing_report_example();
        missing["last_seen_place"] = json!({"state_code": state, "district_code": district});
        let mut found = found_report_example();
        found["found_place"] = json!({"state_code": state, "district_code": district});
        let m = police.create_missing_report_json(&missing).await.unwrap();
        let f = cwc.create_found_report_json(&found).await.unwrap();
        seeded.push(Seeded {
            id: m.id,
            kind: ReportKind::Missing,
            owner: police_org,
            state,
            district,
        });
        seeded.push(Seeded {
            id: f.id,
            kind: ReportKind::Found,
            owner: cwc_org,
            state,
            district,
        });
    }
    seeded
}

/// Every organisation type and role calls every list, detail, match, search and export endpoint;
/// nothing the access rule denies may come back.
async fn no_endpoint_leaks_outside_scope(app: TestApp) {
    let hash = password_hash();
    let reports = seed_reports(&app, &hash).await;
    let drained = eventually(|| async {
        (app.db
            .store
            .read(trackchild_store::jobs::pending_count)
            .unwrap()
            == 0)
            .then_some(())
    })
    .await;
    assert!(drained.is_some(), "the matcher finished its queue");
    let all_pairs: Vec<(Uuid, Uuid)> = reports
        .iter()
        .filter(|r| r.kind == ReportKind::Missing)
        .flat_map(|r| {
            app.db
                .store
                .read(|conn| trackchild_store::matches::for_report(conn, r.id, 100))
                .unwrap()
        })
        .map(|m| {
            (
                Uuid::parse_str(&m.missing_report_id).unwrap(),
                Uuid::parse_str(&m.found_report_id).unwrap(),
            )
        })
        .collect();

    let mut combinations = 0;
    let mut calls = 0;
    for &org_type in OrgType::ALL {
        let (state, district) = match org_type.level() {
            Level::Nation => (None, None),
            Level::State => (Some(27), None),
            _ => (Some(27), Some(490)),
        };
        for &role in Role::ALL {
            let (username, org) = add_user(&app, org_type, role, state, district, &hash);
            let client = app.login(&username).await;
            let actor = Actor {
                user_id: Uuid::nil(),
                organisation_id: org,
                org_type,
                role,
                state_code: state,
                district_code: district,
            };
            let allowed: HashSet<Uuid> = reports
                .iter()
                .filter(|r| may_read(&actor, r, &reports, &all_pairs))
                .map(|r| r.id)
                .collect();
            calls += check_endpoints(
                &app,
                &client,
                &reports,
                &allowed,
                &format!("{org_type}/{role}"),
            )
            .await;
            combinations += 1;
        }
    }
    eprintln!("leak test: {combinations} organisation type × role combinations, {calls} calls");
    assert_eq!(combinations, OrgType::ALL.len() * Role::ALL.len());
}
on_both_backends!(no_endpoint_leaks_outside_scope, super::many_logins());

/// The leak test logs in once per organisation type and role, far above the per-address limit.
fn many_logins() -> trackchild_server::app::Settings {
    let policy = trackchild_server::auth::LoginPolicy {
        address_attempts_per_window: 100_000,
        ..Default::default()
    };
    trackchild_server::app::Settings {
        login_policy: policy,
        ..Default::default()
    }
}

fn may_read(actor: &Actor, report: &Seeded, reports: &[Seeded], pairs: &[(Uuid, Uuid)]) -> bool {
    let relation = actor.relation_to(report.owner, report.state, Some(report.district));
    let owner_of = |id: Uuid| reports.iter().find(|r| r.id == id).map(|r| r.owner);
    let party = pairs.iter().any(|&(m, f)| {
        (m == report.id && owner_of(f) == Some(actor.organisation_id))
            || (f == report.id && owner_of(m) == Some(actor.organisation_id))
    });
    let link = if party {
        Link::PartyOrShared
    } else {
        Link::None
    };
    decide(
        actor,
        Action::Read,
        &Resource {
            class: class_of(report.kind),
            relation,
            link,
        },
    )
    .allows()
}

async fn check_endpoints(
    app: &TestApp,
    client: &AuthedClient,
    reports: &[Seeded],
    allowed: &HashSet<Uuid>,
    who: &str,
) -> usize {
    let mut calls = 0;
    let listed_missing = client
        .list_missing_reports(&ListQuery::first().limit(200))
        .await
        .unwrap();
    let listed_found = client
        .list_found_reports(&ListQuery::first().limit(200))
        .await
        .unwrap();
    calls += 2;
    for id in listed_missing
        .items
        .iter()
        .map(|r| r.id)
        .chain(listed_found.items.iter().map(|r| r.id))
    {
        assert!(
            allowed.contains(&id),
            "{who}: list returned {id} outside scope"
        );
    }

    for report in reports {
        let result = match report.kind {
            ReportKind::Missing => client.missing_report(report.id).await.map(|r| r.id),
            ReportKind::Found => client.found_report(report.id).await.map(|r| r.id),
        };
        let matches = match report.kind {
            ReportKind::Missing => client
                .missing_report_matches(report.id, &ListQuery::first())
                .await
                .map(|_| ()),
            ReportKind::Found => client
                .found_report_matches(report.id, &ListQuery::first())
                .await
                .map(|_| ()),
        };
        calls += 2;
        if allowed.contains(&report.id) {
            assert_eq!(
                result.as_ref().ok(),
                Some(&report.id),
                "{who}: may read {} but got {result:?}",
                report.id
            );
        } else {
            assert_eq!(
                result.as_ref().err().and_then(|e| e.status()),
                Some(404),
                "{who}: read {} outside scope",
                report.id
            );
            assert_eq!(
                matches.err().and_then(|e| e.status()),
                Some(404),
                "{who}: matches of {} outside scope",
                report.id
            );
        }
    }

    let search: serde_json::Value = app
        .http()
        .get(app.url("/api/v1/search"))
        .query(&[("q", "Aarti")])
        .bearer_auth(client.access_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    calls += 1;
    for hit in search["items"].as_array().into_iter().flatten() {
        let id = Uuid::parse_str(hit["id"].as_str().unwrap()).unwrap();
        if hit["visible"] == true {
            assert!(
                allowed.contains(&id),
                "{who}: search showed {id} in full outside scope"
            );
        } else {
            assert!(hit["name"].is_null(), "{who}: a card carries a name");
        }
    }

    for path in [
        "/api/v1/exports/missing-reports.csv",
        "/api/v1/exports/found-reports.csv",
    ] {
        let csv = app
            .http()
            .get(app.url(path))
            .bearer_auth(client.access_token())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        calls += 1;
        let in_scope = reports
            .iter()
            .filter(|r| allowed.contains(&r.id) && path.contains(r.kind.as_str()))
            .count();
        assert!(
            csv.lines().count() <= in_scope + 1,
            "{who}: export {path} has more rows than the scope allows:\n{csv}"
        );
    }

    let waiting = client
        .list_matches(None, &ListQuery::first())
        .await
        .unwrap();
    calls += 1;
    for pair in waiting.items {
        assert!(
            allowed.contains(&pair.missing_report_id) || allowed.contains(&pair.found_report_id),
            "{who}: match queue shows a pair of unseen reports"
        );
    }
    calls
}
