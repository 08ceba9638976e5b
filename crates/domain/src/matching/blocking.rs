//! Blocking keys: which entries of the index a query is compared with at all.
//!
//! A pair is scored when any one of its keys agrees, so one corrupted field does not hide a true
//! pair:
//!
//! - a phonetic key of a token of the child's name (or alias) or of a parent's name, alone, with
//!   the state, and paired with another token of the same name. Each such key except a pair of
//!   the child's own tokens also carries the child's sex bucket;
//! - the district, a sex bucket and a year of birth; a query without a name also visits these
//!   blocks of the districts within [`NEIGHBOUR_KM`] of its own, since children are often found
//!   one district away;
//! - the state, a language other than Hindi and English, a sex bucket and a year of birth;
//! - the date of birth, when the report gives one, and for a query also that date with day and
//!   month swapped;
//! - a postcode or PIN code in the free text of the place, with the sex bucket.
//!
//! Years of birth come from the age range at the event date, so they do not move as the child
//! grows between the two reports. A query looks one year beyond its own range on each side, so a
//! pair whose ages are a little apart (the `near` age level) still meets. A report without an
//! age sits in year 0, which every query also visits.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

use crate::codes::{LANGUAGE_CODES, Sex};
use crate::geo::{geography, haversine_km};
use crate::names::{ParsedName, TokenRole};

use super::features::Features;

/// Name tokens shared by more than this share of people (Singh, Sharma, Khan) open no national
/// block, because it would hold a tenth of the index. They still open blocks together with the
/// state and with another token of the name.
const MAX_BLOCKING_TOKEN_SHARE: f64 = 0.02;

/// Distance within which a query visits another district's blocks: the `nearby` place level.
pub(crate) const NEIGHBOUR_KM: f64 = 150.0;

/// Most neighbouring districts a query visits, nearest first, so that a dense region cannot
/// make one query visit dozens of districts.
const MAX_NEIGHBOURS: usize = 12;

/// The districts within [`NEIGHBOUR_KM`] of each district, nearest first, computed once from the
/// district points.
static NEIGHBOURS: LazyLock<HashMap<u16, Vec<u16>>> = LazyLock::new(|| {
    let districts = geography().districts();
    districts
        .iter()
        .map(|d| {
            let mut near: Vec<(f64, u16)> = districts
                .iter()
                .filter(|o| o.code != d.code)
                .map(|o| {
                    (
                        haversine_km(d.latitude, d.longitude, o.latitude, o.longitude),
                        o.code,
                    )
                })
                .filter(|(km, _)| *km <= NEIGHBOUR_KM)
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0));
            near.truncate(MAX_NEIGHBOURS);
            (d.code, near.into_iter().map(|(_, code)| code).collect())
        })
        .collect()
});

/// Sex bucket of a report: 0 male, 1 female, 2 unknown, transgender or absent.
fn sex_bucket(sex: Option<Sex>) -> u8 {
    match sex {
        Some(Sex::Male) => 0,
        Some(Sex::Female) => 1,
        _ => 2,
    }
}

/// Buckets a query visits: its own and the unknown one, or every bucket when its sex is unknown.
fn query_sex_buckets(sex: Option<Sex>) -> &'static [u8] {
    match sex_bucket(sex) {
        0 => &[0, 2],
        1 => &[1, 2],
        _ => &[0, 1, 2],
    }
}

/// Years of birth consistent with the report's age range, widened by `slack` years each side.
/// Without an age, an entry sits in year 0 and a query visits every year of a childhood.
fn birth_years(features: &Features, slack: i32, is_query: bool) -> Vec<i32> {
    let event = features.event_date.year();
    let Some(age) = features.age else {
        return if is_query {
            (event - 19..=event).collect()
        } else {
            vec![0]
        };
    };
    let fraction = f64::from(features.event_date.ordinal0()) / 365.25;
    let earliest = (f64::from(event) + fraction - age.high).floor() as i32 - slack;
    let latest = (f64::from(event) + fraction - age.low).floor() as i32 + slack;
    // A range wider than a childhood carries no information; cap it so a bad value cannot make
    // a report visit hundreds of blocks.
    (earliest.max(event - 20)..=latest.min(event)).collect()
}

