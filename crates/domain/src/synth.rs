//! Synthetic missing and found reports for demos, tests and measuring the matcher.
//!
//! [`generate`] invents children from the embedded name lists and geography, writes each up as a
//! missing report, a found report or both, and returns which pairs are the same child. A pair is
//! written the way two officers in different places would write one child up: the name spelt
//! anew (Aarti/Arti, Laxmi/Lakshmi, Mohd/Mohammad, v/w, sh/s, doubled vowels), with typos, dropped
//! or swapped tokens or only a nickname, the age guessed by appearance, the child grown taller,
//! found in another district, fields left out and the language list changed.
//!
//! Everything is drawn from a seeded SplitMix64 generator, so one seed always gives the same
//! cohort on every platform; nothing here reads the clock or the operating system's randomness.
//! Every report passes [`crate::input`]'s validation for the given `today`.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, TimeDelta};

use crate::codes::{
    AgeBasis, BodyLocation, Build, Complexion, FoundBy, FoundCircumstances, MarkType,
    MissingCircumstances, Sex,
};
use crate::geo::{District, geography};
use crate::input::{COMPLAINANT_RELATIONS, MAX_CHILD_AGE};
use crate::names::{GivenName, NameSex, Surname, name_lists};
use crate::wire::{Child, IdentificationMark, NewFoundReport, NewMissingReport, Place};

/// A generated cohort: reports of both kinds and which of them are the same child.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    pub missing: Vec<NewMissingReport>,
    pub found: Vec<NewFoundReport>,
    /// `(missing index, found index)` of every pair that describes one child.
    pub truth: Vec<(usize, usize)>,
}

/// Sizes, seed, date and districts of a cohort to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortOptions {
    /// Seed of the generator; one seed always gives the same cohort.
    pub seed: u64,
    /// Number of missing reports.
    pub missing: usize,
    /// Number of found reports.
    pub found: usize,
    /// Number of children reported both missing and found; capped at the smaller of `missing` and
    /// `found`.
    pub true_pairs: usize,
    /// Latest date any report may carry; reports fall in the two years up to it.
    pub today: NaiveDate,
    /// LGD codes of the districts where children go missing and are found; empty or only unknown
    /// codes means every district of India.
    pub districts: Vec<u16>,
}

/// Days back from `today` within which reports fall.
const WINDOW_DAYS: i64 = 730;

/// Generates a cohort of synthetic reports.
///
/// The first `true_pairs` missing reports are matched, in order, to found reports at shuffled
/// positions; `truth` lists them. Cohorts of the same options are identical.
pub fn generate(options: &CohortOptions) -> Cohort {
    let mut rng = Rng::new(options.seed);
    let places = Places::new(&options.districts);
    let mut pools = NamePools::default();
    let pairs = options.true_pairs.min(options.missing).min(options.found);
    let mut found_slots: Vec<usize> = (0..options.found).collect();
    rng.shuffle(&mut found_slots);
    let mut found: Vec<Option<NewFoundReport>> = vec![None; options.found];
    let mut missing = Vec::with_capacity(options.missing);
    let mut truth = Vec::with_capacity(pairs);

    let mut pair_slots = found_slots.iter().copied().take(pairs);
    for i in 0..options.missing {
        let home = places.pick(&mut rng);
        let is_pair = i < pairs;
        let (last_seen, found_on) = event_dates(&mut rng, options.today, is_pair);
        let child = TrueChild::invent(
            &mut rng,
            &mut pools,
            home,
            last_seen,
            found_on.unwrap_or(last_seen),
        );
        missing.push(missing_report(
            &mut rng,
            &child,
            home,
            last_seen,
            options.today,
        ));
        if let (Some(found_on), Some(slot)) = (found_on, pair_slots.next()) {
            let place = places.found_place(&mut rng, home);
            found[slot] = Some(found_report(&mut rng, &child, last_seen, found_on, place));
            truth.push((i, slot));
        }
    }
    let found = found
        .into_iter()
        .map(|report| {
            report.unwrap_or_else(|| unrelated_found(&mut rng, &mut pools, &places, options.today))
        })
        .collect();
    Cohort {
        missing,
        found,
        truth,
    }
}

