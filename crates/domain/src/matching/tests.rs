//! Tests of pair scoring and the index on hand-written reports.

use chrono::NaiveDate;

use super::*;
use crate::codes::{ReportKind, Sex};
use crate::examples::{found_report_example, missing_report_example};
use crate::input::{parse_found_report, parse_missing_report};
use crate::wire::{NewFoundReport, NewMissingReport};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date")
}

fn example_missing() -> NewMissingReport {
    parse_missing_report(&missing_report_example(), today()).expect("the missing example is valid")
}

fn example_found() -> NewFoundReport {
    parse_found_report(&found_report_example(), today()).expect("the found example is valid")
}

fn weight_of(scored: &Scored, field: &str) -> f64 {
    scored
        .explanation
        .iter()
        .find(|c| c.field == field)
        .map(|c| c.weight)
        .expect("every field is explained")
}

fn level_of<'a>(scored: &'a Scored, field: &str) -> &'a str {
    scored
        .explanation
        .iter()
        .find(|c| c.field == field)
        .map(|c| c.level.as_str())
        .expect("every field is explained")
}

#[test]
fn openapi_examples_score_well_above_threshold() {
    let missing = features_of_missing(&example_missing());
    let found = features_of_found(&example_found());

    let scored = score_pair(&missing, &found);

    assert!(scored.probability > 0.99, "{scored:#?}");
    assert!(scored.probability > DEFAULT_THRESHOLD + 0.5);
    assert_eq!(level_of(&scored, "name"), "phonetic");
    assert_eq!(level_of(&scored, "sex"), "exact");
    assert!(
        level_of(&scored, "age").starts_with("consistent"),
        "{scored:#?}"
    );
    assert_eq!(level_of(&scored, "place"), "nearby");
    assert_eq!(level_of(&scored, "marks"), "same");
}

#[test]
fn argument_order_does_not_matter() {
    let missing = features_of_missing(&example_missing());
    let found = features_of_found(&example_found());

    assert_eq!(score_pair(&missing, &found), score_pair(&found, &missing));
}

#[test]
fn explanation_lists_every_field_once() {
    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&example_found()),
    );

    let fields: Vec<&str> = scored
        .explanation
        .iter()
        .map(|c| c.field.as_str())
        .collect();

    assert_eq!(
        fields,
        [
            "name",
            "parents",
            "sex",
            "age",
            "date_of_birth",
            "height",
            "build",
            "complexion",
            "marks",
            "languages",
            "place",
            "dates",
            "dress",
            "place_text"
        ]
    );
}

#[test]
fn other_sex_child_scores_below_threshold() {
    let mut found = example_found();
    found.child.name = Some("Rohit Pawar".into());
    found.child.sex = Some(Sex::Male);
    found.child.mother_name = None;
    found.child.identification_marks.clear();
    found.child.height_cm = Some(121.0);
    found.child.dress = Some("blue shirt".into());

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert!(scored.probability < DEFAULT_THRESHOLD, "{scored:#?}");
    assert!(weight_of(&scored, "sex") < -4.0);
    assert!(weight_of(&scored, "name") < 0.0);
}

#[test]
fn sibling_with_same_parents_stays_below_threshold() {
    let mut found = example_found();
    found.child.name = Some("Rohit Jadhav".into());
    found.child.sex = Some(Sex::Male);
    found.child.age_years_min = Some(8);
    found.child.age_years_max = Some(10);
    found.child.height_cm = Some(128.0);
    found.child.identification_marks.clear();
    found.child.dress = Some("blue shirt, grey shorts".into());

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert!(scored.probability < DEFAULT_THRESHOLD, "{scored:#?}");
}

#[test]
fn same_name_other_sex_loses_most_support() {
    let mut found = example_found();
    found.child.sex = Some(Sex::Male);

    let same = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&example_found()),
    );
    let other = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert!(other.probability < same.probability);
    assert_eq!(level_of(&other, "sex"), "different");
}