fn key(parts: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

fn name_keys(
    tag: u8,
    names: &[ParsedName],
    state_code: u16,
    is_query: bool,
    alone: &mut Vec<u64>,
    paired: &mut Vec<u64>,
) {
    for name in names {
        let informative: Vec<&str> = name
            .tokens
            .iter()
            .filter(|t| matches!(t.role, TokenRole::Given | TokenRole::Family) && t.key.len() >= 2)
            .map(|t| t.key.as_str())
            .collect();
        if is_query {
            corrected_keys(tag, name, &informative, state_code, alone, paired);
        }
        for token in name
            .tokens
            .iter()
            .filter(|t| informative.contains(&t.key.as_str()))
        {
            if token.share <= MAX_BLOCKING_TOKEN_SHARE {
                alone.push(key((tag, token.key.as_str())));
            }
            // Within one state even a common name (Pooja, Rahul) opens a block of a few hundred.
            alone.push(key((tag + 20, token.key.as_str(), state_code)));
        }
        // Two tokens together (given name and surname, in either order) stay selective where a
        // common given name alone would open a block of thousands.
        for (i, first) in informative.iter().enumerate() {
            for second in &informative[i + 1..] {
                let (low, high) = if first <= second {
                    (first, second)
                } else {
                    (second, first)
                };
                paired.push(key((tag + 10, *low, *high)));
            }
        }
    }
}

/// Most listed names a query tries for one token no list knows.
const MAX_CORRECTIONS: usize = 4;

/// Shortest phonetic key a query corrects: one edit from a two-letter key reaches too many names.
const MIN_CORRECTED_KEY: usize = 3;

/// Keys a query visits for the listed names one edit away from each of its unlisted tokens, since
/// such a token is most often a misspelling. Only queries visit them: the index files each entry
/// under its own keys alone, which keeps the index small.
fn corrected_keys(
    tag: u8,
    name: &ParsedName,
    informative: &[&str],
    state_code: u16,
    alone: &mut Vec<u64>,
    paired: &mut Vec<u64>,
) {
    let lists = crate::names::name_lists();
    for token in name.tokens.iter().filter(|t| {
        !t.listed
            && t.key.len() >= MIN_CORRECTED_KEY
            && matches!(t.role, TokenRole::Given | TokenRole::Family)
    }) {
        for corrected in lists.keys_one_edit_away(&token.key, MAX_CORRECTIONS) {
            if lists.key_share(corrected) <= MAX_BLOCKING_TOKEN_SHARE {
                alone.push(key((tag, corrected)));
            }
            alone.push(key((tag + 20, corrected, state_code)));
            for &other in informative.iter().filter(|&&other| other != token.key) {
                let (low, high) = if corrected <= other {
                    (corrected, other)
                } else {
                    (other, corrected)
                };
                paired.push(key((tag + 10, low, high)));
            }
        }
    }
}

/// Returns whether a word of a place's text looks like a postcode: four to six ASCII digits, as
/// Indian PIN codes (six) and many other countries' postcodes are.
fn is_postcode(word: &str) -> bool {
    (4..=6).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// Languages that narrow a state block: every one spoken except Hindi and English, which
/// half the country shares.
fn regional_languages(mask: u32) -> impl Iterator<Item = &'static str> {
    LANGUAGE_CODES
        .iter()
        .enumerate()
        .filter(move |(i, code)| mask & (1 << i) != 0 && !matches!(**code, "hin" | "eng"))
        .map(|(_, code)| *code)
}

/// Keys an entry of the index is filed under.
pub(crate) fn entry_keys(features: &Features) -> Vec<u64> {
    let mut all = Vec::new();
    let mut wide = Vec::new();
    keys(
        features,
        &[sex_bucket(features.sex)],
        0,
        false,
        &mut all,
        &mut wide,
    );
    all.append(&mut wide);
    all
}

/// Keys of the blocks a query visits, as `(narrow, wide)`: the state and language blocks are
/// wide, since a large state files many reports under each.
pub(crate) fn query_keys(features: &Features) -> (Vec<u64>, Vec<u64>) {
    let (mut narrow, mut wide) = (Vec::new(), Vec::new());
    keys(
        features,
        query_sex_buckets(features.sex),
        1,
        true,
        &mut narrow,
        &mut wide,
    );
    (narrow, wide)
}

fn keys(
    features: &Features,
    sexes: &[u8],
    slack: i32,
    is_query: bool,
    out: &mut Vec<u64>,
    wide: &mut Vec<u64>,
) {
    // Girls and boys share surnames and fathers' names, so keys of one token and all parents'
    // keys carry the sex. A pair of the child's own tokens does not, so a wrong sex still meets.
    let (mut by_sex, mut child_pairs) = (Vec::new(), Vec::new());
    name_keys(
        1,
        &features.names,
        features.state_code,
        is_query,
        &mut by_sex,
        &mut child_pairs,
    );
    out.append(&mut child_pairs);
    let mut parent_pairs = Vec::new();
    for names in [&features.father, &features.mother, &features.guardian] {
        name_keys(
            2,
            names,
            features.state_code,
            is_query,
            &mut by_sex,
            &mut parent_pairs,
        );
    }
    by_sex.append(&mut parent_pairs);
    // A postcode is shared by few reports, so it keeps a pair whose names were both mangled when
    // the last-seen and the found place lie in one postal area.
    for code in features.place.iter().filter(|word| is_postcode(word)) {
        by_sex.push(key((6u8, code.as_str())));
    }
    by_sex.sort_unstable();
    by_sex.dedup();
    for name_key in by_sex {
        out.extend(sexes.iter().map(|&sex| key((name_key, sex))));
    }
    let mut years = birth_years(features, slack, is_query);
    if is_query {
        years.push(0);
    }
    // Only a query without a name visits neighbouring districts: a named child meets the other
    // report through the name blocks, and visiting neighbours for every query would triple the
    // candidates of a large index.
    let neighbours: &[u16] = if is_query && features.names.is_empty() {
        NEIGHBOURS
            .get(&features.district_code)
            .map_or(&[], Vec::as_slice)
    } else {
        &[]
    };
    // Children born on one day are few, so a written date of birth is a block of its own. It
    // keeps a pair whose names were both mangled. A query also visits the date with day and
    // month swapped.
    if let Some(born) = features.age.and_then(|age| age.date_of_birth) {
        out.push(key((5u8, born.num_days_from_ce())));
        let swapped = NaiveDate::from_ymd_opt(born.year(), born.day(), born.month());
        if let Some(swapped) = swapped.filter(|&date| is_query && date != born) {
            out.push(key((5u8, swapped.num_days_from_ce())));
        }
    }
    for &sex in sexes {
        for &year in &years {
            out.push(key((3u8, features.district_code, sex, year)));
            for &district in neighbours {
                out.push(key((3u8, district, sex, year)));
            }
            for language in regional_languages(features.languages) {
                wide.push(key((4u8, features.state_code, language, sex, year)));
            }
        }
    }
    for list in [out, wide] {
        list.sort_unstable();
        list.dedup();
    }
}
