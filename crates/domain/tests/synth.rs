//! Synthetic cohorts: validity of every report, determinism and the shape of true pairs.

use std::collections::HashSet;

use chrono::NaiveDate;
use trackchild_domain::input::{parse_found_report, parse_missing_report};
use trackchild_domain::synth::{Cohort, CohortOptions, generate};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date")
}

fn demo_options(seed: u64) -> CohortOptions {
    CohortOptions {
        seed,
        missing: 2000,
        found: 500,
        true_pairs: 150,
        today: today(),
        districts: vec![490, 494, 212],
    }
}

fn national_options(seed: u64) -> CohortOptions {
    CohortOptions {
        seed,
        missing: 400,
        found: 200,
        true_pairs: 80,
        today: today(),
        districts: Vec::new(),
    }
}

fn assert_all_valid(cohort: &Cohort) {
    for (i, report) in cohort.missing.iter().enumerate() {
        let body = serde_json::to_value(report).expect("reports serialise");
        let parsed = parse_missing_report(&body, today());
        assert!(
            parsed.is_ok(),
            "missing report {i} is invalid: {parsed:?}\n{body:#}"
        );
        assert_eq!(
            parsed.as_ref().ok(),
            Some(report),
            "missing report {i} changes on parsing"
        );
    }
    for (i, report) in cohort.found.iter().enumerate() {
        let body = serde_json::to_value(report).expect("reports serialise");
        let parsed = parse_found_report(&body, today());
        assert!(
            parsed.is_ok(),
            "found report {i} is invalid: {parsed:?}\n{body:#}"
        );
        assert_eq!(
            parsed.as_ref().ok(),
            Some(report),
            "found report {i} changes on parsing"
        );
    }
}

#[test]
fn demo_cohort_reports_are_valid() {
    assert_all_valid(&generate(&demo_options(7)));
}

#[test]
fn national_cohort_reports_are_valid() {
    for seed in 0..5 {
        assert_all_valid(&generate(&national_options(seed)));
    }
}

#[test]
fn cohort_has_requested_sizes() {
    let cohort = generate(&demo_options(1));

    assert_eq!(cohort.missing.len(), 2000);
    assert_eq!(cohort.found.len(), 500);
    assert_eq!(cohort.truth.len(), 150);
}

#[test]
fn same_seed_gives_same_cohort() {
    assert_eq!(generate(&demo_options(42)), generate(&demo_options(42)));
    assert_ne!(generate(&demo_options(42)), generate(&demo_options(43)));
}

#[test]
fn true_pairs_are_distinct_and_found_after_missing() {
    let cohort = generate(&demo_options(3));

    let missing: HashSet<usize> = cohort.truth.iter().map(|p| p.0).collect();
    let found: HashSet<usize> = cohort.truth.iter().map(|p| p.1).collect();
    assert_eq!(missing.len(), cohort.truth.len());
    assert_eq!(found.len(), cohort.truth.len());
    for &(m, f) in &cohort.truth {
        let (missing, found) = (&cohort.missing[m], &cohort.found[f]);
        assert!(
            found.found_date >= missing.last_seen_date,
            "pair ({m}, {f})"
        );
        assert!(found.found_date <= today());
    }
}

#[test]
fn reports_stay_in_requested_districts_and_window() {
    let cohort = generate(&demo_options(5));
    let allowed = [490, 494, 212];
    let earliest = NaiveDate::from_ymd_opt(2024, 12, 4).expect("valid date");

    for report in &cohort.missing {
        assert!(allowed.contains(&report.last_seen_place.district_code));
        assert!(report.last_seen_date >= earliest);
        assert!(report.last_seen_date <= today());
    }
    for report in &cohort.found {
        assert!(allowed.contains(&report.found_place.district_code));
        assert!(report.found_date >= earliest);
        assert!(report.found_date <= today());
    }
}

#[test]
fn languages_follow_the_state() {
    let cohort = generate(&demo_options(9));

    let speaks = |district: u16, code: &str| {
        let in_district: Vec<_> = cohort
            .missing
            .iter()
            .filter(|r| r.last_seen_place.district_code == district)
            .collect();
        let speaking = in_district
            .iter()
            .filter(|r| r.child.languages.iter().any(|l| l == code))
            .count();
        speaking as f64 / in_district.len() as f64
    };

    assert!(speaks(490, "mar") > 0.8, "Pune should speak Marathi");
    assert!(speaks(212, "hin") > 0.8, "Patna should speak Hindi");
    assert!(
        speaks(212, "mai") > 0.2,
        "Patna should partly speak Maithili"
    );
    assert!(
        speaks(212, "mar") < 0.05,
        "Patna should rarely speak Marathi"
    );
}

#[test]
fn true_pairs_differ_like_real_reports() {
    let cohort = generate(&demo_options(11));

    let differing_names = cohort
        .truth
        .iter()
        .filter(|&&(m, f)| cohort.missing[m].child.name != cohort.found[f].child.name)
        .count();
    let other_district = cohort
        .truth
        .iter()
        .filter(|&&(m, f)| {
            cohort.missing[m].last_seen_place.district_code
                != cohort.found[f].found_place.district_code
        })
        .count();

    assert!(
        differing_names > cohort.truth.len() / 2,
        "{differing_names} of {}",
        cohort.truth.len()
    );
    assert!(
        other_district > cohort.truth.len() / 4,
        "{other_district} of {}",
        cohort.truth.len()
    );
}

#[test]
fn oversized_requests_are_capped() {
    let options = CohortOptions {
        seed: 1,
        missing: 3,
        found: 2,
        true_pairs: 10,
        today: today(),
        districts: vec![65535],
    };

    let cohort = generate(&options);

    assert_eq!(cohort.truth.len(), 2);
    assert_eq!(cohort.found.len(), 2);
}

#[test]
fn empty_request_gives_empty_cohort() {
    let options = CohortOptions {
        seed: 1,
        missing: 0,
        found: 0,
        true_pairs: 5,
        today: today(),
        districts: Vec::new(),
    };

    let cohort = generate(&options);

    assert!(cohort.missing.is_empty());
    assert!(cohort.found.is_empty());
    assert!(cohort.truth.is_empty());
}
