//! Tests of packed entries, block rebuilds and updates of the index on synthetic cohorts.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::codes::Sex;
use crate::examples::missing_report_example;
use crate::input::parse_missing_report;
use crate::matching::{DEFAULT_THRESHOLD, features_of_found, features_of_missing};
use crate::synth::{Cohort, CohortOptions, generate};
use crate::wire::Child;

fn cohort(seed: u64, missing: usize, found: usize) -> Cohort {
    generate(&CohortOptions {
        seed,
        missing,
        found,
        true_pairs: found / 2,
        today: NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date"),
        districts: Vec::new(),
    })
}

/// Generates a cohort and returns its missing reports as features and its found reports as
/// queries.
fn features_and_queries(seed: u64, missing: usize, found: usize) -> (Vec<Features>, Vec<Features>) {
    let cohort = cohort(seed, missing, found);
    (
        cohort.missing.iter().map(features_of_missing).collect(),
        cohort.found.iter().map(features_of_found).collect(),
    )
}

fn index_of(features: &[Features]) -> MatchIndex<u32> {
    let mut index = MatchIndex::new();
    for (key, f) in features.iter().enumerate() {
        index.insert(key as u32, f.clone());
    }
    index
}

fn candidate_set(index: &MatchIndex<u32>, query: &Features) -> BTreeSet<u32> {
    index.candidates(query).into_iter().collect()
}

#[test]
fn packed_entries_unpack_to_features() {
    let (missing, found) = features_and_queries(11, 2_000, 300);
    let mut index = index_of(&missing);
    for (key, f) in found.iter().enumerate() {
        index.insert(100_000 + key as u32, f.clone());
    }

    for (key, f) in missing.iter().enumerate() {
        let unpacked = index.features(&(key as u32));
        assert_eq!(unpacked.as_ref(), Some(f), "missing report {key}");
        let keys = unpacked.as_ref().map(entry_keys);
        assert_eq!(
            keys,
            Some(entry_keys(f)),
            "blocking keys of missing report {key}"
        );
    }
    for (key, f) in found.iter().enumerate() {
        let unpacked = index.features(&(100_000 + key as u32));
        assert_eq!(unpacked.as_ref(), Some(f), "found report {key}");
    }
}

#[test]
fn packed_entries_keep_place_words() {
    const PLACES: [&str; 5] = [
        "Pune railway station, platform 3",
        "Swargate bus stand",
        "Near Dagdusheth temple, Budhwar Peth",
        "Pune station",
        "Hadapsar market, gate 2, 411028",
    ];
    let mut cohort = cohort(14, 1_500, 200);
    for (i, report) in cohort.missing.iter_mut().enumerate() {
        report.last_seen_place.text = (i % 3 != 0).then(|| PLACES[i % PLACES.len()].to_string());
        report.child.dress = (i % 4 == 0).then(|| "red frock, black sandals".to_string());
    }
    for (i, report) in cohort.found.iter_mut().enumerate() {
        report.found_place.text = Some(PLACES[(i * 7) % PLACES.len()].to_string());
    }
    let missing: Vec<Features> = cohort.missing.iter().map(features_of_missing).collect();
    let found: Vec<Features> = cohort.found.iter().map(features_of_found).collect();
    let mut index = index_of(&missing);
    index.rebuild();

    for (key, f) in missing.iter().enumerate() {
        assert_eq!(
            index.features(&(key as u32)).as_ref(),
            Some(f),
            "missing report {key}"
        );
    }
    let mut with_text = 0;
    for query in &found {
        for (key, scored) in index.best_matches(query, 0.0, usize::MAX) {
            assert_eq!(scored, index.model().score(&missing[key as usize], query));
            let place_text = scored.explanation.iter().find(|c| c.field == "place_text");
            with_text += usize::from(place_text.is_some_and(|c| c.level != "missing"));
        }
    }
    assert!(
        with_text > 100,
        "only {with_text} pairs compared place words"
    );
}

#[test]
fn packed_entries_score_like_features() {
    let (missing, found) = features_and_queries(12, 3_000, 200);
    let index = index_of(&missing);

    let mut compared = 0;
    for query in &found {
        for (key, scored) in index.best_matches(query, 0.0, usize::MAX) {
            let expected = index.model().score(&missing[key as usize], query);
            assert_eq!(scored, expected, "missing report {key}");
            compared += 1;
        }
    }

    assert!(compared > 1_000, "only {compared} pairs compared");
}

