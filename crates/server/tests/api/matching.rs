//! The skeleton story: a missing report meets a found report, is suggested, and is decided.

use trackchild_client::{AuthedClient, ListQuery};
use trackchild_domain::codes::{
    ConfirmBasis, FoundStatus, MatchStatus, MissingStatus, RejectReason,
};
use trackchild_domain::examples::{found_report_example, missing_report_example};
use trackchild_domain::wire::{ConfirmMatch, MatchSuggestion, RejectMatch};
use uuid::Uuid;

use crate::helpers::{TestApp, eventually, on_both_backends};

async fn suggestion_for(
    client: &AuthedClient,
    missing_id: Uuid,
    found_id: Uuid,
) -> Option<MatchSuggestion> {
    let page = client
        .missing_report_matches(missing_id, &ListQuery::first())
        .await
        .ok()?;
    page.items
        .into_iter()
        .find(|m| m.found_report_id == found_id)
}

async fn examples_are_suggested_and_confirmed(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();

    let suggestion = eventually(|| suggestion_for(&police, missing.id, found.id))
        .await
        .expect("suggested within 20 s");

    assert_eq!(suggestion.status, MatchStatus::Suggested);
    assert!(
        suggestion.probability > 0.5 && suggestion.probability <= 1.0,
        "{}",
        suggestion.probability
    );
    for field in ["name", "sex", "age", "place", "languages"] {
        assert!(
            suggestion.explanation.iter().any(|c| c.field == field),
            "explanation lacks {field}: {:?}",
            suggestion.explanation
        );
    }
    let waiting = cwc
        .list_matches(Some(MatchStatus::Suggested), &ListQuery::first())
        .await
        .unwrap();
    assert!(
        waiting.items.iter().any(|m| m.id == suggestion.id),
        "the CWC sees it waiting"
    );

    let cwc_view_of_missing = cwc
        .missing_report(missing.id)
        .await
        .expect("party to the suggestion may compare");
    assert_eq!(cwc_view_of_missing.report.complainant_phone, None);
    assert_eq!(
        cwc_view_of_missing.redacted,
        vec!["complainant_phone".to_string()]
    );

    let decision = ConfirmMatch {
        basis: vec![ConfirmBasis::Photo, ConfirmBasis::ParentsIdentified],
        note: Some("mother identified her".into()),
    };
    let confirmed = cwc.confirm_match(suggestion.id, &decision).await.unwrap();

    assert_eq!(confirmed.status, MatchStatus::Confirmed);
    assert_eq!(confirmed.basis, decision.basis);
    let missing_after = police.missing_report(missing.id).await.unwrap();
    let found_after = cwc.found_report(found.id).await.unwrap();
    assert_eq!(missing_after.status, MissingStatus::Traced);
    assert_eq!(missing_after.linked_found_report_id, Some(found.id));
    assert_eq!(found_after.status, FoundStatus::FamilyTraced);
    assert_eq!(found_after.linked_missing_report_id, Some(missing.id));
}
on_both_backends!(examples_are_suggested_and_confirmed);

async fn found_child_is_confirmed_only_once(app: TestApp) {
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
    let to_first = eventually(|| suggestion_for(&police, first.id, found.id))
        .await
        .expect("first suggested");
    let to_second = eventually(|| suggestion_for(&police, second.id, found.id))
        .await
        .expect("second suggested");
    let decision = ConfirmMatch {
        basis: vec![ConfirmBasis::Documents],
        note: None,
    };

    police.confirm_match(to_first.id, &decision).await.unwrap();
    let error = cwc
        .confirm_match(to_second.id, &decision)
        .await
        .expect_err("already linked");

    assert_eq!(error.status(), Some(409));
    assert_eq!(
        police.missing_report(second.id).await.unwrap().status,
        MissingStatus::FirRegistered
    );
    assert_eq!(
        police.match_suggestion(to_second.id).await.unwrap().status,
        MatchStatus::Suggested,
        "the failed confirmation rolled back"
    );
}
on_both_backends!(found_child_is_confirmed_only_once);