#[test]
fn far_child_other_name_scores_low() {
    let mut found = example_found();
    found.child.name = Some("Priyanka Kumari".into());
    found.child.languages = vec!["hin".into(), "mai".into()];
    found.child.mother_name = Some("Rekha Devi".into());
    found.child.identification_marks.clear();
    found.found_place.state_code = 10;
    found.found_place.district_code = 212;

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert!(scored.probability < DEFAULT_THRESHOLD, "{scored:#?}");
    assert_eq!(level_of(&scored, "place"), "far");
    assert_eq!(level_of(&scored, "name"), "different");
}

#[test]
fn found_long_before_missing_counts_against() {
    let mut found = example_found();
    found.found_date = NaiveDate::from_ymd_opt(2026, 8, 1).expect("valid date");

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert_eq!(level_of(&scored, "dates"), "found_before_missing");
    assert!(weight_of(&scored, "dates") <= -10.0);
}

#[test]
fn impossible_age_counts_against() {
    let mut found = example_found();
    found.child.age_years_min = Some(3);
    found.child.age_years_max = Some(4);

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert_eq!(level_of(&scored, "age"), "different");
    assert!(weight_of(&scored, "age") <= -8.0);
}

#[test]
fn missing_values_are_neutral() {
    let mut found = example_found();
    found.child = crate::wire::Child {
        sex: Some(Sex::Unknown),
        ..Default::default()
    };

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    for field in [
        "name",
        "parents",
        "sex",
        "age",
        "date_of_birth",
        "height",
        "build",
        "complexion",
        "marks",
        "languages",
        "dress",
    ] {
        assert_eq!(level_of(&scored, field), "missing", "{field}");
        assert_eq!(weight_of(&scored, field), 0.0, "{field}");
    }
}

#[test]
fn devanagari_name_matches_its_latin_form() {
    let mut found = example_found();
    found.child.name = Some("आरती जाधव".into());

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert!(weight_of(&scored, "name") > 8.0, "{scored:#?}");
}

#[test]
fn alias_can_carry_the_name() {
    let mut found = example_found();
    found.child.name = Some("Chinu".into());

    let scored = score_pair(
        &features_of_missing(&example_missing()),
        &features_of_found(&found),
    );

    assert_eq!(level_of(&scored, "name"), "exact");
}

#[test]
fn common_tokens_prove_little() {
    let score = |a: &str, b: &str| {
        weight_of(
            &score_pair(
                &features_of_missing(&named_missing(a)),
                &features_of_found(&named_found(b)),
            ),
            "name",
        )
    };

    let only_kumar = score("Rahul Kumar", "Sonu Kumar");
    let with_singh = score("Rahul Singh", "Rahul Singh");
    let with_jadhav = score("Rahul Jadhav", "Rahul Jadhav");
    let mohammad_only = score("Mohd Arif", "Mohammad Salim");

    assert!(
        only_kumar < 0.0,
        "sharing only Kumar should count against: {only_kumar}"
    );
    assert!(
        mohammad_only < 0.0,
        "sharing only Mohammad should count against: {mohammad_only}"
    );
    assert!(
        with_jadhav > with_singh + 3.0,
        "Jadhav {with_jadhav} vs Singh {with_singh}"
    );
}

fn named_missing(name: &str) -> NewMissingReport {
    let mut report = example_missing();
    report.child = crate::wire::Child {
        name: Some(name.into()),
        sex: Some(Sex::Male),
        ..Default::default()
    };
    report
}

fn named_found(name: &str) -> NewFoundReport {
    let mut report = example_found();
    report.child = crate::wire::Child {
        name: Some(name.into()),
        sex: Some(Sex::Male),
        ..Default::default()
    };
    report
}

#[test]
fn joined_and_split_tokens_match() {
    let score = |a: &str, b: &str| {
        score_pair(
            &features_of_missing(&named_missing(a)),
            &features_of_found(&named_found(b)),
        )
    };

    let joined = score("Ramkumar Yadav", "Ram Kumar Yadav");
    let split = score("Ram Kumar Yadav", "Ramkumar Yadav");

    assert!(weight_of(&joined, "name") > 8.0, "{joined:#?}");
    assert!(weight_of(&split, "name") > 8.0, "{split:#?}");
}