#[test]
fn rebuild_keeps_candidates_and_order() {
    let (missing, found) = features_and_queries(13, 3_000, 100);
    let index = index_of(&missing);
    let mut rebuilt = index.clone();

    rebuilt.rebuild();

    for (i, query) in found.iter().enumerate() {
        assert_eq!(
            rebuilt.candidates(query),
            index.candidates(query),
            "query {i}"
        );
        assert_eq!(
            rebuilt.best_matches(query, DEFAULT_THRESHOLD, 20),
            index.best_matches(query, DEFAULT_THRESHOLD, 20),
            "query {i}"
        );
    }
}

/// Inserts, replaces and removes reports, rebuilding in between when `rebuild_between` is set,
/// and checks the result against an index built from scratch out of the final reports.
fn check_updates(rebuild_between: bool) {
    let (missing, found) = features_and_queries(14, 3_000, 150);
    let (others, _) = features_and_queries(15, 600, 0);
    let mut index = index_of(&missing);
    if rebuild_between {
        index.rebuild();
    }
    let mut current: Vec<Option<Features>> = missing.iter().cloned().map(Some).collect();

    // Remove every fifth report and replace every seventh by another child's report, so its
    // blocking keys change.
    for key in (0..missing.len()).step_by(5) {
        index.remove(&(key as u32));
        current[key] = None;
    }
    for (n, key) in (0..missing.len()).step_by(7).enumerate() {
        let replacement = others[n % others.len()].clone();
        index.insert(key as u32, replacement.clone());
        current[key] = Some(replacement);
    }
    if rebuild_between {
        index.rebuild();
    }
    // New reports, added after the rebuild when there is one.
    for (n, f) in others.iter().enumerate().skip(500) {
        let key = missing.len() + n;
        index.insert(key as u32, f.clone());
        current.resize(current.len().max(key + 1), None);
        current[key] = Some(f.clone());
    }

    let mut fresh = MatchIndex::new();
    for (key, f) in current.iter().enumerate() {
        if let Some(f) = f {
            fresh.insert(key as u32, f.clone());
        }
    }
    let live = current.iter().flatten().count();
    assert_eq!(index.len(), live);
    assert_eq!(index.entries().count(), live);
    for (key, f) in index.entries() {
        assert_eq!(Some(&f), current[*key as usize].as_ref(), "entry {key}");
    }
    for (i, query) in found.iter().enumerate() {
        let candidates = candidate_set(&index, query);
        for key in &candidates {
            assert!(
                current[*key as usize].is_some(),
                "removed report {key} is a candidate"
            );
        }
        assert_eq!(candidates, candidate_set(&fresh, query), "query {i}");
        let mut hits = index.best_matches(query, 0.05, usize::MAX);
        let mut expected = fresh.best_matches(query, 0.05, usize::MAX);
        hits.sort_by_key(|(key, _)| *key);
        expected.sort_by_key(|(key, _)| *key);
        assert_eq!(hits, expected, "query {i}");
    }
    // A replaced report is found under the blocking keys of its new features.
    for key in (0..missing.len()).step_by(7).skip(1).take(50) {
        let Some(replacement) = &current[key] else {
            continue;
        };
        let mut query = replacement.clone();
        query.kind = ReportKind::Found;
        assert!(
            index.candidates(&query).contains(&(key as u32)),
            "replaced report {key}"
        );
    }
}

#[test]
fn updates_match_fresh_index() {
    check_updates(false);
}

#[test]
fn updates_after_rebuilds_match_fresh_index() {
    check_updates(true);
}

#[test]
fn rebuild_after_updates_matches_fresh_index() {
    let (missing, found) = features_and_queries(16, 2_000, 100);
    let mut index = index_of(&missing);
    for key in (0..missing.len()).step_by(3) {
        index.remove(&(key as u32));
    }
    for key in (1..missing.len()).step_by(3) {
        index.insert(key as u32, missing[key].clone());
    }
    let before: Vec<BTreeSet<u32>> = found.iter().map(|q| candidate_set(&index, q)).collect();

    index.rebuild();

    for (i, query) in found.iter().enumerate() {
        let candidates = candidate_set(&index, query);
        assert_eq!(candidates, before[i], "query {i}");
        assert!(candidates.iter().all(|key| key % 3 != 0), "query {i}");
    }
    assert_eq!(index.len(), missing.len() - missing.len().div_ceil(3));
    for key in (0..missing.len() as u32).filter(|key| key % 3 != 0) {
        assert_eq!(index.features(&key).as_ref(), Some(&missing[key as usize]));
    }
    assert_eq!(index.features(&0), None);
}

