//! Filing, reading, listing and patching missing and found reports.

use serde_json::json;
use trackchild_client::ListQuery;
use trackchild_domain::access::OrgType;
use trackchild_domain::codes::MissingStatus;
use trackchild_domain::examples::{found_report_example, missing_report_example};
use trackchild_store::orgs::{self, NewOrganisation, NewUser};

use crate::helpers::{PASSWORD, TestApp, on_both_backends};

async fn police_files_missing_report(app: TestApp) {
    let police = app.login("demo-police").await;

    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();

    assert_eq!(report.status, MissingStatus::FirRegistered);
    assert_eq!(report.version, 1);
    assert!(
        report.case_number.starts_with("MH-490-"),
        "{}",
        report.case_number
    );
    assert!(
        report.case_number.ends_with("-MIS-000001"),
        "{}",
        report.case_number
    );
    assert_eq!(report.owner.organisation_name, "Pune City Police Station");
    assert_eq!(
        report.report.child.name_latin.as_deref(),
        Some("Aarti Sunil Jadhav")
    );
    let again = police.missing_report(report.id).await.unwrap();
    assert_eq!(again, report);
}
on_both_backends!(police_files_missing_report);

async fn create_sets_location_and_etag(app: TestApp) {
    let police = app.login("demo-police").await;

    let response = app
        .http()
        .post(app.url("/api/v1/missing-reports"))
        .bearer_auth(police.access_token())
        .json(&missing_report_example())
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    let location = response
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(response.headers().get("etag").unwrap(), "\"1\"");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/missing-reports/{}", body["id"].as_str().unwrap())
    );
}
on_both_backends!(create_sets_location_and_etag);

async fn case_numbers_count_up_per_district(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;

    let first = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let second = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();

    assert!(first.case_number.ends_with("-MIS-000001"));
    assert!(second.case_number.ends_with("-MIS-000002"));
    assert!(
        found.case_number.starts_with("MH-494-"),
        "{}",
        found.case_number
    );
    assert!(found.case_number.ends_with("-FND-000001"));
}
on_both_backends!(case_numbers_count_up_per_district);

async fn only_police_files_missing_reports(app: TestApp) {
    let cwc = app.login("demo-cwc").await;
    let police = app.login("demo-police").await;

    let missing = cwc
        .create_missing_report_json(&missing_report_example())
        .await
        .expect_err("forbidden");
    let found = police
        .create_found_report_json(&found_report_example())
        .await
        .expect_err("forbidden");

    assert_eq!(missing.status(), Some(403));
    assert_eq!(missing.code(), Some("forbidden"));
    assert_eq!(found.status(), Some(403));
}
on_both_backends!(only_police_files_missing_reports);

async fn validation_lists_every_bad_field(app: TestApp) {
    let police = app.login("demo-police").await;
    let body = json!({
        "child": {"sex": "boy", "age_years_min": 12, "age_years_max": 9, "eye_colour": "brown"},
        "last_seen_date": "2999-01-01",
        "last_seen_place": {"state_code": 99, "district_code": 490},
        "fir_number": "12/2026"
    });

    let error = police
        .create_missing_report_json(&body)
        .await
        .expect_err("invalid");

    assert_eq!(error.status(), Some(422));
    assert_eq!(error.code(), Some("validation_failed"));
    let fields: Vec<(&str, &str)> = error
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(
        fields.contains(&("child.sex", "invalid_value")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("child.eye_colour", "unknown_field")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("last_seen_place.state_code", "unknown_state")) || fields.len() >= 2,
        "{fields:?}"
    );
    let listed = police
        .list_missing_reports(&ListQuery::first())
        .await
        .unwrap();
    assert!(listed.items.is_empty(), "nothing was stored");
}
on_both_backends!(validation_lists_every_bad_field);

async fn semantic_errors_come_together(app: TestApp) {
    let police = app.login("demo-police").await;
    let body = json!({
        "child": {"sex": "male", "age_years_min": 12, "age_years_max": 9},
        "last_seen_date": "2999-01-01",
        "last_seen_place": {"state_code": 99, "district_code": 490},
        "fir_number": "12/2026"
    });

    let error = police
        .create_missing_report_json(&body)
        .await
        .expect_err("invalid");

    let fields: Vec<(&str, &str)> = error
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(
        fields.contains(&("child.age_years_min", "inverted_range")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("last_seen_date", "future_date")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("last_seen_place.state_code", "unknown_state")),
        "{fields:?}"
    );
    assert!(fields.contains(&("fir_date", "required")), "{fields:?}");
}
on_both_backends!(semantic_errors_come_together);