#[test]
fn surname_first_order_matches() {
    let scored = score_pair(
        &features_of_missing(&named_missing("Jadhav Rahul")),
        &features_of_found(&named_found("Rahul Jadhav")),
    );

    assert_eq!(level_of(&scored, "name"), "exact");
}

#[test]
fn initials_add_little() {
    let full = score_pair(
        &features_of_missing(&named_missing("Rahul Jadhav")),
        &features_of_found(&named_found("Rahul Jadhav")),
    );
    let initial = score_pair(
        &features_of_missing(&named_missing("R. Jadhav")),
        &features_of_found(&named_found("Rahul Jadhav")),
    );

    assert!(weight_of(&initial, "name") > 0.0, "{initial:#?}");
    assert!(weight_of(&initial, "name") < weight_of(&full, "name"));
}

#[test]
fn index_replaces_and_removes_by_key() {
    let mut index = MatchIndex::new();
    let missing = features_of_missing(&example_missing());

    index.insert(1u32, missing.clone());
    index.insert(2u32, missing.clone());
    index.insert(1u32, missing.clone());
    assert_eq!(index.len(), 2);

    index.remove(&1);
    index.remove(&7);
    assert_eq!(index.len(), 1);

    let found = features_of_found(&example_found());
    let hits = index.best_matches(&found, DEFAULT_THRESHOLD, 10);
    assert_eq!(hits.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [2]);
}

#[test]
fn best_matches_ranks_and_limits() {
    let mut index = MatchIndex::new();
    index.insert(10u32, features_of_missing(&example_missing()));
    let mut weaker = example_missing();
    weaker.child.identification_marks.clear();
    weaker.child.height_cm = None;
    index.insert(11u32, features_of_missing(&weaker));
    let mut other = example_missing();
    other.child.name = Some("Rohit Pawar".into());
    other.child.sex = Some(Sex::Male);
    other.child.aliases.clear();
    other.child.father_name = Some("Vijay Pawar".into());
    other.child.mother_name = Some("Manisha Pawar".into());
    index.insert(12u32, features_of_missing(&other));
    let found = features_of_found(&example_found());

    let all = index.best_matches(&found, DEFAULT_THRESHOLD, 10);
    let one = index.best_matches(&found, DEFAULT_THRESHOLD, 1);

    assert_eq!(all.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [10, 11]);
    assert!(all[0].1.probability >= all[1].1.probability);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].0, 10);
}

#[test]
fn same_kind_entries_are_skipped() {
    let mut index = MatchIndex::new();
    index.insert(1u32, features_of_missing(&example_missing()));
    let query = features_of_missing(&example_missing());

    assert_eq!(query.kind(), ReportKind::Missing);
    assert!(index.best_matches(&query, 0.0, 10).is_empty());
}

/// Builds the found example with no name, parents or languages, found in `district_code`.
fn anonymous_found(state_code: u16, district_code: u16) -> Features {
    let mut report = example_found();
    report.child.name = None;
    report.child.name_latin = None;
    report.child.aliases.clear();
    report.child.father_name = None;
    report.child.mother_name = None;
    report.child.guardian_name = None;
    report.child.languages.clear();
    report.found_place.state_code = state_code;
    report.found_place.district_code = district_code;
    features_of_found(&report)
}

#[test]
fn unnamed_child_meets_reports_of_neighbouring_districts() {
    let mut index = MatchIndex::new();
    index.insert(1u32, features_of_missing(&example_missing()));

    // Satara (494) is about 100 km from Pune (490), where the child was last seen.
    let nearby = index.candidates(&anonymous_found(27, 494));
    // Patna (212) is over 1,000 km away.
    let far = index.candidates(&anonymous_found(10, 212));

    assert_eq!(nearby, vec![1]);
    assert!(far.is_empty(), "{far:?}");
}