fn unrelated_found(
    rng: &mut Rng,
    pools: &mut NamePools,
    places: &Places,
    today: NaiveDate,
) -> NewFoundReport {
    let home = places.pick(rng);
    let found_on = days_before(today, rng.below(WINDOW_DAYS as u64) as i64);
    let child = TrueChild::invent(rng, pools, home, found_on, found_on);
    let place = places.found_place(rng, home);
    found_report(rng, &child, found_on, found_on, place)
}

/// Draws the last-seen date and, for a true pair, the found date after it, both within the window.
fn event_dates(rng: &mut Rng, today: NaiveDate, is_pair: bool) -> (NaiveDate, Option<NaiveDate>) {
    let last_seen_back = rng.below(WINDOW_DAYS as u64) as i64;
    let last_seen = days_before(today, last_seen_back);
    if !is_pair {
        return (last_seen, None);
    }
    // Most children are found within weeks, some only after months.
    let delay = if rng.chance(0.7) {
        rng.below(31) as i64
    } else {
        31 + rng.below(335) as i64
    };
    (
        last_seen,
        Some(days_before(today, (last_seen_back - delay).max(0))),
    )
}

fn days_before(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_sub_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

/// The child as they really are; each report describes them imperfectly.
#[derive(Debug, Clone)]
struct TrueChild {
    given: String,
    /// Father's personal name, written between the child's name and surname in Maharashtra.
    father_given: String,
    mother_given: String,
    surname: Option<String>,
    /// Kumar, Kumari, Devi or the like closing the name, as often in Bihar and Uttar Pradesh.
    suffix: Option<&'static str>,
    nickname: Option<String>,
    /// Whether the name carries the father's name in the middle, as Marathi names usually do.
    father_in_name: bool,
    sex: Sex,
    born: NaiveDate,
    /// Height on `born` + the age at the reference date, in centimetres.
    height_cm: f64,
    reference_date: NaiveDate,
    build: Build,
    complexion: Complexion,
    marks: Vec<IdentificationMark>,
    languages: Vec<&'static str>,
    dress: String,
}

impl TrueChild {
    /// Invents a child living in `home`, born at least a month before `earliest` and under 18 on
    /// `latest`, the first and last dates a report describes them.
    fn invent(
        rng: &mut Rng,
        pools: &mut NamePools,
        home: &District,
        earliest: NaiveDate,
        latest: NaiveDate,
    ) -> TrueChild {
        let state_iso = state_iso(home.state_code);
        let sex = if rng.chance(0.52) {
            Sex::Female
        } else {
            Sex::Male
        };
        let born = days_before(latest, draw_age_days(rng)).min(days_before(earliest, 30));
        let given = pools.given(rng, state_iso, sex);
        let surname = rng.chance(0.9).then(|| pools.surname(rng, state_iso));
        let suffix = north_suffix(rng, state_iso, sex);
        let nickname = rng.chance(0.3).then(|| pools.nickname(rng));
        let age_years = (latest - born).num_days() as f64 / 365.25;
        TrueChild {
            father_given: pools.given(rng, state_iso, Sex::Male),
            mother_given: pools.given(rng, state_iso, Sex::Female),
            father_in_name: state_iso == "MH" && rng.chance(0.7),
            height_cm: typical_height(age_years, sex) + rng.normal() * 6.0,
            reference_date: latest,
            build: *rng.pick(Build::ALL),
            complexion: *rng.pick(&Complexion::ALL[1..4]),
            marks: invent_marks(rng),
            languages: languages_of(rng, state_iso),
            dress: invent_dress(rng),
            given,
            surname,
            suffix,
            nickname,
            sex,
            born,
        }
    }

    /// Whole years of age on `date`, never negative.
    fn age_on(&self, date: NaiveDate) -> u8 {
        let years =
            crate::input::years_between(self.born, date).clamp(0, i32::from(MAX_CHILD_AGE) - 1);
        u8::try_from(years).unwrap_or(0)
    }

    fn height_on(&self, date: NaiveDate) -> f64 {
        let years_back = (self.reference_date - date).num_days() as f64 / 365.25;
        (self.height_cm - 6.0 * years_back).clamp(45.0, 200.0)
    }

    /// The name as the family gives it.
    fn full_name(&self) -> Vec<String> {
        let mut tokens = vec![self.given.clone()];
        if self.father_in_name {
            tokens.push(self.father_given.clone());
        }
        if let Some(suffix) = self.suffix {
            tokens.push(suffix.to_string());
        }
        if let Some(surname) = &self.surname {
            tokens.push(surname.clone());
        }
        tokens
    }
}

/// Draws an age in days: most missing and found children are teenagers.
fn draw_age_days(rng: &mut Rng) -> i64 {
    let years = match rng.below(100) {
        0..=4 => rng.below(5),
        5..=19 => 5 + rng.below(5),
        20..=49 => 10 + rng.below(4),
        _ => 14 + rng.below(4),
    };
    (years * 365 + rng.below(360)) as i64
}

/// Median height of Indian children by age, in centimetres (roughly the IAP 2015 charts).
fn typical_height(age_years: f64, sex: Sex) -> f64 {
    const HEIGHTS: [f64; 19] = [
        50.0, 75.0, 86.0, 95.0, 102.0, 109.0, 115.0, 121.0, 127.0, 132.0, 137.0, 142.0, 148.0,
        153.0, 157.0, 160.0, 162.0, 163.0, 164.0,
    ];
    let age = age_years.clamp(0.0, 17.99);
    let whole = age.floor() as usize;
    let base = HEIGHTS[whole] + (HEIGHTS[whole + 1] - HEIGHTS[whole]) * (age - age.floor());
    let boys_extra = if sex == Sex::Male && age > 13.0 {
        (age - 13.0).min(4.0) * 2.5
    } else {
        0.0
    };
    base + boys_extra
}

fn state_iso(state_code: u16) -> &'static str {
    geography()
        .state(state_code)
        .map_or("", |state| state.iso_suffix())
}