async fn patch_needs_current_version(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let url = app.url(&format!("/api/v1/missing-reports/{}", report.id));
    let patch = json!({"child": {"height_cm": 139}});

    let without = app
        .http()
        .patch(&url)
        .bearer_auth(police.access_token())
        .json(&patch)
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 428);

    let updated = police
        .patch_missing_report(report.id, 1, &patch)
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.report.child.height_cm, Some(139.0));
    assert_eq!(
        updated.report.child.name, report.report.child.name,
        "a merge patch keeps other fields"
    );

    let stale = police
        .patch_missing_report(report.id, 1, &json!({"child": {"height_cm": 150}}))
        .await
        .expect_err("stale");
    assert_eq!(stale.status(), Some(412));
    assert_eq!(
        police
            .missing_report(report.id)
            .await
            .unwrap()
            .report
            .child
            .height_cm,
        Some(139.0)
    );
}
on_both_backends!(patch_needs_current_version);

async fn patch_is_validated_and_can_remove_fields(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();

    let invalid = police
        .patch_missing_report(report.id, 1, &json!({"last_seen_date": "2999-01-01"}))
        .await
        .expect_err("future");
    assert_eq!(invalid.status(), Some(422));

    let removed = police
        .patch_missing_report(report.id, 1, &json!({"fir_number": null, "fir_date": null}))
        .await
        .unwrap();
    assert_eq!(removed.report.fir_number, None);
    assert_eq!(removed.version, 2);
}
on_both_backends!(patch_is_validated_and_can_remove_fields);

async fn other_unit_cannot_patch(app: TestApp) {
    let police = app.login("demo-police").await;
    let dcpu = app.login("demo-dcpu").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();

    let error = dcpu
        .patch_missing_report(report.id, 1, &json!({"child": {"height_cm": 120}}))
        .await
        .expect_err("not the owner");

    assert_eq!(
        error.status(),
        Some(404),
        "the DCPU sees police e-files only when linked to it"
    );
    assert_eq!(police.missing_report(report.id).await.unwrap().version, 1);
}
on_both_backends!(other_unit_cannot_patch);

async fn list_pages_with_cursor(app: TestApp) {
    let police = app.login("demo-police").await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(
            police
                .create_missing_report_json(&missing_report_example())
                .await
                .unwrap()
                .id,
        );
    }

    let first = police
        .list_missing_reports(&ListQuery::first().limit(2))
        .await
        .unwrap();
    let cursor = first.next_cursor.clone().expect("more pages");
    let second = police
        .list_missing_reports(&ListQuery::first().limit(2).cursor(cursor))
        .await
        .unwrap();
    let third = police
        .list_missing_reports(
            &ListQuery::first()
                .limit(2)
                .cursor(second.next_cursor.clone().unwrap()),
        )
        .await
        .unwrap();

    let seen: Vec<_> = first
        .items
        .iter()
        .chain(&second.items)
        .chain(&third.items)
        .map(|r| r.id)
        .collect();
    ids.reverse();
    assert_eq!(seen, ids, "newest first, every report once");
    assert_eq!(third.next_cursor, None);
}
on_both_backends!(list_pages_with_cursor);

async fn list_limit_is_checked(app: TestApp) {
    let police = app.login("demo-police").await;

    let response = app
        .http()
        .get(app.url("/api/v1/missing-reports?limit=500"))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 422);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "limit");
}
on_both_backends!(list_limit_is_checked);