#[test]
fn both_parents_agreeing_is_its_own_level() {
    let missing = features_of_missing(&example_missing());
    let mut one = example_found();
    one.child.father_name = None;
    one.child.mother_name = Some("Sunita Jadhav".into());
    let mut both = one.clone();
    both.child.father_name = Some("Sunil Jadhav".into());

    let one = score_pair(&missing, &features_of_found(&one));
    let both = score_pair(&missing, &features_of_found(&both));

    assert_ne!(level_of(&one, "parents"), "both_parents");
    assert_eq!(level_of(&both, "parents"), "both_parents");
    assert!(weight_of(&both, "parents") > weight_of(&one, "parents") + 2.0);
}

#[test]
fn family_name_and_initial_levels() {
    let level = |a: &str, b: &str| compare_child_names(a, b, Some(Sex::Male), Some(Sex::Male)).0;

    assert_eq!(level("Rahul Sharma", "Rahul Verma"), "family_name_differs");
    assert_eq!(level("R. Karthik", "S. Karthik"), "family_name_differs");
    assert_eq!(level("K. Ramesh", "Kannan Ramesh"), "partial");
    assert_eq!(level("Rahul Sharma", "Rahul Sharma"), "exact");
}

#[test]
fn boy_and_girl_closing_words_count_against() {
    let (level, bits) = compare_child_names(
        "Sonu Kumar",
        "Sonu Kumari",
        Some(Sex::Male),
        Some(Sex::Female),
    );
    let (_, same) = compare_child_names("Sonu Kumar", "Sonu", Some(Sex::Male), Some(Sex::Male));

    assert_eq!(level, "gendered_suffix_differs");
    assert!(bits < 0.0, "{bits}");
    assert!(same > 3.0, "{same}");
}

#[test]
fn joined_personal_name_agrees() {
    let (level, bits) = compare_child_names(
        "Suryaprakash Yadav",
        "Surya Prakash Yadav",
        Some(Sex::Male),
        Some(Sex::Male),
    );

    assert_ne!(level, "personal_name_differs");
    assert!(bits > 8.0, "{level} {bits}");
}

#[test]
fn duplicate_probability_is_symmetric_in_time() {
    let first = example_missing();
    let mut second = example_missing();
    second.last_seen_date = first.last_seen_date + chrono::Days::new(3);
    second.last_seen_place.district_code = 494;
    let (first, second) = (features_of_missing(&first), features_of_missing(&second));

    let forward = duplicate_probability(&first, &second);
    let backward = duplicate_probability(&second, &first);

    assert!(forward > 0.99, "two filings of one child score {forward}");
    assert_eq!(forward, backward);
}

#[test]
fn duplicate_probability_keeps_siblings_apart() {
    let first = example_missing();
    let mut brother = example_missing();
    brother.child.name = Some("Rahul Sunil Jadhav".into());
    brother.child.aliases.clear();
    brother.child.sex = Some(Sex::Male);
    brother.child.age_years_min = Some(9);
    brother.child.age_years_max = Some(9);
    brother.child.height_cm = Some(128.0);
    brother.child.identification_marks.clear();
    let (first, brother) = (features_of_missing(&first), features_of_missing(&brother));

    let probability = duplicate_probability(&first, &brother);

    assert!(probability < 0.5, "a brother scores {probability}");
}

#[test]
fn given_names_in_other_order_agree() {
    let girl = (Some(Sex::Female), Some(Sex::Female));
    let in_order = compare_child_names("Rubina Vicky Khan", "Rubina Vicky Khan", girl.0, girl.1);
    let swapped = compare_child_names("Rubina Vicky Khan", "Vicky Rubina Khan", girl.0, girl.1);

    assert_eq!(swapped, in_order);
    // The father's name in the middle agreeing with a personal name still differs.
    let (level, _) = compare_child_names("Aarti Sunil Jadhav", "Sunil Jadhav", girl.0, girl.1);
    assert_eq!(level, "personal_name_differs");
}

/// Builds the missing example born on `born` and the found example born on `found_born` (or
/// without a date of birth), each with its age range cleared where it has a date of birth.
fn born_pair(born: &str, found_born: Option<&str>) -> (Features, Features) {
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid date");
    let mut missing = example_missing();
    missing.child.age_years_min = None;
    missing.child.age_years_max = None;
    missing.child.date_of_birth = Some(date(born));
    let mut found = example_found();
    if let Some(found_born) = found_born {
        found.child.age_years_min = None;
        found.child.age_years_max = None;
        found.child.date_of_birth = Some(date(found_born));
    }
    (features_of_missing(&missing), features_of_found(&found))
}