async fn concurrent_confirmations_link_once(app: TestApp) {
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
    let to_first = eventually(|| suggestion_for(&police, first.id, found.id))
        .await
        .expect("first suggested");
    let to_second = eventually(|| suggestion_for(&police, second.id, found.id))
        .await
        .expect("second suggested");
    let decision = ConfirmMatch {
        basis: vec![ConfirmBasis::Photo],
        note: None,
    };

    let (a, b) = futures_util::join!(
        police.confirm_match(to_first.id, &decision),
        cwc.confirm_match(to_second.id, &decision)
    );

    assert_eq!(
        u8::from(a.is_ok()) + u8::from(b.is_ok()),
        1,
        "exactly one confirmation wins: {a:?} {b:?}"
    );
    let linked = cwc
        .found_report(found.id)
        .await
        .unwrap()
        .linked_missing_report_id
        .expect("linked");
    assert!(linked == first.id || linked == second.id);
}
on_both_backends!(concurrent_confirmations_link_once);

async fn rejected_pair_records_reason(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();
    let suggestion = eventually(|| suggestion_for(&police, missing.id, found.id))
        .await
        .expect("suggested");

    let rejected = police
        .reject_match(
            suggestion.id,
            &RejectMatch {
                reason_code: RejectReason::DifferentChild,
                note: Some("parents saw the photo".into()),
            },
        )
        .await
        .unwrap();

    assert_eq!(rejected.status, MatchStatus::Rejected);
    assert_eq!(rejected.reason_code, Some(RejectReason::DifferentChild));
    assert!(rejected.decided_at.is_some());
    let again = police
        .reject_match(
            suggestion.id,
            &RejectMatch {
                reason_code: RejectReason::Other,
                note: None,
            },
        )
        .await
        .expect_err("decided");
    assert_eq!(again.status(), Some(409));
    let after_edit = cwc
        .patch_found_report(
            found.id,
            1,
            &serde_json::json!({"child": {"height_cm": 141}}),
        )
        .await
        .unwrap();
    assert_eq!(after_edit.version, 2);
    actix_web::rt::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(
        police.match_suggestion(suggestion.id).await.unwrap().status,
        MatchStatus::Rejected,
        "a small edit does not bring it back"
    );
}
on_both_backends!(rejected_pair_records_reason);

async fn decisions_are_validated(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();
    let suggestion = eventually(|| suggestion_for(&police, missing.id, found.id))
        .await
        .expect("suggested");

    let empty = police
        .confirm_match_json(suggestion.id, &serde_json::json!({"basis": []}))
        .await
        .expect_err("no basis");
    let unknown = police
        .confirm_match_json(suggestion.id, &serde_json::json!({"basis": ["hunch"]}))
        .await
        .expect_err("bad code");
    let extra = police
        .reject_match_json(
            suggestion.id,
            &serde_json::json!({"reason_code": "other", "why": "x"}),
        )
        .await
        .expect_err("unknown field");

    assert_eq!(empty.status(), Some(422));
    assert_eq!(empty.field_errors()[0].field, "basis");
    assert_eq!(unknown.status(), Some(422));
    assert_eq!(extra.field_errors()[0].code, "unknown_field");
    assert_eq!(
        police.match_suggestion(suggestion.id).await.unwrap().status,
        MatchStatus::Suggested
    );
}
on_both_backends!(decisions_are_validated);

async fn only_parties_decide(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let state = app.login("demo-state").await;
    let cci = app.login("demo-cci").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();
    let suggestion = eventually(|| suggestion_for(&police, missing.id, found.id))
        .await
        .expect("suggested");
    let decision = ConfirmMatch {
        basis: vec![ConfirmBasis::Photo],
        note: None,
    };

    let by_state = state
        .confirm_match(suggestion.id, &decision)
        .await
        .expect_err("oversight does not decide");
    let by_cci = cci
        .confirm_match(suggestion.id, &decision)
        .await
        .expect_err("not party");

    assert_eq!(
        by_state.status(),
        Some(404),
        "oversight sees aggregates only"
    );
    assert_eq!(
        by_cci.status(),
        Some(404),
        "the CCI cannot see the Pune report at all"
    );
    assert_eq!(
        cwc.match_suggestion(suggestion.id).await.unwrap().status,
        MatchStatus::Suggested
    );
}
on_both_backends!(only_parties_decide);