/// The language of each state, with Hindi as the fallback for the Hindi belt and anywhere else.
fn main_language(state_iso: &str) -> &'static str {
    match state_iso {
        "MH" => "mar",
        "WB" | "TR" => "ben",
        "TN" | "PY" => "tam",
        "AP" | "TS" => "tel",
        "KA" => "kan",
        "KL" | "LD" => "mal",
        "GJ" => "guj",
        "OD" => "ory",
        "PB" => "pan",
        "AS" => "asm",
        "JK" => "kas",
        "GA" => "kok",
        "MN" => "mni",
        "SK" => "nep",
        _ => "hin",
    }
}

fn languages_of(rng: &mut Rng, state_iso: &str) -> Vec<&'static str> {
    let main = main_language(state_iso);
    let mut languages = vec![main];
    if state_iso == "BR" && rng.chance(0.4) {
        // Maithili and Bhojpuri households; Bhojpuri has no code in the accepted list.
        languages.push("mai");
    }
    if main != "hin" && rng.chance(0.4) {
        languages.push("hin");
    }
    if rng.chance(0.08) {
        languages.push("urd");
    }
    if rng.chance(0.05) {
        languages.push("eng");
    }
    languages.dedup();
    languages
}

/// Name lists filtered by region and sex, built once per state while a cohort is generated.
#[derive(Default)]
struct NamePools {
    given: HashMap<(&'static str, bool), Pool>,
    surnames: HashMap<&'static str, Pool>,
    nicknames: Option<Pool>,
}

/// Names to draw from, with the running total of their weights.
struct Pool {
    names: Vec<&'static str>,
    cumulative: Vec<f64>,
}

impl Pool {
    /// Weights names by their counts in the lists, plus one half so that names with no count can
    /// still be drawn.
    fn new(rows: impl Iterator<Item = (&'static str, u32)>) -> Pool {
        Pool::weighted(rows.map(|(name, count)| (name, f64::from(count) + 0.5)))
    }

    fn weighted(rows: impl Iterator<Item = (&'static str, f64)>) -> Pool {
        let mut total = 0.0;
        let (names, cumulative) = rows
            .map(|(name, weight)| {
                total += weight;
                (name, total)
            })
            .unzip();
        Pool { names, cumulative }
    }

    fn draw(&self, rng: &mut Rng, fallback: &str) -> String {
        let Some(&total) = self.cumulative.last() else {
            return fallback.to_string();
        };
        let target = rng.unit() * total;
        let at = self
            .cumulative
            .partition_point(|&c| c <= target)
            .min(self.names.len() - 1);
        self.names[at].to_string()
    }
}

impl NamePools {
    /// A given name of `sex` used in the state: listed for its region, or common everywhere.
    fn given(&mut self, rng: &mut Rng, state_iso: &'static str, sex: Sex) -> String {
        let female = sex == Sex::Female;
        let pool = self.given.entry((state_iso, female)).or_insert_with(|| {
            let wanted = if female {
                NameSex::Female
            } else {
                NameSex::Male
            };
            let region = format!("IN-{state_iso}");
            let fits =
                |n: &&GivenName| n.sex == wanted && (n.regions.contains(&region) || n.count > 20);
            Pool::new(
                name_lists()
                    .given_names()
                    .iter()
                    .filter(fits)
                    .map(|n| (n.name, n.count)),
            )
        });
        pool.draw(rng, if female { "Pooja" } else { "Rahul" })
    }

    /// A family name listed for the state, or any family name when the state has few.
    fn surname(&mut self, rng: &mut Rng, state_iso: &'static str) -> String {
        let pool = self.surnames.entry(state_iso).or_insert_with(|| {
            let region = format!("IN-{state_iso}");
            let all = name_lists().surnames();
            let regional = all.iter().filter(|s| s.regions.contains(&region)).count();
            let fits = |s: &&Surname| regional < 10 || s.regions.contains(&region);
            Pool::new(all.iter().filter(fits).map(|s| (s.name, s.count)))
        });
        pool.draw(rng, "Sharma")
    }

    /// A name seen as an "@" alias, weighted by how often it was.
    fn nickname(&mut self, rng: &mut Rng) -> String {
        let pool = self.nicknames.get_or_insert_with(|| {
            let rows = name_lists()
                .given_names()
                .iter()
                .filter(|n| n.nickname_count > 0);
            Pool::weighted(rows.map(|n| (n.name, f64::from(n.nickname_count))))
        });
        pool.draw(rng, "Munni")
    }
}

fn north_suffix(rng: &mut Rng, state_iso: &str, sex: Sex) -> Option<&'static str> {
    let north = matches!(
        state_iso,
        "BR" | "UP" | "JH" | "RJ" | "MP" | "HR" | "DL" | "UK" | "CG"
    );
    if !north || !rng.chance(0.45) {
        return None;
    }
    Some(match sex {
        Sex::Female => *rng.pick(&["Kumari", "Kumari", "Devi"]),
        _ => "Kumar",
    })
}

fn invent_marks(rng: &mut Rng) -> Vec<IdentificationMark> {
    let count = match rng.below(10) {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    (0..count)
        .map(|_| IdentificationMark {
            mark_type: *rng.pick(&[
                MarkType::Mole,
                MarkType::Mole,
                MarkType::Scar,
                MarkType::Birthmark,
                MarkType::Burn,
                MarkType::MissingTooth,
            ]),
            body_location: *rng.pick(BodyLocation::ALL),
            description: None,
        })
        .collect()
}

const COLOURS: &[&str] = &[
    "red", "blue", "green", "yellow", "black", "white", "pink", "grey", "brown", "orange", "purple",
];
const GARMENTS: &[&str] = &[
    "shirt",
    "t-shirt",
    "frock",
    "kurta",
    "salwar",
    "school uniform",
    "jeans",
    "shorts",
    "sweater",
    "lehenga",
    "pant",
];
const FOOTWEAR: &[&str] = &["sandals", "chappals", "shoes", "slippers", "barefoot"];

fn invent_dress(rng: &mut Rng) -> String {
    format!(
        "{} {}, {} {}, {}",
        rng.pick(COLOURS),
        rng.pick(GARMENTS),
        rng.pick(COLOURS),
        rng.pick(GARMENTS),
        rng.pick(FOOTWEAR)
    )
}

fn missing_report(
    rng: &mut Rng,
    child: &TrueChild,
    home: &District,
    last_seen: NaiveDate,
    today: NaiveDate,
) -> NewMissingReport {
    let age = child.age_on(last_seen);
    let with_dob = rng.chance(0.3);
    let fir = rng.chance(0.7);
    let fir_date = days_before(last_seen, -(rng.below(3) as i64)).min(today);
    let tokens = child.full_name();
    NewMissingReport {
        child: Child {
            name: Some(title_case(&tokens.join(" "))),
            name_latin: None,
            aliases: child.nickname.iter().cloned().collect(),
            sex: Some(child.sex),
            date_of_birth: with_dob.then_some(child.born),
            age_years_min: (!with_dob).then_some(age),
            age_years_max: (!with_dob).then_some(age),
            age_basis: Some(if with_dob {
                AgeBasis::Document
            } else {
                AgeBasis::Stated
            }),
            height_cm: rng
                .chance(0.7)
                .then(|| round_height(child.height_on(last_seen) + rng.normal() * 3.0)),
            build: rng.chance(0.7).then_some(child.build),
            complexion: rng.chance(0.8).then_some(child.complexion),
            identification_marks: if rng.chance(0.8) {
                child.marks.clone()
            } else {
                Vec::new()
            },
            languages: if rng.chance(0.9) {
                child.languages.iter().map(|l| l.to_string()).collect()
            } else {
                Vec::new()
            },
            father_name: rng
                .chance(0.9)
                .then(|| parent_name(&child.father_given, child)),
            mother_name: rng
                .chance(0.8)
                .then(|| parent_name(&child.mother_given, child)),
            guardian_name: None,
            dress: rng.chance(0.8).then(|| child.dress.clone()),
        },
        last_seen_date: last_seen,
        last_seen_place: Place {
            state_code: home.state_code,
            district_code: home.code,
            text: None,
        },
        fir_number: fir.then(|| format!("{:04}/{}", 1 + rng.below(2000), fir_date.year())),
        fir_date: fir.then_some(fir_date),
        circumstances: Some(*rng.pick(MissingCircumstances::ALL)),
        complainant_relation: Some(rng.pick(COMPLAINANT_RELATIONS).to_string()),
        complainant_phone: Some(format!("+91 9{:09}", rng.below(1_000_000_000))),
    }
}

fn parent_name(given: &str, child: &TrueChild) -> String {
    match &child.surname {
        Some(surname) => format!("{given} {surname}"),
        None => given.to_string(),
    }
}

fn round_height(height: f64) -> f32 {
    height.round().clamp(30.0, 220.0) as f32
}

fn found_report(
    rng: &mut Rng,
    child: &TrueChild,
    last_seen: NaiveDate,
    found_on: NaiveDate,
    place: &District,
) -> NewFoundReport {
    let age = child.age_on(found_on);
    let (age_min, age_max) = guessed_age_range(rng, age);
    NewFoundReport {
        child: Child {
            name: rng.chance(0.93).then(|| found_name(rng, child)).flatten(),
            name_latin: None,
            aliases: Vec::new(),
            sex: Some(if rng.chance(0.02) {
                Sex::Unknown
            } else {
                child.sex
            }),
            date_of_birth: None,
            age_years_min: Some(age_min),
            age_years_max: Some(age_max),
            age_basis: Some(if rng.chance(0.8) {
                AgeBasis::Appearance
            } else {
                AgeBasis::Medical
            }),
            height_cm: rng
                .chance(0.8)
                .then(|| round_height(child.height_on(found_on) + rng.normal() * 4.0)),
            build: rng.chance(0.6).then(|| {
                if rng.chance(0.8) {
                    child.build
                } else {
                    *rng.pick(Build::ALL)
                }
            }),
            complexion: rng
                .chance(0.8)
                .then(|| shift_complexion(rng, child.complexion)),
            identification_marks: child
                .marks
                .iter()
                .filter(|_| rng.chance(0.7))
                .cloned()
                .collect(),
            languages: found_languages(rng, child),
            father_name: rng
                .chance(0.4)
                .then(|| respell_name(rng, &child.father_given)),
            mother_name: rng
                .chance(0.5)
                .then(|| respell_name(rng, &child.mother_given)),
            guardian_name: None,
            dress: found_dress(rng, child, last_seen, found_on),
        },
        found_date: found_on,
        found_place: Place {
            state_code: place.state_code,
            district_code: place.code,
            text: None,
        },
        found_by: Some(*rng.pick(FoundBy::ALL)),
        circumstances: Some(*rng.pick(FoundCircumstances::ALL)),
    }
}

/// An age range guessed from appearance: off by up to three years and two to four years wide.
fn guessed_age_range(rng: &mut Rng, age: u8) -> (u8, u8) {
    let error = rng.below(7) as i32 - 3;
    let centre = (i32::from(age) + if rng.chance(0.6) { 0 } else { error })
        .clamp(0, i32::from(MAX_CHILD_AGE));
    let below = rng.below(3) as i32;
    let above = rng.below(3) as i32;
    let low = (centre - below).clamp(0, i32::from(MAX_CHILD_AGE));
    let high = (centre + above).clamp(low, i32::from(MAX_CHILD_AGE));
    (
        u8::try_from(low).unwrap_or(0),
        u8::try_from(high).unwrap_or(MAX_CHILD_AGE),
    )
}

fn shift_complexion(rng: &mut Rng, complexion: Complexion) -> Complexion {
    if rng.chance(0.7) {
        return complexion;
    }
    let rank = (complexion.rank() + if rng.chance(0.5) { 1 } else { -1 }).clamp(0, 4);
    Complexion::ALL
        .iter()
        .copied()
        .find(|c| c.rank() == rank)
        .unwrap_or(complexion)
}

fn found_languages(rng: &mut Rng, child: &TrueChild) -> Vec<String> {
    if rng.chance(0.15) {
        return Vec::new();
    }
    let mut languages: Vec<String> = child
        .languages
        .iter()
        .filter(|_| rng.chance(0.8))
        .map(|l| l.to_string())
        .collect();
    if languages.is_empty() || rng.chance(0.15) {
        languages.push("hin".into());
    }
    languages.sort();
    languages.dedup();
    languages
}

fn found_dress(
    rng: &mut Rng,
    child: &TrueChild,
    last_seen: NaiveDate,
    found_on: NaiveDate,
) -> Option<String> {
    if !rng.chance(0.7) {
        return None;
    }
    let soon = (found_on - last_seen).num_days() <= 30;
    if soon && rng.chance(0.7) {
        // The officer notes part of the same clothes.
        let first = child
            .dress
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        return Some(first);
    }
    Some(invent_dress(rng))
}

/// The child's name as a found child gives it and an officer writes it down.
fn found_name(rng: &mut Rng, child: &TrueChild) -> Option<String> {
    if let Some(nickname) = &child.nickname
        && rng.chance(0.25)
    {
        return Some(respell_name(rng, nickname));
    }
    let mut tokens = child.full_name();
    if tokens.len() > 2 && rng.chance(0.6) {
        tokens.remove(1);
    }
    if tokens.len() > 1 && rng.chance(0.2) {
        tokens.pop();
    }
    if tokens.len() > 1 && rng.chance(0.1) {
        tokens.swap(0, 1);
    }
    let respelt: Vec<String> = tokens.iter().map(|t| respell_token(rng, t)).collect();
    Some(title_case(&respelt.join(" ")))
}

fn respell_name(rng: &mut Rng, name: &str) -> String {
    let tokens: Vec<String> = name
        .split_whitespace()
        .map(|t| respell_token(rng, t))
        .collect();
    title_case(&tokens.join(" "))
}

/// Spelling swaps that Indian romanisation allows, applied in either direction.
const VARIANTS: &[(&str, &str)] = &[
    ("aa", "a"),
    ("ee", "i"),
    ("oo", "u"),
    ("sh", "s"),
    ("v", "w"),
    ("ksh", "x"),
    ("dh", "d"),
    ("th", "t"),
    ("bh", "b"),
    ("kh", "k"),
    ("ndra", "nder"),
    ("ay", "ai"),
    ("au", "ou"),
    ("ph", "f"),
    ("z", "j"),
];

/// Spells a name token again: usually a romanisation variant, sometimes a typo.
fn respell_token(rng: &mut Rng, token: &str) -> String {
    let lower = token.to_lowercase();
    if lower == "mohammad" || lower == "mohd" || lower == "md" {
        return rng
            .pick(&["Mohd", "Md", "Mohammad", "Mohammed", "Muhammad"])
            .to_string();
    }
    let mut word = lower;
    if rng.chance(0.5) {
        let start = rng.below(VARIANTS.len() as u64) as usize;
        for k in 0..VARIANTS.len() {
            let (a, b) = VARIANTS[(start + k) % VARIANTS.len()];
            if word.contains(a) {
                word = word.replacen(a, b, 1);
                break;
            }
            if word.contains(b) {
                word = word.replacen(b, a, 1);
                break;
            }
        }
    }
    if word.len() > 4 && rng.chance(0.12) {
        word = typo(rng, &word);
    }
    word
}

/// Introduces one typing error: a swapped, dropped, doubled or replaced letter.
fn typo(rng: &mut Rng, word: &str) -> String {
    let mut letters: Vec<char> = word.chars().collect();
    if letters.len() < 3 {
        return word.to_string();
    }
    let at = 1 + rng.below(letters.len() as u64 - 2) as usize;
    match rng.below(4) {
        0 => letters.swap(at, at + 1),
        1 => {
            letters.remove(at);
        }
        2 => letters.insert(at, letters[at]),
        _ => letters[at] = *rng.pick(&['a', 'e', 'i', 'o', 'u', 'n', 'r']),
    }
    letters.into_iter().collect()
}

fn title_case(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The districts reports come from, with the neighbours of each.
struct Places {
    districts: Vec<&'static District>,
}

impl Places {
    fn new(codes: &[u16]) -> Places {
        let geo = geography();
        let chosen: Vec<&'static District> = codes
            .iter()
            .filter_map(|&code| geo.district(code))
            .collect();
        let districts = if chosen.is_empty() {
            geo.districts().iter().collect()
        } else {
            chosen
        };
        Places { districts }
    }

    fn pick(&self, rng: &mut Rng) -> &'static District {
        self.districts[rng.below(self.districts.len() as u64) as usize]
    }

    /// Where a child from `home` is found: often at home, often in a nearby district, sometimes
    /// anywhere among the cohort's districts.
    fn found_place(&self, rng: &mut Rng, home: &'static District) -> &'static District {
        let roll = rng.below(100);
        if roll < 40 {
            return home;
        }
        if roll < 75 {
            let geo = geography();
            let near: Vec<&'static District> = self
                .districts
                .iter()
                .copied()
                .filter(|d| {
                    d.code != home.code
                        && geo
                            .distance_km(home.code, d.code)
                            .is_some_and(|km| km <= 150.0)
                })
                .collect();
            if !near.is_empty() {
                return near[rng.below(near.len() as u64) as usize];
            }
        }
        self.pick(rng)
    }
}

/// SplitMix64: a small, fast generator that gives the same stream on every platform.
struct Rng {
    state: u64,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..bound`; 0 when `bound` is 0.
    fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        // The modulo bias is below 1e-9 for the small bounds used here.
        self.next_u64() % bound
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// A standard normal draw (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}