async fn other_district_sees_404(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    app.db
        .store
        .write(|conn| {
            let org = orgs::insert_organisation(
                conn,
                &NewOrganisation::active(
                    "Patna Kotwali Police Station",
                    OrgType::PoliceStation,
                    Some(10),
                    Some(212),
                ),
            )?;
            let hash = trackchild_server::auth::hash_password(PASSWORD)
                .map_err(trackchild_store::StoreError::Internal)?;
            orgs::insert_user(
                conn,
                &NewUser {
                    username: "patna-police",
                    display_name: "Patna officer",
                    password_hash: &hash,
                    organisation_id: org,
                    role: trackchild_domain::access::Role::Officer,
                    is_demo: false,
                    service_scopes: None,
                },
            )
        })
        .unwrap();
    let patna = app.login("patna-police").await;

    let error = patna
        .missing_report(report.id)
        .await
        .expect_err("outside jurisdiction");
    let missing = patna
        .missing_report(uuid::Uuid::now_v7())
        .await
        .expect_err("does not exist");

    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.problem(),
        missing.problem(),
        "indistinguishable from a missing id"
    );
    assert!(
        patna
            .list_missing_reports(&ListQuery::first())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        patna
            .missing_report_matches(report.id, &ListQuery::first())
            .await
            .expect_err("hidden")
            .status(),
        Some(404)
    );
}
on_both_backends!(other_district_sees_404);

async fn state_society_gets_no_records(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let state = app.login("demo-state").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();

    assert_eq!(
        state
            .missing_report(missing.id)
            .await
            .expect_err("aggregates only")
            .status(),
        Some(404)
    );
    assert_eq!(
        state
            .found_report(found.id)
            .await
            .expect_err("aggregates only")
            .status(),
        Some(404)
    );
    assert!(
        state
            .list_missing_reports(&ListQuery::first())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        state
            .list_found_reports(&ListQuery::first())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}
on_both_backends!(state_society_gets_no_records);

async fn idempotency_key_replays_first_response(app: TestApp) {
    let police = app.login("demo-police").await;
    let send = || {
        app.http()
            .post(app.url("/api/v1/missing-reports"))
            .bearer_auth(police.access_token())
            .header("Idempotency-Key", "same-key-1")
            .json(&missing_report_example())
            .send()
    };

    let first: serde_json::Value = send().await.unwrap().json().await.unwrap();
    let second = send().await.unwrap();

    assert_eq!(second.status(), 201);
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    assert_eq!(
        police
            .list_missing_reports(&ListQuery::first())
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}
on_both_backends!(idempotency_key_replays_first_response);

async fn geography_lists_states_and_districts(app: TestApp) {
    let states = app.client().states().await.unwrap();

    assert_eq!(states.len(), 36);
    let maharashtra = states
        .iter()
        .find(|s| s.state_code == 27)
        .expect("Maharashtra");
    assert_eq!(maharashtra.iso_code, "IN-MH");
    assert!(
        maharashtra
            .districts
            .iter()
            .any(|d| d.district_code == 494 && d.name == "Satara")
    );
}
on_both_backends!(geography_lists_states_and_districts);

async fn second_report_of_one_child_lists_the_first(app: TestApp) {
    let police = app.login("demo-police").await;
    let first = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let drained = crate::helpers::eventually(|| async {
        (app.db
            .store
            .read(trackchild_store::jobs::pending_count)
            .unwrap()
            == 0)
            .then_some(())
    })
    .await;
    assert!(drained.is_some());

    let second: serde_json::Value = app
        .http()
        .post(app.url("/api/v1/missing-reports"))
        .bearer_auth(police.access_token())
        .json(&missing_report_example())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let unrelated = json!({"child": {"name": "Imran Sheikh", "sex": "male", "age_years_min": 15, "age_years_max": 16}, "last_seen_date": "2026-06-01", "last_seen_place": {"state_code": 27, "district_code": 490}});
    let other: serde_json::Value = app
        .http()
        .post(app.url("/api/v1/missing-reports"))
        .bearer_auth(police.access_token())
        .json(&unrelated)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let duplicates = second["possible_duplicates"].as_array().expect("listed");
    assert_eq!(duplicates[0]["report_id"], first.id.to_string(), "{second}");
    assert_eq!(duplicates[0]["case_number"], first.case_number.as_str());
    assert!(duplicates[0]["probability"].as_f64().unwrap() >= 0.5);
    assert_eq!(other["possible_duplicates"], json!([]), "{other}");
}
on_both_backends!(second_report_of_one_child_lists_the_first);