async fn officer_proposes_a_missed_pair(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let mut other = found_report_example();
    other["child"] = serde_json::json!({"name": "Unknown boy", "sex": "male", "age_years_min": 5, "age_years_max": 6});
    let found = cwc.create_found_report_json(&other).await.unwrap();
    let body = serde_json::json!({"missing_report_id": missing.id, "found_report_id": found.id, "note": "uniform matches"});
    let unseen = app
        .http()
        .post(app.url("/api/v1/matches"))
        .bearer_auth(police.access_token())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        unseen.status(),
        404,
        "the Satara record is outside Pune's view until opened"
    );
    let glass = app
        .http()
        .post(app.url(&format!("/api/v1/found-reports/{}/break-glass", found.id)))
        .bearer_auth(police.access_token())
        .json(&serde_json::json!({"reason": "mother says the uniform matches this child"}))
        .send()
        .await
        .unwrap();
    assert_eq!(glass.status(), 201);

    let proposed = app
        .http()
        .post(app.url("/api/v1/matches"))
        .bearer_auth(police.access_token())
        .json(&body)
        .send()
        .await
        .unwrap();
    let again = app
        .http()
        .post(app.url("/api/v1/matches"))
        .bearer_auth(cwc.access_token())
        .json(&body)
        .send()
        .await
        .unwrap();
    let by_state = app
        .http()
        .post(app.url("/api/v1/matches"))
        .bearer_auth(app.login("demo-state").await.access_token())
        .json(&body)
        .send()
        .await
        .unwrap();

    assert_eq!(proposed.status(), 201);
    let proposed: MatchSuggestion = proposed.json().await.unwrap();
    assert_eq!(proposed.status, MatchStatus::Suggested);
    assert!(
        proposed.probability < 0.5,
        "a different child scores low: {}",
        proposed.probability
    );
    assert_eq!(
        again.status(),
        409,
        "the CWC, now party to the pair, sees it exists"
    );
    assert_eq!(by_state.status(), 404);
}
on_both_backends!(officer_proposes_a_missed_pair);

async fn wrong_confirmation_is_unlinked(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();
    let suggestion = eventually(|| suggestion_for(&police, missing.id, found.id))
        .await
        .expect("suggested");
    police
        .confirm_match(
            suggestion.id,
            &ConfirmMatch {
                basis: vec![ConfirmBasis::Photo],
                note: None,
            },
        )
        .await
        .unwrap();
    let url = app.url(&format!("/api/v1/matches/{}/unlink", suggestion.id));

    let without_note = app
        .http()
        .post(&url)
        .bearer_auth(cwc.access_token())
        .json(&serde_json::json!({"note": " "}))
        .send()
        .await
        .unwrap();
    let unlinked = app
        .http()
        .post(&url)
        .bearer_auth(cwc.access_token())
        .json(&serde_json::json!({"note": "DNA excludes the family"}))
        .send()
        .await
        .unwrap();
    let twice = app
        .http()
        .post(&url)
        .bearer_auth(cwc.access_token())
        .json(&serde_json::json!({"note": "again"}))
        .send()
        .await
        .unwrap();

    assert_eq!(without_note.status(), 422);
    assert_eq!(unlinked.status(), 200);
    assert_eq!(twice.status(), 409);
    let missing_after = police.missing_report(missing.id).await.unwrap();
    let found_after = cwc.found_report(found.id).await.unwrap();
    assert_eq!(missing_after.status, MissingStatus::FirRegistered);
    assert_eq!(missing_after.linked_found_report_id, None);
    assert_eq!(found_after.status, FoundStatus::Reported);
    assert_eq!(found_after.linked_missing_report_id, None);
    assert_eq!(
        police.match_suggestion(suggestion.id).await.unwrap().status,
        MatchStatus::Unlinked
    );
}
on_both_backends!(wrong_confirmation_is_unlinked);

