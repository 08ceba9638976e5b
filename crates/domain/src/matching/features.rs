//! Precomputed comparison keys of one report.
//!
//! Building [`Features`] does all the text work (normalising names, phonetic keys, frequency
//! look-ups, age ranges) once per report, so comparing two reports only reads numbers and short
//! strings.

use chrono::{Datelike, NaiveDate};

use crate::codes::{
    AgeBasis, BodyLocation, Build, Complexion, LANGUAGE_CODES, MarkType, ReportKind, Sex,
};
use crate::geo::geography;
use crate::names::{ParsedName, parse_name};
use crate::wire::{Child, NewFoundReport, NewMissingReport};

/// Most spellings of one name kept for comparison.
pub(crate) const MAX_NAME_VARIANTS: usize = 8;
/// Most tokens of one spelling kept for comparison.
pub(crate) const MAX_NAME_TOKENS: usize = 8;

/// Average days in a year, for turning date differences into ages.
pub(crate) const DAYS_PER_YEAR: f64 = 365.25;

/// The comparison keys of one missing or found report.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub(crate) kind: ReportKind,
    /// Spellings of the child's name: `name`, `name_latin` and the aliases, each normalised.
    pub(crate) names: Vec<ParsedName>,
    pub(crate) father: Vec<ParsedName>,
    pub(crate) mother: Vec<ParsedName>,
    pub(crate) guardian: Vec<ParsedName>,
    pub(crate) sex: Option<Sex>,
    pub(crate) age: Option<AgeRange>,
    /// Last-seen date of a missing report, found date of a found report.
    pub(crate) event_date: NaiveDate,
    /// `event_date` as days since the start of the common era, for cheap date differences.
    pub(crate) event_day: i32,
    pub(crate) state_code: u16,
    pub(crate) district_code: u16,
    /// The district's point as a unit vector from the Earth's centre, when the district is known:
    /// distances between two points then need no trigonometry.
    pub(crate) district_point: Option<[f64; 3]>,
    /// Bit `i` is set when the child speaks `LANGUAGE_CODES[i]`.
    pub(crate) languages: u32,
    pub(crate) height_cm: Option<f32>,
    pub(crate) build: Option<Build>,
    pub(crate) complexion: Option<Complexion>,
    pub(crate) marks: Vec<(MarkType, BodyLocation)>,
    /// Distinct lowercase words of the dress description, sorted.
    pub(crate) dress: Vec<String>,
    /// Distinct lowercase words of the last-seen or found place's description, sorted.
    pub(crate) place: Vec<String>,
}

/// The child's plausible age on the event date, in years, already widened for how the age was
/// established.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AgeRange {
    pub low: f64,
    pub high: f64,
    pub date_of_birth: Option<NaiveDate>,
}

/// Computes the comparison keys of a missing report.
pub fn features_of_missing(report: &NewMissingReport) -> Features {
    let place = &report.last_seen_place;
    features_of(
        ReportKind::Missing,
        &report.child,
        report.last_seen_date,
        place.state_code,
        place.district_code,
        place.text.as_deref(),
    )
}

/// Computes the comparison keys of a found report.
pub fn features_of_found(report: &NewFoundReport) -> Features {
    let place = &report.found_place;
    features_of(
        ReportKind::Found,
        &report.child,
        report.found_date,
        place.state_code,
        place.district_code,
        place.text.as_deref(),
    )
}

impl Features {
    /// Returns the kind of report these keys come from.
    pub fn kind(&self) -> ReportKind {
        self.kind
    }

    /// Last-seen date of a missing report, found date of a found report.
    pub fn event_date(&self) -> NaiveDate {
        self.event_date
    }

    /// LGD district code of the last-seen or found place.
    pub fn district_code(&self) -> u16 {
        self.district_code
    }

    /// Phonetic keys of every informative token of the child's name, for blocking.
    pub fn name_keys(&self) -> impl Iterator<Item = &str> {
        self.names
            .iter()
            .flat_map(|n| n.tokens.iter())
            .map(|t| t.key.as_str())
    }
}