#[test]
fn dates_of_birth_compare_in_levels() {
    let cases = [
        ("2015-03-12", "exact"),
        // Day and month swapped, one digit changed, two neighbouring digits swapped.
        ("2015-12-03", "typing_slip"),
        ("2015-03-17", "typing_slip"),
        ("2051-03-12", "typing_slip"),
        ("2015-08-30", "within_a_year"),
        ("2011-06-21", "different"),
    ];
    for (found_born, expected) in cases {
        let (missing, found) = born_pair("2015-03-12", Some(found_born));

        let scored = score_pair(&missing, &found);

        assert_eq!(level_of(&scored, "date_of_birth"), expected, "{found_born}");
        // The dates carry more evidence than the ages computed from them, so the age stays out.
        assert_eq!(level_of(&scored, "age"), "missing", "{found_born}");
    }
}

#[test]
fn date_of_birth_weights_fall_with_each_level() {
    let weight = |found_born: &str| {
        let (missing, found) = born_pair("2015-03-12", Some(found_born));
        weight_of(&score_pair(&missing, &found), "date_of_birth")
    };

    let (exact, slip) = (weight("2015-03-12"), weight("2015-12-03"));
    let (near, far) = (weight("2015-08-30"), weight("2011-06-21"));

    assert!(
        exact > slip && slip > near && near > far,
        "{exact} {slip} {near} {far}"
    );
    assert!(exact >= 10.0, "{exact}");
    assert!(far < 0.0, "{far}");
}

#[test]
fn one_date_of_birth_compares_as_age() {
    let (missing, found) = born_pair("2015-03-12", None);

    let scored = score_pair(&missing, &found);

    assert_eq!(level_of(&scored, "date_of_birth"), "missing");
    assert_ne!(level_of(&scored, "age"), "missing");
}

#[test]
fn distant_birth_dates_still_scored() {
    // 2005 against 2015: as ages, ten years apart and impossible; as written dates, one slip.
    let (missing, found) = born_pair("2005-03-12", Some("2015-03-12"));
    let mut index = MatchIndex::new();
    index.insert(1u32, missing);

    let hits = index.best_matches(&found, 0.0, 5);

    assert_eq!(hits.len(), 1, "{hits:?}");
}

#[test]
fn date_of_birth_opens_a_block() {
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid date");
    let mut missing = named_missing("Ravi Shankar");
    missing.child.date_of_birth = Some(date("2014-03-12"));
    let mut index = MatchIndex::new();
    index.insert(1u32, features_of_missing(&missing));
    // Another name, another sex and a state over 1,000 km away: only the date is shared.
    let query = |born: &str| {
        let mut found = named_found("Quxby Zerwald");
        found.child.sex = Some(Sex::Female);
        found.child.age_years_min = None;
        found.child.age_years_max = None;
        found.child.languages.clear();
        found.child.date_of_birth = Some(date(born));
        found.found_place.state_code = 10;
        found.found_place.district_code = 212;
        features_of_found(&found)
    };

    assert_eq!(index.candidates(&query("2014-03-12")), vec![1]);
    assert_eq!(index.candidates(&query("2014-12-03")), vec![1]);
    assert!(index.candidates(&query("2014-03-19")).is_empty());
}

#[test]
fn unknown_state_leaves_place_missing() {
    let mut missing = example_missing();
    missing.last_seen_place.state_code = UNKNOWN_STATE;
    missing.last_seen_place.district_code = 0;
    let mut found = example_found();
    found.found_place.state_code = UNKNOWN_STATE;
    found.found_place.district_code = 0;

    let scored = score_pair(&features_of_missing(&missing), &features_of_found(&found));

    assert_eq!(level_of(&scored, "place"), "missing");
}