async fn state_sets_its_threshold(app: TestApp) {
    let state = app.login("demo-state").await;
    let police = app.login("demo-police").await;
    let url = app.url("/api/v1/settings/matching/27");

    let before: serde_json::Value = app
        .http()
        .get(&url)
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_police = app
        .http()
        .put(&url)
        .bearer_auth(police.access_token())
        .json(&serde_json::json!({"threshold": 0.6}))
        .send()
        .await
        .unwrap();
    let out_of_range = app
        .http()
        .put(&url)
        .bearer_auth(state.access_token())
        .json(&serde_json::json!({"threshold": 1.5}))
        .send()
        .await
        .unwrap();
    let other_state = app
        .http()
        .put(app.url("/api/v1/settings/matching/10"))
        .bearer_auth(state.access_token())
        .json(&serde_json::json!({"threshold": 0.6}))
        .send()
        .await
        .unwrap();
    let above_range = app
        .http()
        .put(&url)
        .bearer_auth(state.access_token())
        .json(&serde_json::json!({"threshold": 0.999}))
        .send()
        .await
        .unwrap();

    assert_eq!(before["state_setting"], false);
    assert_eq!(by_police.status(), 403);
    assert_eq!(out_of_range.status(), 422);
    assert_eq!(other_state.status(), 403);
    assert_eq!(above_range.status(), 422);
    let strict: serde_json::Value = app
        .http()
        .put(&url)
        .bearer_auth(state.access_token())
        .json(&serde_json::json!({"threshold": 0.99}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(strict["threshold"], 0.99);
    assert_eq!(strict["state_setting"], true);
}
on_both_backends!(state_sets_its_threshold);

async fn stricter_threshold_holds_back_weak_pairs(app: TestApp) {
    let state = app.login("demo-state").await;
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    app.http()
        .put(app.url("/api/v1/settings/matching/27"))
        .bearer_auth(state.access_token())
        .json(&serde_json::json!({"threshold": 0.99}))
        .send()
        .await
        .unwrap();
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let mut weaker = found_report_example();
    weaker["child"]["name"] = serde_json::json!(null);
    weaker["child"]["mother_name"] = serde_json::json!(null);
    let found = cwc.create_found_report_json(&weaker).await.unwrap();

    let drained = eventually(|| async {
        (app.db
            .store
            .read(trackchild_store::jobs::pending_count)
            .unwrap()
            == 0)
            .then_some(())
    })
    .await;

    assert!(drained.is_some());
    let page = police
        .missing_report_matches(missing.id, &ListQuery::first())
        .await
        .unwrap();
    assert!(
        page.items
            .iter()
            .all(|m| m.found_report_id != found.id || m.probability >= 0.99),
        "{:?}",
        page.items
    );
}
on_both_backends!(stricter_threshold_holds_back_weak_pairs);

async fn edited_report_withdraws_stale_suggestion(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&found_report_example())
        .await
        .unwrap();
    eventually(|| suggestion_for(&police, missing.id, found.id))
        .await
        .expect("suggested within 20 s");

    // The CWC learns the child is a boy of five with another name: no longer this missing girl.
    let patch = serde_json::json!({"child": {
        "name": "Rohit Kale",
        "sex": "male",
        "age_years_min": 4,
        "age_years_max": 6,
        "height_cm": 105,
        "identification_marks": [],
        "mother_name": null,
        "dress": "blue shorts"
    }});
    cwc.patch_found_report(found.id, found.version, &patch)
        .await
        .unwrap();

    let withdrawn = eventually(|| async {
        suggestion_for(&police, missing.id, found.id)
            .await
            .is_none()
            .then_some(())
    })
    .await;
    assert!(
        withdrawn.is_some(),
        "the stale suggestion is still listed: {:?}",
        suggestion_for(&police, missing.id, found.id).await
    );
}
on_both_backends!(edited_report_withdraws_stale_suggestion);

async fn match_queue_pages_with_cursor(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    for _ in 0..3 {
        police
            .create_missing_report_json(&missing_report_example())
            .await
            .unwrap();
    }
    cwc.create_found_report_json(&found_report_example())
        .await
        .unwrap();
    let all = eventually(|| async {
        police
            .list_matches(None, &ListQuery::first())
            .await
            .ok()
            .filter(|p| p.items.len() == 3)
    })
    .await
    .expect("three suggestions");

    let first = police
        .list_matches(None, &ListQuery::first().limit(2))
        .await
        .unwrap();
    let second = police
        .list_matches(
            None,
            &ListQuery::first()
                .limit(2)
                .cursor(first.next_cursor.clone().expect("more")),
        )
        .await
        .unwrap();
    let bad = app
        .http()
        .get(app.url("/api/v1/matches?cursor=abc"))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();
    let huge = app
        .http()
        .get(app.url("/api/v1/matches?limit=1000"))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();

    let paged: Vec<_> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|m| m.id)
        .collect();
    assert_eq!(paged, all.items.iter().map(|m| m.id).collect::<Vec<_>>());
    assert_eq!(second.next_cursor, None);
    assert_eq!(bad.status(), 422);
    assert_eq!(huge.status(), 422);
}
on_both_backends!(match_queue_pages_with_cursor);

/// Metric value of a `/metrics` line, when present.
fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

async fn metrics_text(app: &TestApp) -> String {
    app.http()
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics answers")
        .text()
        .await
        .expect("metrics body")
}