fn features_of(
    kind: ReportKind,
    child: &Child,
    event_date: NaiveDate,
    state_code: u16,
    district_code: u16,
    place_text: Option<&str>,
) -> Features {
    let mut raw_names: Vec<&str> = Vec::new();
    raw_names.extend(child.name_latin.as_deref());
    raw_names.extend(child.name.as_deref());
    let mut names = parse_all(&raw_names);
    // An "@" name inside `name` is as much a nickname as an entry of `aliases`.
    let official = names.len().min(1);
    let mut aliases = names.split_off(official);
    aliases.extend(parse_all(
        &child.aliases.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    for alias in &mut aliases {
        treat_as_nickname(alias);
    }
    for alias in aliases {
        if names.len() < MAX_NAME_VARIANTS && !names.contains(&alias) {
            names.push(alias);
        }
    }
    Features {
        kind,
        names,
        father: parse_all(&child.father_name.as_deref().into_iter().collect::<Vec<_>>()),
        mother: parse_all(&child.mother_name.as_deref().into_iter().collect::<Vec<_>>()),
        guardian: parse_all(
            &child
                .guardian_name
                .as_deref()
                .into_iter()
                .collect::<Vec<_>>(),
        ),
        sex: child.sex,
        age: age_range(child, event_date),
        event_date,
        event_day: event_date.num_days_from_ce(),
        state_code,
        district_code,
        district_point: geography()
            .district(district_code)
            .map(|d| unit_vector(d.latitude, d.longitude)),
        languages: language_mask(&child.languages),
        height_cm: child.height_cm.filter(|h| h.is_finite()),
        build: child.build,
        complexion: child.complexion,
        marks: child
            .identification_marks
            .iter()
            .map(|m| (m.mark_type, m.body_location))
            .collect(),
        dress: dress_words(child.dress.as_deref().unwrap_or("")),
        place: place_words(place_text.unwrap_or("")),
    }
}

pub(crate) fn parse_all(raw: &[&str]) -> Vec<ParsedName> {
    let mut names: Vec<ParsedName> = Vec::new();
    for mut name in raw.iter().flat_map(|r| parse_name(r)) {
        name.tokens.truncate(MAX_NAME_TOKENS);
        if names.len() < MAX_NAME_VARIANTS && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Unit vector of a point given in degrees.
fn unit_vector(latitude: f64, longitude: f64) -> [f64; 3] {
    let (lat, lon) = (latitude.to_radians(), longitude.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Smallest chance that two unrelated children share a nickname: a few pet names (Munni, Pappu,
/// Guddu, Chhotu) are given to a great many children.
const MIN_NICKNAME_SHARE: f64 = 0.01;

fn treat_as_nickname(name: &mut ParsedName) {
    for token in &mut name.tokens {
        token.share = token.share.max(MIN_NICKNAME_SHARE);
        token.key_share = token.key_share.max(MIN_NICKNAME_SHARE);
    }
}

fn language_mask(codes: &[String]) -> u32 {
    codes
        .iter()
        .filter_map(|code| LANGUAGE_CODES.iter().position(|known| known == code))
        .fold(0, |mask, i| mask | (1 << i))
}

/// Returns the age range at `event_date`. A date of birth gives the age with half a year of slack
/// for a misremembered date. A stated range is widened by how reliable its basis usually is.
fn age_range(child: &Child, event_date: NaiveDate) -> Option<AgeRange> {
    if let Some(born) = child.date_of_birth {
        let age = (event_date - born).num_days() as f64 / DAYS_PER_YEAR;
        return Some(AgeRange {
            low: age - 0.5,
            high: age + 0.5,
            date_of_birth: Some(born),
        });
    }
    let (min, max) = match (child.age_years_min, child.age_years_max) {
        (Some(min), Some(max)) => (min.min(max), min.max(max)),
        (Some(one), None) | (None, Some(one)) => (one, one),
        (None, None) => return None,
    };
    let slack = match child.age_basis {
        Some(AgeBasis::Document) => 0.25,
        Some(AgeBasis::Medical) | Some(AgeBasis::Stated) => 1.0,
        Some(AgeBasis::Appearance) => 2.0,
        None => 1.5,
    };
    // "11 years" covers 11.0 up to the 12th birthday.
    Some(AgeRange {
        low: f64::from(min) - slack,
        high: f64::from(max) + 1.0 + slack,
        date_of_birth: None,
    })
}

/// Splits free text into lowercase words. Inside the Indic blocks (Devanagari to Sinhala) only the
/// danda ends a word, because `char::is_alphanumeric` rejects vowel signs and viramas.
fn lowercase_words(text: &str) -> impl Iterator<Item = String> + '_ {
    let in_word = |c: char| {
        c.is_alphanumeric() || (('\u{0900}'..='\u{0DFF}').contains(&c) && !matches!(c, '।' | '॥'))
    };
    text.split(move |c: char| !in_word(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Maximum number of dress words kept for comparison, more than a description within the API's
/// length limit can contain.
const MAX_DRESS_WORDS: usize = 256;

/// Words that carry no information about what a child wore.
const DRESS_STOP_WORDS: &[&str] = &[
    "and", "with", "the", "wearing", "was", "has", "had", "her", "his", "colour", "color",
];

fn dress_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = lowercase_words(text)
        .filter(|w| w.chars().count() >= 3 && !DRESS_STOP_WORDS.contains(&w.as_str()))
        .take(MAX_DRESS_WORDS)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Words that give a position (near, opposite, behind) rather than name a place.
const PLACE_STOP_WORDS: &[&str] = &[
    "and", "the", "near", "nr", "opp", "opposite", "behind", "beside", "at", "in", "on", "of",
    "to", "from", "by", "outside", "inside", "front", "area",
];

/// Maximum number of place words kept for comparison.
const MAX_PLACE_WORDS: usize = 16;

/// Distinct lowercase words of a place description, sorted. Numbers are kept whatever their
/// length, since a platform, house or PIN code number distinguishes places, and their Indic digits
/// become ASCII ones, so ४११००१ agrees with 411001. Other words need at least two characters.
fn place_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = lowercase_words(text)
        .map(|w| w.chars().map(ascii_digit).collect::<String>())
        .filter(|w| {
            let numeric = w.chars().all(char::is_numeric);
            (numeric || w.chars().count() >= 2) && !PLACE_STOP_WORDS.contains(&w.as_str())
        })
        .take(MAX_PLACE_WORDS)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Returns the ASCII digit for a digit of an Indic script, and any other character unchanged.
/// Each Indic block from Devanagari to Sinhala has its ten digits at offsets 0x66 to 0x6F.
fn ascii_digit(c: char) -> char {
    let code = u32::from(c);
    let offset = code & 0x7F;
    if (0x0900..=0x0DFF).contains(&code) && (0x66..=0x6F).contains(&offset) {
        char::from_digit(offset - 0x66, 10).unwrap_or(c)
    } else {
        c
    }
}

/// Minimum number of reports in a group for [`observe_name_shares`] to count its token shares.
/// In a smaller group a token seen twice would look common.
pub const MIN_REPORTS_TO_OBSERVE: usize = 1_000;

/// Raises the shares of the name tokens that the name lists do not know to how often each occurs
/// in a set of reports.
///
/// The lists give the shares of Indian names. A token they do not know counts as rare, so in a
/// set of reports that uses other names (John White against John White) every agreement looks
/// like strong evidence. Groups are counted apart, such as the missing and the found reports of a
/// batch. A token's observed share is the number of other reports in its group whose name has
/// it, over the group's size, so neither the report itself nor its partner in the other group
/// counts. An unlisted token's share becomes the larger of its own and its observed share, and
/// the same for its phonetic key. Listed tokens keep the lists' shares, which are counted on more names than
/// most batches hold. The child's names and the parents' names are counted apart. Groups smaller
/// than [`MIN_REPORTS_TO_OBSERVE`] are not counted.
pub fn observe_name_shares(groups: &mut [&mut [Features]]) {
    let counted: Vec<&[Features]> = groups.iter().map(|group| &**group).collect();
    let shares = NameShares::observe(&counted);
    for group in groups.iter_mut() {
        for report in group.iter_mut() {
            shares.raise(report);
        }
    }
}

/// Observed shares of name tokens in groups of reports, which [`observe_name_shares`] applies.
/// The server keeps one, counted on its open reports, and raises each new report with it.
#[derive(Debug, Clone, Default)]
pub struct NameShares {
    child: ObservedShares,
    parents: ObservedShares,
}

impl NameShares {
    /// Counts the tokens of every group of at least [`MIN_REPORTS_TO_OBSERVE`] reports.
    pub fn observe(groups: &[&[Features]]) -> NameShares {
        let mut shares = NameShares::default();
        for group in groups.iter().filter(|g| g.len() >= MIN_REPORTS_TO_OBSERVE) {
            shares
                .child
                .count_group(group.iter().map(|f| f.names.as_slice()));
            shares.parents.count_group(group.iter().map(|f| {
                [&f.father, &f.mother, &f.guardian]
                    .into_iter()
                    .flat_map(|n| n.iter())
            }));
        }
        shares
    }

    /// Raises the shares of the report's unlisted tokens to the observed ones. Returns whether
    /// any share changed.
    pub fn raise(&self, report: &mut Features) -> bool {
        let child = self.child.raise(report.names.iter_mut());
        let Features {
            father,
            mother,
            guardian,
            ..
        } = report;
        let parents = self
            .parents
            .raise(father.iter_mut().chain(mother).chain(guardian));
        child || parents
    }

    /// Returns whether no token was counted, because no group was large enough or no token
    /// occurred twice.
    pub fn is_empty(&self) -> bool {
        self.child.is_empty() && self.parents.is_empty()
    }
}

/// Highest observed share of each token text and phonetic key over the counted groups.
#[derive(Debug, Clone, Default)]
struct ObservedShares {
    texts: std::collections::HashMap<String, f64>,
    keys: std::collections::HashMap<String, f64>,
}

impl ObservedShares {
    /// Counts each report once per distinct token text and key, and keeps per token the larger
    /// of its earlier share and its share in this group.
    fn count_group<'a, N>(&mut self, reports: impl ExactSizeIterator<Item = N>)
    where
        N: IntoIterator<Item = &'a ParsedName>,
    {
        use std::collections::{HashMap, HashSet};
        let size = reports.len() as f64;
        let mut texts: HashMap<&str, u32> = HashMap::new();
        let mut keys: HashMap<&str, u32> = HashMap::new();
        let (mut seen_texts, mut seen_keys) = (HashSet::new(), HashSet::new());
        for names in reports {
            seen_texts.clear();
            seen_keys.clear();
            for token in names.into_iter().flat_map(|n| &n.tokens) {
                if seen_texts.insert(token.text.as_str()) {
                    *texts.entry(token.text.as_str()).or_default() += 1;
                }
                if seen_keys.insert(token.key.as_str()) {
                    *keys.entry(token.key.as_str()).or_default() += 1;
                }
            }
        }
        // A report agrees with itself: only the other reports with the token count.
        let share = |count: u32| f64::from(count - 1) / size;
        for (counted, into) in [(texts, &mut self.texts), (keys, &mut self.keys)] {
            for (token, count) in counted.into_iter().filter(|&(_, c)| c > 1) {
                let slot = into.entry(token.to_string()).or_default();
                *slot = slot.max(share(count));
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.texts.is_empty() && self.keys.is_empty()
    }

    /// Raises the unlisted tokens' shares and returns whether any changed.
    fn raise<'a>(&self, names: impl Iterator<Item = &'a mut ParsedName>) -> bool {
        if self.is_empty() {
            return false;
        }
        let mut changed = false;
        for token in names
            .flat_map(|n| n.tokens.iter_mut())
            .filter(|t| !t.listed)
        {
            let (share, key_share) = (token.share, token.key_share);
            if let Some(&observed) = self.texts.get(&token.text) {
                token.share = token.share.max(observed);
            }
            if let Some(&observed) = self.keys.get(&token.key) {
                token.key_share = token.key_share.max(observed).max(token.share);
            }
            changed |= token.share != share || token.key_share != key_share;
        }
        changed
    }
}