/// `count` found reports named `name` and the rest with names of their own.
fn reports_named(name: &str, count: usize, total: usize) -> Vec<Features> {
    (0..total)
        .map(|i| {
            // Three letters per number, so every report has a token of its own.
            let letters: String = [i / 676, i / 26 % 26, i % 26]
                .iter()
                .map(|&d| char::from(b'a' + d as u8))
                .collect();
            let own = format!("Zq{letters}");
            features_of_found(&named_found(if i < count { name } else { &own }))
        })
        .collect()
}

#[test]
fn observed_shares_raise_common_unlisted_tokens() {
    let share = |reports: &[Features]| reports[0].names[0].tokens[0].share;
    let mut common = reports_named("Whitbourne", 101, MIN_REPORTS_TO_OBSERVE);
    let mut few = reports_named("Whitbourne", 101, MIN_REPORTS_TO_OBSERVE - 1);
    let listed = share(&common);

    observe_name_shares(&mut [&mut common]);
    observe_name_shares(&mut [&mut few]);

    // 100 other reports of 1,000 share the token.
    assert!((share(&common) - 0.1).abs() < 1e-9, "{}", share(&common));
    assert!(common[0].names[0].tokens[0].key_share >= 0.1);
    assert_eq!(share(&few), listed, "too few reports to count on");
    // A token no other report has keeps its listed share.
    let last = &common[MIN_REPORTS_TO_OBSERVE - 1].names[0].tokens[0];
    assert!(last.share < 0.001, "{}", last.share);
}

#[test]
fn fit_patterns_keep_pair_order() {
    let missing: Vec<Features> = ["Ravi Kumar", "Sunita Devi", "Mohd Arif"]
        .map(|name| features_of_missing(&named_missing(name)))
        .to_vec();
    let found: Vec<Features> = ["Ravi", "Arif Khan"]
        .map(|name| features_of_found(&named_found(name)))
        .to_vec();
    // Not in missing order, with a repeat, so that comparing in missing order must put each
    // pattern back in its place.
    let pairs = [(2, 1), (0, 0), (1, 1), (2, 0), (0, 1), (2, 1)];

    let patterns = model::patterns_of(&missing, &found, &pairs);

    assert_eq!(patterns.len(), pairs.len());
    for (&(m, f), got) in pairs.iter().zip(&patterns) {
        assert_eq!(
            *got,
            pattern(&missing[m as usize], &found[f as usize]),
            "pair {m}, {f}"
        );
    }
    // The names differ between pairs, so a pattern put in the wrong place would show.
    assert_ne!(patterns[0], patterns[1]);
}

/// Scores the example pair with the given place descriptions.
fn scored_with_place_texts(missing_text: Option<&str>, found_text: Option<&str>) -> Scored {
    let mut missing = example_missing();
    let mut found = example_found();
    missing.last_seen_place.text = missing_text.map(str::to_string);
    found.found_place.text = found_text.map(str::to_string);
    score_pair(&features_of_missing(&missing), &features_of_found(&found))
}

#[test]
fn place_text_levels() {
    let station = Some("Pune railway station, platform 3");
    let cases = [
        (None, station, "missing"),
        (station, Some("  near the  "), "missing"),
        (station, Some("Satara ST bus stand"), "different"),
        (station, Some("Outside Pune bus stand"), "one_word"),
        (
            station,
            Some("Railway station, Satara road"),
            "several_words",
        ),
        (
            station,
            Some("PUNE Railway Station (platform 3)"),
            "most_words",
        ),
        (station, Some("Pune station"), "most_words"),
        (Some("पुणे रेलवे स्टेशन"), Some("पुणे स्टेशन।"), "most_words"),
        (Some("पुणे रेलवे स्टेशन"), Some("सतारा बस स्टैंड"), "different"),
        // Only the PIN code agrees: place words are not transliterated.
        (
            Some("पुणे स्टेशन ४११००१"),
            Some("Pune Junction, 411001"),
            "one_word",
        ),
        (Some("পুনে ৪১১০০১"), Some("Satara 411001"), "one_word"),
    ];
    for (missing_text, found_text, expected) in cases {
        let scored = scored_with_place_texts(missing_text, found_text);
        assert_eq!(
            level_of(&scored, "place_text"),
            expected,
            "{missing_text:?} against {found_text:?}"
        );
    }
}