#[test]
fn replacements_trigger_automatic_rebuilds() {
    let (missing, found) = features_and_queries(17, 1_200, 100);
    let mut index = index_of(&missing);

    // Each round replaces every report by the next one's features, so all blocking keys change.
    let rounds = 5;
    for round in 1..=rounds {
        for key in 0..missing.len() {
            let features = missing[(key + round) % missing.len()].clone();
            index.insert(key as u32, features);
        }
    }

    let inserts = missing.len() * (rounds + 1);
    let slots = index.slot_count() as usize;
    assert!(slots < inserts, "{slots} slots after {inserts} inserts");
    assert!(slots - index.len() <= MIN_DEAD_FOR_REBUILD, "{slots} slots");
    let mut fresh = MatchIndex::new();
    for key in 0..missing.len() {
        fresh.insert(key as u32, missing[(key + rounds) % missing.len()].clone());
    }
    assert_eq!(index.len(), missing.len());
    for (i, query) in found.iter().enumerate() {
        assert_eq!(
            candidate_set(&index, query),
            candidate_set(&fresh, query),
            "query {i}"
        );
    }
}

/// Builds an unnamed report of a child of known age last seen in Pune, so every one of them sits
/// in one district, sex and year-of-birth block.
fn unnamed_in_pune(born: NaiveDate) -> Features {
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date");
    let mut report = parse_missing_report(&missing_report_example(), today)
        .expect("the missing example is valid");
    report.child = Child {
        sex: Some(Sex::Female),
        date_of_birth: Some(born),
        ..Default::default()
    };
    features_of_missing(&report)
}

#[test]
fn block_size_counts_only_live_members() {
    let born = NaiveDate::from_ymd_opt(2015, 3, 1).expect("valid date");
    let mut index = MatchIndex::new();
    for key in 0..=MAX_BLOCK_SIZE as u32 {
        index.insert(key, unnamed_in_pune(born));
    }
    let mut query = unnamed_in_pune(born);
    query.kind = ReportKind::Found;

    let over_limit = index.candidates(&query).len();
    index.remove(&0);
    let at_limit = index.candidates(&query).len();
    index.rebuild();
    let rebuilt = index.candidates(&query).len();
    index.insert(0, unnamed_in_pune(born));
    let over_again = index.candidates(&query).len();

    assert_eq!(over_limit, 0);
    assert_eq!(at_limit, MAX_BLOCK_SIZE);
    assert_eq!(rebuilt, MAX_BLOCK_SIZE);
    assert_eq!(over_again, 0);
}

/// Builds a missing report from Pune or a found report from Satara about `child`.
fn report_about(kind: ReportKind, child: Child) -> Features {
    report_with_place(kind, child, None)
}

/// Builds the example report of `kind` about `child`, with `place_text` as its place's free text
/// when given and the example's text otherwise.
fn report_with_place(kind: ReportKind, child: Child, place_text: Option<&str>) -> Features {
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date");
    let place_text = place_text.map(str::to_string);
    match kind {
        ReportKind::Missing => {
            let mut report = parse_missing_report(&missing_report_example(), today)
                .expect("the missing example is valid");
            report.child = child;
            if place_text.is_some() {
                report.last_seen_place.text = place_text;
            }
            features_of_missing(&report)
        }
        ReportKind::Found => {
            let mut report =
                crate::input::parse_found_report(&crate::examples::found_report_example(), today)
                    .expect("the found example is valid");
            report.child = child;
            if place_text.is_some() {
                report.found_place.text = place_text;
            }
            features_of_found(&report)
        }
    }
}

/// Describes a child of `age` with no date of birth, named `name` and with `father`.
fn child_of(sex: Option<Sex>, age: u8, name: Option<&str>, father: Option<&str>) -> Child {
    Child {
        name: name.map(str::to_string),
        sex,
        age_years_min: Some(age),
        age_years_max: Some(age),
        father_name: father.map(str::to_string),
        ..Default::default()
    }
}