/// With the demo cohort loaded, the worker fits the model before matching, and a refit counts an
/// officer's decision as a labelled pair.
async fn model_is_fitted_to_open_reports_and_decisions(
    db: trackchild_store::testing::TestDatabase,
) {
    trackchild_server::demo::seed(
        &db.store,
        &trackchild_server::demo::DemoOptions {
            password: crate::helpers::PASSWORD,
            today: chrono::Utc::now().date_naive(),
            reports: true,
        },
    )
    .expect("demo cohort seeds");
    let app = crate::helpers::spawn(db, trackchild_server::app::Settings::default()).await;
    // Logging in first also installs the TLS provider the plain HTTP client needs.
    let police = app.login("demo-police").await;

    let fitted = eventually(|| async {
        let text = metrics_text(&app).await;
        (metric(&text, "trackchild_matcher_model_fitted") == Some(1.0)).then_some(text)
    })
    .await
    .expect("the model is fitted within 20 s");

    let expected = metric(&fitted, "trackchild_matcher_model_expected_true_pairs").unwrap();
    let prior = metric(&fitted, "trackchild_matcher_model_prior_bits").unwrap();
    // The cohort plants 150 pairs among 2,000 missing and 500 found reports.
    assert!((50.0..=400.0).contains(&expected), "{expected}");
    assert!((-30.0..-5.0).contains(&prior), "{prior}");
    assert_eq!(
        metric(&fitted, "trackchild_matcher_model_decisions"),
        Some(0.0)
    );

    let suggestion = eventually(|| async {
        let page = police
            .list_matches(Some(MatchStatus::Suggested), &ListQuery::first())
            .await
            .ok()?;
        page.items.into_iter().next()
    })
    .await
    .expect("a suggestion for demo-police");
    police
        .reject_match(
            suggestion.id,
            &RejectMatch {
                reason_code: RejectReason::DifferentChild,
                note: None,
            },
        )
        .await
        .unwrap();

    let drained = || async {
        (app.db
            .store
            .read(trackchild_store::jobs::pending_count)
            .unwrap()
            == 0)
            .then_some(())
    };
    eventually(drained).await.expect("the queue drains");
    let open = app
        .db
        .store
        .read(trackchild_store::matches::found_with_open_suggestions)
        .unwrap();
    let watched = *open.first().expect("open suggestions remain");
    let jobs_of = |id| {
        app.db
            .store
            .read(|conn| trackchild_store::jobs::count_for_report(conn, id))
            .unwrap()
    };
    let jobs_before = jobs_of(watched);

    let matcher = app.state.matcher.clone();
    let info = actix_web::web::block(move || matcher.refit())
        .await
        .unwrap()
        .unwrap();

    assert!(info.fitted);
    assert_eq!(info.decisions, 1);
    // Suggestions scored under the old model are queued to be rescored. The worker may have
    // refitted meanwhile too, which queues them again.
    let jobs_after = jobs_of(watched);
    assert!(
        jobs_after > jobs_before,
        "{jobs_after} jobs after the refit, {jobs_before} before"
    );
    // Rescoring changes no report, so it does not count towards the next fit: otherwise a fit
    // could queue enough rescoring to trigger the next one, without end.
    eventually(drained).await.expect("the rescoring drains");
    let text = metrics_text(&app).await;
    assert_eq!(
        metric(&text, "trackchild_matcher_changes_since_fit"),
        Some(0.0)
    );
    let text = metrics_text(&app).await;
    assert_eq!(
        metric(&text, "trackchild_matcher_model_decisions"),
        Some(1.0)
    );

    // A restarted server scores with the stored model at once, rather than with the hand-written
    // weights until its first fit ends.
    let (store, current) = (app.db.store.clone(), app.state.matcher.model_info());
    let restarted = actix_web::web::block(move || {
        trackchild_server::matcher::Matcher::load(
            store,
            trackchild_server::app::Settings::default().match_threshold,
        )
    })
    .await
    .unwrap()
    .unwrap();
    let restored = restarted.model_info();
    assert!(restored.fitted);
    assert_eq!(restored.prior_bits, current.prior_bits);
    assert_eq!(
        restored.one_to_one_shift_bits,
        current.one_to_one_shift_bits
    );
    assert_eq!(restored.decisions, current.decisions);
    assert_ne!(restored.prior_bits, trackchild_domain::matching::PRIOR_BITS);
}

#[actix_web::test]
async fn model_is_fitted_sqlite() {
    let db = trackchild_store::testing::sqlite().expect("SQLite test database");
    model_is_fitted_to_open_reports_and_decisions(db).await;
}

#[actix_web::test]
async fn model_is_fitted_postgres() {
    let Some(db) = trackchild_store::testing::postgres("model_is_fitted") else {
        return;
    };
    model_is_fitted_to_open_reports_and_decisions(db).await;
}