#[test]
fn shared_place_words_raise_the_score() {
    let station = Some("Pune railway station, platform 3");
    let weights: Vec<f64> = [
        Some("Satara ST bus stand"),
        Some("Outside Pune bus stand"),
        Some("Railway station, Satara road"),
        Some("Pune railway station, platform 3"),
    ]
    .into_iter()
    .map(|found| weight_of(&scored_with_place_texts(station, found), "place_text"))
    .collect();

    assert!(weights[0] < 0.0, "{weights:?}");
    assert!(weights.windows(2).all(|w| w[0] < w[1]), "{weights:?}");
    let without = scored_with_place_texts(None, station);
    assert_eq!(weight_of(&without, "place_text"), 0.0);
}

/// Returns the duplicate probability of two reports with the same place text, then with
/// another text on `second`.
fn with_and_without_same_place(
    first: &NewMissingReport,
    second: &mut NewMissingReport,
) -> (f64, f64) {
    second.last_seen_place.text = first.last_seen_place.text.clone();
    let same_text =
        duplicate_probability(&features_of_missing(first), &features_of_missing(second));
    second.last_seen_place.text = Some("Kothrud depot".into());
    let other_text =
        duplicate_probability(&features_of_missing(first), &features_of_missing(second));
    (same_text, other_text)
}

/// Builds the missing example with a date of birth and a last-seen place text.
fn born_missing_at_gate() -> NewMissingReport {
    let mut report = example_missing();
    report.child.date_of_birth = NaiveDate::from_ymd_opt(2014, 6, 2);
    report.last_seen_place.text = Some("Shaniwar Wada gate".into());
    report
}

#[test]
fn duplicate_check_weighs_place_text() {
    let first = born_missing_at_gate();
    let mut second = first.clone();
    second.last_seen_date = first.last_seen_date + chrono::Days::new(3);
    second.child.aliases.clear();
    second.child.father_name = None;
    second.child.mother_name = None;

    // A misspelt given name and no date of birth: the names agree, so the place counts.
    second.child.name = Some("Arti Jadhav".into());
    second.child.date_of_birth = None;
    let (same_text, other_text) = with_and_without_same_place(&first, &mut second);
    assert!(same_text > other_text, "{same_text} against {other_text}");

    // Another given name and the same date of birth: the place counts.
    second.child.name = Some("Pooja Jadhav".into());
    second.child.date_of_birth = first.child.date_of_birth;
    let (same_text, other_text) = with_and_without_same_place(&first, &mut second);
    assert!(same_text > other_text, "{same_text} against {other_text}");

    // Another given name and no date of birth: a sister is as likely as a second filing.
    second.child.date_of_birth = None;
    let (same_text, other_text) = with_and_without_same_place(&first, &mut second);
    assert_eq!(same_text, other_text);
}

#[test]
fn duplicate_check_keeps_twins_apart() {
    let sister = born_missing_at_gate();
    let mut brother = sister.clone();
    brother.child.name = Some("Rahul Sunil Jadhav".into());
    brother.child.aliases.clear();
    brother.child.sex = Some(Sex::Male);
    brother.child.identification_marks.clear();
    let mut twin_sister = brother.clone();
    twin_sister.child.name = Some("Pooja Sunil Jadhav".into());
    twin_sister.child.sex = Some(Sex::Female);

    let with_brother = duplicate_probability(
        &features_of_missing(&sister),
        &features_of_missing(&brother),
    );
    let with_sister = duplicate_probability(
        &features_of_missing(&sister),
        &features_of_missing(&twin_sister),
    );

    assert!(with_brother < 0.5, "a twin brother scores {with_brother}");
    assert!(with_sister < 0.5, "a twin sister scores {with_sister}");
}

#[test]
fn place_words_keep_devanagari_whole() {
    let mut report = example_missing();
    report.last_seen_place.text = Some("पुणे रेलवे स्टेशन, प्लेटफॉर्म ३ (near gate)".into());

    let words = features_of_missing(&report).place;

    assert_eq!(words, ["3", "gate", "पुणे", "प्लेटफॉर्म", "रेलवे", "स्टेशन"]);
}