// In the two tests below the two sides are ten years apart. They share no district block, so
// only the names can link them.

#[test]
fn parent_names_meet_within_sex() {
    let father = Some("Dnyaneshwar Kulkarni");
    let mut index = MatchIndex::new();
    for (key, sex) in [(1, Some(Sex::Female)), (2, Some(Sex::Male)), (3, None)] {
        index.insert(
            key,
            report_about(ReportKind::Missing, child_of(sex, 5, None, father)),
        );
    }
    let query = |sex| report_about(ReportKind::Found, child_of(sex, 15, None, father));

    let girl = candidate_set(&index, &query(Some(Sex::Female)));
    let boy = candidate_set(&index, &query(Some(Sex::Male)));
    let unknown = candidate_set(&index, &query(None));

    assert_eq!(girl, BTreeSet::from([1, 3]));
    assert_eq!(boy, BTreeSet::from([2, 3]));
    assert_eq!(unknown, BTreeSet::from([1, 2, 3]));
}

#[test]
fn name_tokens_meet_within_sex() {
    let mut index = MatchIndex::new();
    let girl = child_of(Some(Sex::Female), 5, Some("Sneha Kulkarni"), None);
    let boy = child_of(Some(Sex::Male), 5, Some("Rohan Kulkarni"), None);
    index.insert(1, report_about(ReportKind::Missing, girl));
    index.insert(2, report_about(ReportKind::Missing, boy));
    let query = |sex, name| report_about(ReportKind::Found, child_of(sex, 15, Some(name), None));

    let surname_of_a_girl = candidate_set(&index, &query(Some(Sex::Female), "Kulkarni"));
    let surname_unknown_sex = candidate_set(&index, &query(None, "Kulkarni"));
    // A boy written down as a girl still meets his report through his two names.
    let boy_written_as_girl = candidate_set(&index, &query(Some(Sex::Female), "Rohan Kulkarni"));

    assert_eq!(surname_of_a_girl, BTreeSet::from([1]));
    assert_eq!(surname_unknown_sex, BTreeSet::from([1, 2]));
    assert!(boy_written_as_girl.contains(&2));
}

/// Builds `kind`'s example report about a girl of `age` called `name`, with `place_text`.
fn report_at(kind: ReportKind, age: u8, name: &str, place_text: &str) -> Features {
    let child = child_of(Some(Sex::Female), age, Some(name), None);
    report_with_place(kind, child, Some(place_text))
}

#[test]
fn postcodes_meet_without_names() {
    // Names that share no key and ages ten years apart: only the place text can link them.
    let mut index = MatchIndex::new();
    index.insert(
        1,
        report_at(
            ReportKind::Missing,
            5,
            "Xqzt Vbnm",
            "Shivaji Nagar, Pune 411005",
        ),
    );
    index.insert(
        2,
        report_at(ReportKind::Missing, 5, "Jklw Ghtr", "Kothrud, Pune 411038"),
    );
    let query = |place| report_at(ReportKind::Found, 15, "Pqrs Wdyf", place);

    let same_pin = candidate_set(&index, &query("Swargate bus stand, 411005"));
    let no_pin = candidate_set(&index, &query("Swargate bus stand, Pune"));
    let platform = candidate_set(&index, &query("Pune station platform 411"));
    let devanagari_pin = candidate_set(&index, &query("स्वारगेट बस स्टैंड ४११००५"));

    assert_eq!(same_pin, BTreeSet::from([1]));
    assert_eq!(no_pin, BTreeSet::new());
    assert_eq!(platform, BTreeSet::new());
    assert_eq!(devanagari_pin, BTreeSet::from([1]));

    // An edit moves the report to its new postcode's block, and a rebuild keeps it there.
    index.remove(&1);
    index.insert(
        2,
        report_at(ReportKind::Missing, 5, "Jklw Ghtr", "Swargate, Pune 411005"),
    );
    let after_edit = candidate_set(&index, &query("Swargate bus stand, 411005"));
    index.rebuild();
    let after_rebuild = candidate_set(&index, &query("Swargate bus stand, 411005"));
    let old_pin = candidate_set(&index, &query("Kothrud depot 411038"));

    assert_eq!(after_edit, BTreeSet::from([2]));
    assert_eq!(after_rebuild, BTreeSet::from([2]));
    assert_eq!(old_pin, BTreeSet::new());
}
