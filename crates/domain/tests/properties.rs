//! Property tests: name handling and scoring never panic and keep their invariants on any input.

use chrono::NaiveDate;
use proptest::prelude::*;
use trackchild_domain::codes::Sex;
use trackchild_domain::matching::{
    FIELD_COUNT, MatchIndex, features_of_found, features_of_missing, score_pair,
};
use trackchild_domain::names::{normalise_name, parse_name, phonetic_key, transliterate_to_latin};
use trackchild_domain::wire::{Child, NewFoundReport, NewMissingReport, Place};

fn date(days: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date") + chrono::TimeDelta::days(days)
}

fn child(name: String, sex: Option<Sex>, ages: Option<(u8, u8)>, height: Option<f32>) -> Child {
    Child {
        name: Some(name),
        sex,
        age_years_min: ages.map(|a| a.0),
        age_years_max: ages.map(|a| a.1),
        height_cm: height,
        ..Child::default()
    }
}

fn sex_strategy() -> impl Strategy<Value = Option<Sex>> {
    prop_oneof![
        Just(None),
        Just(Some(Sex::Male)),
        Just(Some(Sex::Female)),
        Just(Some(Sex::Unknown))
    ]
}

proptest! {
    #[test]
    fn name_functions_accept_any_text(raw in "\\PC{0,60}") {
        let normalised = normalise_name(&raw);
        let parsed = parse_name(&raw);
        let latin = transliterate_to_latin(&raw);

        prop_assert_eq!(normalised.len(), parsed.len());
        for tokens in &normalised {
            prop_assert!(!tokens.is_empty());
            prop_assert!(tokens.iter().all(|t| t.bytes().all(|b| b.is_ascii_lowercase())));
        }
        let indic_left = latin.chars().any(|c| ('\u{0900}'..='\u{0D7F}').contains(&c));
        prop_assert!(!indic_left, "{}", latin);
    }

    #[test]
    fn indic_text_becomes_latin(raw in "[\u{0900}-\u{097F}\u{0980}-\u{09FF} ]{0,20}") {
        let latin = transliterate_to_latin(&raw);

        prop_assert!(latin.is_ascii(), "{}", latin);
    }

    #[test]
    fn phonetic_key_is_lowercase_ascii(token in "[a-zA-Z]{0,30}") {
        let key = phonetic_key(&token);

        prop_assert!(key.bytes().all(|b| b.is_ascii_lowercase()));
        prop_assert!(key.len() <= 2 * token.len());
    }

    #[test]
    fn score_is_a_probability_and_order_free(
        missing_name in "\\PC{0,30}",
        found_name in "\\PC{0,30}",
        missing_sex in sex_strategy(),
        found_sex in sex_strategy(),
        ages in proptest::option::of((0u8..=18, 0u8..=18)),
        height in proptest::option::of(30.0f32..220.0),
        days in (0i64..700, 0i64..700),
        districts in (0usize..781, 0usize..781),
    ) {
        let geo = trackchild_domain::geo::geography();
        let (a, b) = (&geo.districts()[districts.0], &geo.districts()[districts.1]);
        let ages = ages.map(|(x, y)| (x.min(y), x.max(y)));
        let missing = NewMissingReport {
            child: child(missing_name, missing_sex, ages, height),
            last_seen_date: date(days.0),
            last_seen_place: Place { state_code: a.state_code, district_code: a.code, text: None },
            fir_number: None,
            fir_date: None,
            circumstances: None,
            complainant_relation: None,
            complainant_phone: None,
        };
        let found = NewFoundReport {
            child: child(found_name, found_sex, ages, height),
            found_date: date(days.1),
            found_place: Place { state_code: b.state_code, district_code: b.code, text: None },
            found_by: None,
            circumstances: None,
        };
        let (m, f) = (features_of_missing(&missing), features_of_found(&found));

        let scored = score_pair(&m, &f);

        prop_assert!((0.0..=1.0).contains(&scored.probability));
        prop_assert_eq!(&scored, &score_pair(&f, &m));
        prop_assert_eq!(scored.explanation.len(), FIELD_COUNT);
        let mut index = MatchIndex::new();
        index.insert(1u8, m);
        for (_, hit) in index.best_matches(&f, 0.0, 5) {
            prop_assert_eq!(hit.probability, scored.probability);
        }
    }
}
