//! Field-by-field comparison of a missing and a found report in Fellegi–Sunter form.
//!
//! Each comparison puts the pair into one level of its field (see [`super::model::FIELDS`]); the
//! [`super::Model`] gives the level its weight. A field missing on either side gets level 0,
//! `missing`, which weighs nothing. The name comparisons also measure how much the agreeing
//! tokens prove given how common they are (term frequency, in bits); that measure picks the
//! name's level.

use std::borrow::Borrow;

use crate::codes::{LANGUAGE_CODES, Sex};
use crate::names::{NameToken, TokenLevel, TokenRole, compare_tokens};

use super::features::{AgeRange, DAYS_PER_YEAR, MAX_NAME_TOKENS};
use super::view::{FeatureView, NameField, Spellings, WordList};

/// Outcome of comparing one field: the level's index in its field and the label shown in the
/// explanation (for names, how the tokens agreed; otherwise the level's name).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Comparison {
    pub level: u8,
    pub label: &'static str,
}

pub(crate) const MISSING: Comparison = Comparison {
    level: 0,
    label: "missing",
};

/// Outcome of comparing two names before banding: how the tokens agreed and what the agreement
/// proves in term-frequency bits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NameComparison {
    pub label: &'static str,
    pub bits: f64,
    /// The kind of level the label belongs to, so that [`band`] needs no string comparison.
    kind: NameOutcome,
}

/// Kinds of name level, as [`band`] maps them to levels.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NameOutcome {
    Missing,
    Different,
    /// Only a family or middle name agrees, or the closing words mark a boy and a girl.
    OtherNameOnly,
    FamilyNameDiffers,
    /// Tokens agree, and the bits pick the band.
    Agrees,
}

const NAME_MISSING: NameComparison = NameComparison {
    label: "missing",
    bits: 0.0,
    kind: NameOutcome::Missing,
};

/// Weight of a level with agreement chance `m` among true pairs and `u` among unrelated pairs.
fn bits(m: f64, u: f64) -> f64 {
    (m / u).log2()
}

fn level(level: u8, label: &'static str) -> Comparison {
    Comparison { level, label }
}

fn name_level(kind: NameOutcome, label: &'static str, bits: f64) -> NameComparison {
    NameComparison { label, bits, kind }
}

/// Level of a name comparison: 1 no agreement, 2 only a family name agrees, then one level per
/// band of term-frequency bits.
pub(crate) fn band(c: NameComparison, bands: &[f64]) -> Comparison {
    let level = match c.kind {
        NameOutcome::Missing => 0,
        NameOutcome::Different => 1,
        NameOutcome::OtherNameOnly => 2,
        NameOutcome::FamilyNameDiffers => 3 + bands.len() as u8 + 1,
        NameOutcome::Agrees => 3 + bands.iter().take_while(|&&edge| c.bits >= edge).count() as u8,
    };
    Comparison {
        level,
        label: c.label,
    }
}

/// Smallest chance that two unrelated children share a name token. Shares in the name lists are
/// counted on about 30,000 records, so rarer tokens cannot be distinguished, and a rare token may be
/// a misspelling that another child shares.
const MIN_TOKEN_SHARE: f64 = 2e-4;
/// Most weight the child's name can add, however rare its tokens: tokens of one name are not
/// independent evidence (a rare given name often comes with a rare surname).
const MAX_NAME_BITS: f64 = 16.0;
/// Most weight a shared family name can add when the personal names differ.
const SHARED_FAMILY_NAME_BITS: f64 = 2.0;
/// Most weight a parent's name can add.
const MAX_PARENT_BITS: f64 = 6.0;

/// Settings that differ between the child's name and a parent's name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameScale {
    pub max_bits: f64,
    /// Weight when both sides give a name and no informative token agrees.
    pub different: f64,
    /// Weight added when both sides give a personal name and none of them agrees.
    pub given_name_differs: f64,
    /// Weight added per unmatched informative token of the shorter name.
    pub unmatched_token: f64,
    /// Weight added when both sides give a family name and none of them agrees.
    pub family_name_differs: f64,
    /// Whether an agreeing personal name with disagreeing family names is a level of its own
    /// rather than a penalty on the agreement.
    pub family_level: bool,
}

pub(crate) const CHILD_NAME: NameScale = NameScale {
    max_bits: MAX_NAME_BITS,
    different: -3.6,
    given_name_differs: -3.2,
    unmatched_token: -1.0,
    family_name_differs: -3.0,
    family_level: true,
};

pub(crate) const PARENT_NAME: NameScale = NameScale {
    max_bits: MAX_PARENT_BITS,
    different: -1.5,
    given_name_differs: -1.5,
    unmatched_token: -0.5,
    family_name_differs: -1.5,
    family_level: false,
};

/// Compares every spelling of one name with every spelling of the other and keeps the best.
pub(crate) fn compare_names<A: Spellings, B: Spellings>(
    a: A,
    b: B,
    sexes: (Option<Sex>, Option<Sex>),
    scale: NameScale,
) -> NameComparison {
    let mut best: Option<NameComparison> = None;
    a.for_each(|x| {
        b.for_each(|y| {
            let c = compare_spellings(x, y, sexes, scale);
            if best.is_none_or(|b| c.bits > b.bits) {
                best = Some(c);
            }
        })
    });
    best.unwrap_or(NAME_MISSING)
}

/// Aligns the tokens of two spellings one to one, strongest agreements first, and sums the
/// weights of the agreeing tokens.
fn compare_spellings<A: Borrow<NameToken>, B: Borrow<NameToken>>(
    a: &[A],
    b: &[B],
    sexes: (Option<Sex>, Option<Sex>),
    scale: NameScale,
) -> NameComparison {
    let a = &a[..a.len().min(MAX_NAME_TOKENS)];
    let b = &b[..b.len().min(MAX_NAME_TOKENS)];
    let mut levels = [[TokenLevel::Different; MAX_NAME_TOKENS]; MAX_NAME_TOKENS];
    // Bit `level as u8` is set when some pair of tokens agrees at that level. Most names compared
    // share no token, so the alignment below usually has nothing to look for.
    let mut seen = 0u8;
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let level = compare_tokens(x.borrow(), y.borrow(), sexes);
            levels[i][j] = level;
            seen |= 1 << level as u8;
        }
    }
    let mut a_used = [false; MAX_NAME_TOKENS];
    let mut b_used = [false; MAX_NAME_TOKENS];
    let mut total = 0.0;
    let mut weakest = TokenLevel::Exact;
    let mut informative_matches = 0;
    // The personal name is the first given-name token as written. A middle token is usually a
    // father's name (Aarti Sunil Jadhav), and agreeing on it alone does not identify the child.
    let a_personal = a.iter().position(|t| t.borrow().role == TokenRole::Given);
    let b_personal = b.iter().position(|t| t.borrow().role == TokenRole::Given);
    let is_middle = |at: usize, len: usize| at > 0 && at + 1 < len;
    let mut personal_matched = false;
    for wanted in [
        TokenLevel::Exact,
        TokenLevel::Phonetic,
        TokenLevel::Fuzzy,
        TokenLevel::Initial,
    ] {
        if seen & (1 << wanted as u8) == 0 {
            continue;
        }
        for i in 0..a.len() {
            if a_used[i] {
                continue;
            }
            let Some(j) = (0..b.len()).find(|&j| !b_used[j] && levels[i][j] == wanted) else {
                continue;
            };
            a_used[i] = true;
            b_used[j] = true;
            let (x, y) = (a[i].borrow(), b[j].borrow());
            total += token_weight(x, y, wanted);
            weakest = weakest.max(wanted);
            if is_informative(x) && is_informative(y) {
                informative_matches += 1;
            }
            let either_personal = a_personal == Some(i) || b_personal == Some(j);
            personal_matched |= either_personal && !is_middle(i, a.len()) && !is_middle(j, b.len());
        }
    }
    let (bits, covers_a) = joined_token_matches(
        a,
        b,
        (&mut a_used, &mut b_used),
        &mut informative_matches,
        (a_personal, b_personal),
    );
    total += bits;
    let (bits, covers_b) = joined_token_matches(
        b,
        a,
        (&mut b_used, &mut a_used),
        &mut informative_matches,
        (b_personal, a_personal),
    );
    total += bits;
    // A joined token that covers a personal name (Suryaprakash against Surya Prakash) agrees on it.
    personal_matched |= covers_a || covers_b;
    // Both personal names agree with some token of the other name: the given names were written
    // in another order (Rubina Vicky Khan against Vicky Rubina Khan).
    personal_matched |=
        a_personal.is_some_and(|i| a_used[i]) && b_personal.is_some_and(|j| b_used[j]);
    if informative_matches == 0 {
        return name_level(NameOutcome::Different, "different", scale.different);
    }
    fn unmatched<T: Borrow<NameToken>>(tokens: &[T], used: &[bool]) -> usize {
        tokens
            .iter()
            .zip(used)
            .filter(|(t, used)| !**used && is_informative((*t).borrow()))
            .count()
    }
    let (a_left, b_left) = (unmatched(a, &a_used), unmatched(b, &b_used));
    let shorter_left = if a.len() <= b.len() { a_left } else { b_left };
    total += scale.unmatched_token * shorter_left as f64;
    fn unmatched_family<T: Borrow<NameToken>>(tokens: &[T], used: &[bool]) -> bool {
        let has_family = tokens.iter().any(|t| t.borrow().role == TokenRole::Family);
        has_family
            && !tokens
                .iter()
                .zip(used)
                .any(|(t, used)| *used && t.borrow().role == TokenRole::Family)
    }
    if scale.family_level && suffixes_conflict(a, b) {
        // Sonu Kumar and Sonu Kumari: the closing words mark a boy and a girl.
        return name_level(
            NameOutcome::OtherNameOnly,
            "gendered_suffix_differs",
            total.min(SHARED_FAMILY_NAME_BITS),
        );
    }
    let family_differs = unmatched_family(a, &a_used) && unmatched_family(b, &b_used);
    // An initial usually stands for the father's or the family name (R. Priya), so an initial left
    // over against another initial or a family name disagrees like two family names do.
    fn unmatched_initial<T: Borrow<NameToken>>(tokens: &[T], used: &[bool]) -> bool {
        tokens
            .iter()
            .zip(used)
            .any(|(t, used)| !*used && t.borrow().role == TokenRole::Initial)
    }
    fn side_differs<T: Borrow<NameToken>>(tokens: &[T], used: &[bool]) -> bool {
        unmatched_initial(tokens, used)
            || (tokens.iter().any(|t| t.borrow().role == TokenRole::Family)
                && !tokens
                    .iter()
                    .zip(used)
                    .any(|(t, used)| *used && t.borrow().role == TokenRole::Family))
    }
    let family_or_initial_differs = side_differs(a, &a_used) && side_differs(b, &b_used);
    if family_or_initial_differs && scale.family_level && personal_matched {
        // Rahul Sharma and Rahul Verma: the model weighs this as a level of its own.
        return name_level(NameOutcome::FamilyNameDiffers, "family_name_differs", total);
    }
    if family_differs {
        total += scale.family_name_differs;
    }
    if !personal_matched && a_personal.is_some() && b_personal.is_some() {
        // Only a family name or a middle name agrees. Family names cluster by region and caste
        // (Jadhav is rare in the Delhi-heavy lists but common in Maharashtra), and siblings and
        // cousins share them, so the agreement is capped before the personal names count against.
        return name_level(
            NameOutcome::OtherNameOnly,
            "personal_name_differs",
            total.min(SHARED_FAMILY_NAME_BITS) + scale.given_name_differs,
        );
    }
    let name = if shorter_left > 0 || weakest == TokenLevel::Initial {
        "partial"
    } else {
        match weakest {
            TokenLevel::Exact if a_left == 0 && b_left == 0 => "exact",
            TokenLevel::Exact | TokenLevel::Phonetic => "phonetic",
            _ => "fuzzy",
        }
    };
    name_level(NameOutcome::Agrees, name, total.min(scale.max_bits))
}

/// Closing words of boys' names and of girls' names.
const MALE_SUFFIXES: &[&str] = &["kumar", "bhai"];
const FEMALE_SUFFIXES: &[&str] = &[
    "kumari", "ben", "behen", "bai", "devi", "begum", "begam", "khatoon", "khatun", "bibi", "bano",
];

/// Returns whether one spelling closes with a boy's word and the other with a girl's.
fn suffixes_conflict<A: Borrow<NameToken>, B: Borrow<NameToken>>(a: &[A], b: &[B]) -> bool {
    fn has<T: Borrow<NameToken>>(tokens: &[T], words: &[&str]) -> bool {
        tokens
            .iter()
            .map(Borrow::borrow)
            .any(|t: &NameToken| t.role == TokenRole::Suffix && words.contains(&t.text.as_str()))
    }
    (has(a, MALE_SUFFIXES) && has(b, FEMALE_SUFFIXES))
        || (has(a, FEMALE_SUFFIXES) && has(b, MALE_SUFFIXES))
}

fn is_informative(token: &NameToken) -> bool {
    matches!(token.role, TokenRole::Given | TokenRole::Family)
}

/// Matches a token written as one word against two adjacent tokens of the other spelling
/// (Ramkumar against Ram Kumar), by phonetic key. `used` marks the tokens of `a` and `b` already
/// matched, and `personal` the positions of their personal names. Returns the weight and whether
/// a match covers a personal name.
fn joined_token_matches<A: Borrow<NameToken>, B: Borrow<NameToken>>(
    a: &[A],
    b: &[B],
    used: (&mut [bool], &mut [bool]),
    informative: &mut usize,
    personal: (Option<usize>, Option<usize>),
) -> (f64, bool) {
    let (a_used, b_used) = used;
    let mut total = 0.0;
    let mut covers = false;
    // Bit n is set when two free adjacent tokens of `b` have keys n letters long together (bit 63
    // for 63 or more). Most tokens of `a` have no such length, and so need no string comparison.
    let length_bit = |length: usize| 1u64 << length.min(63);
    let mut lengths = 0u64;
    for j in 1..b.len() {
        if !b_used[j - 1] && !b_used[j] {
            lengths |= length_bit(b[j - 1].borrow().key.len() + b[j].borrow().key.len());
        }
    }
    if lengths == 0 {
        return (total, covers);
    }
    for (i, joined) in a.iter().map(Borrow::borrow).enumerate() {
        let joined: &NameToken = joined;
        let length = joined.key.len();
        if a_used[i] || length < 4 || lengths & length_bit(length) == 0 {
            continue;
        }
        for j in 0..b.len() - 1 {
            if b_used[j] || b_used[j + 1] {
                continue;
            }
            let (first, second) = (b[j].borrow(), b[j + 1].borrow());
            let is_join = length == first.key.len() + second.key.len()
                && joined.key.starts_with(first.key.as_str())
                && joined.key.ends_with(second.key.as_str());
            if !is_join {
                continue;
            }
            a_used[i] = true;
            b_used[j] = true;
            b_used[j + 1] = true;
            *informative += 1;
            covers |= personal.0 == Some(i) || personal.1.is_some_and(|p| p == j || p == j + 1);
            total += bits(
                0.8,
                (first.key_share * second.key_share.max(0.01)).max(MIN_TOKEN_SHARE),
            );
            break;
        }
    }
    (total, covers)
}

/// Weight of two tokens agreeing at `level`, adjusted for how common the token is.
fn token_weight(a: &NameToken, b: &NameToken, level: TokenLevel) -> f64 {
    let weight = match level {
        TokenLevel::Exact => bits(0.95, a.share.max(b.share).max(MIN_TOKEN_SHARE)),
        TokenLevel::Phonetic => bits(0.9, a.key_share.max(b.key_share).max(MIN_TOKEN_SHARE)),
        TokenLevel::Fuzzy => bits(
            0.7,
            (a.key_share.max(b.key_share) * 3.0).max(10.0 * MIN_TOKEN_SHARE),
        ),
        TokenLevel::Initial => bits(0.9, 0.07),
        TokenLevel::Different => 0.0,
    };
    // Kumar, Devi and the like close a third of North Indian names; they prove almost nothing.
    if is_informative(a) && is_informative(b) {
        weight
    } else {
        weight.min(1.0)
    }
}

/// Compares parents' names: father with father, mother with mother, a guardian with anyone.
/// Returns the best agreement and whether both the father's and the mother's names agree.
pub(crate) fn compare_parents<M: FeatureView, F: FeatureView>(
    missing: &M,
    found: &F,
) -> (NameComparison, bool) {
    use NameField::{Father, Guardian, Mother};
    let no_sex = (None, None);
    let pairs = [
        (Father, Father),
        (Mother, Mother),
        (Guardian, Guardian),
        (Guardian, Father),
        (Guardian, Mother),
        (Father, Guardian),
        (Mother, Guardian),
    ];
    let mut best: Option<NameComparison> = None;
    let mut agreeing = [false; 2];
    for (i, (a, b)) in pairs.into_iter().enumerate() {
        let (a, b) = (missing.name(a), found.name(b));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let c = compare_names(a, b, no_sex, PARENT_NAME);
        if i < 2 {
            agreeing[i] = c.bits >= BOTH_PARENTS_MIN_BITS;
        }
        if best.is_none_or(|b| c.bits > b.bits) {
            best = Some(c);
        }
    }
    (best.unwrap_or(NAME_MISSING), agreeing == [true, true])
}

/// Weight each parent's name must carry for "both parents agree": a given name of ordinary
/// frequency.
const BOTH_PARENTS_MIN_BITS: f64 = 2.0;

/// Compares recorded sexes; a transgender or unknown entry is neither agreement nor disagreement.
pub(crate) fn compare_sex(a: Option<Sex>, b: Option<Sex>) -> Comparison {
    match (a, b) {
        (None, _) | (_, None) | (Some(Sex::Unknown), _) | (_, Some(Sex::Unknown)) => MISSING,
        (Some(x), Some(y)) if x == y => level(1, "exact"),
        (Some(Sex::Transgender), _) | (_, Some(Sex::Transgender)) => level(2, "uncertain"),
        _ => level(3, "different"),
    }
}

/// Largest gap in years between two widened age ranges that can still be one child. Beyond it the
/// ages are impossible and the index does not score the pair.
pub(crate) const MAX_PLAUSIBLE_AGE_GAP: f64 = 3.0;

/// Compares ages after ageing the missing child by the time between the two dates.
pub(crate) fn compare_age<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Comparison {
    let (Some(m), Some(f)) = (missing.age(), found.age()) else {
        return MISSING;
    };
    if written_dates_of_birth(missing, found).is_some() {
        // The date-of-birth field compares the dates themselves.
        return MISSING;
    }
    let m = aged(m, missing, found);
    let gap = (f.low - m.high).max(m.low - f.high).max(0.0);
    if gap == 0.0 {
        // The narrower the shared span of years, the less often two unrelated children fall in it.
        let overlap = m.high.min(f.high) - m.low.max(f.low);
        return match overlap {
            o if o < 1.5 => level(1, "consistent_narrow"),
            o if o < 3.0 => level(2, "consistent"),
            o if o < 5.0 => level(3, "consistent_wide"),
            _ => level(4, "consistent_very_wide"),
        };
    }
    if gap <= 1.5 {
        return level(5, "near");
    }
    if gap <= MAX_PLAUSIBLE_AGE_GAP {
        return level(6, "far");
    }
    level(7, "different")
}

/// Years between the two age ranges after ageing the missing child to the found date; 0 when
/// they overlap, `None` when either age is unknown or both reports give a date of birth. Two
/// written dates of birth years apart are often a slip (2014 for 2004, a wrong year copied from
/// a form) rather than two children, so [`compare_date_of_birth`] weighs them as evidence
/// against instead of ruling the pair out.
pub(crate) fn age_gap<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Option<f64> {
    let (m, f) = (missing.age()?, found.age()?);
    if written_dates_of_birth(missing, found).is_some() {
        return None;
    }
    let m = aged(m, missing, found);
    Some((f.low - m.high).max(m.low - f.high).max(0.0))
}

/// Compares two written dates of birth: the same, one typing slip apart, within a year, or
/// further apart. Either side without a date of birth is `missing`.
pub(crate) fn compare_date_of_birth<M: FeatureView, F: FeatureView>(
    missing: &M,
    found: &F,
) -> Comparison {
    let Some((a, b)) = written_dates_of_birth(missing, found) else {
        return MISSING;
    };
    if a == b {
        level(1, "exact")
    } else if is_typing_slip(a, b) {
        level(2, "typing_slip")
    } else if (a - b).num_days().abs() <= 366 {
        level(3, "within_a_year")
    } else {
        level(4, "different")
    }
}

/// Returns the missing and the found report's dates of birth when both reports give one.
fn written_dates_of_birth<M: FeatureView, F: FeatureView>(
    missing: &M,
    found: &F,
) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    Some((missing.age()?.date_of_birth?, found.age()?.date_of_birth?))
}

/// Returns whether two different dates are one slip apart when written as YYYYMMDD: one digit
/// changed, two neighbouring digits swapped, or day and month swapped. The last is 12/03 for
/// 03/12, a common slip on forms that put the month first.
fn is_typing_slip(a: chrono::NaiveDate, b: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    if a.year() == b.year() && a.day() == b.month() && a.month() == b.day() {
        return true;
    }
    let digits = |date: chrono::NaiveDate| {
        let mut rest =
            (date.year().clamp(0, 9999) as u32) * 10_000 + date.month() * 100 + date.day();
        let mut digits = [0u8; 8];
        for slot in digits.iter_mut().rev() {
            *slot = (rest % 10) as u8;
            rest /= 10;
        }
        digits
    };
    let (x, y) = (digits(a), digits(b));
    let mut differing = (0..8).filter(|&i| x[i] != y[i]);
    match (differing.next(), differing.next(), differing.next()) {
        (Some(_), None, _) => true,
        (Some(i), Some(j), None) => j == i + 1 && x[i] == y[j] && x[j] == y[i],
        _ => false,
    }
}

fn aged<M: FeatureView, F: FeatureView>(range: AgeRange, missing: &M, found: &F) -> AgeRange {
    let shift = elapsed_years(missing, found).max(0.0);
    AgeRange {
        low: range.low + shift,
        high: range.high + shift,
        date_of_birth: None,
    }
}

/// Compares heights after adding the growth expected between the two dates.
pub(crate) fn compare_height<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Comparison {
    let (Some(m), Some(f)) = (missing.height_cm(), found.height_cm()) else {
        return MISSING;
    };
    // Children between 5 and 15 grow about 5–7 cm a year.
    let expected = f64::from(m) + 6.0 * elapsed_years(missing, found).max(0.0);
    let difference = (f64::from(f) - expected).abs();
    if difference <= 5.0 {
        level(1, "close")
    } else if difference <= 12.0 {
        level(2, "near")
    } else {
        level(3, "different")
    }
}

pub(crate) fn compare_build<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Comparison {
    match (missing.build(), found.build()) {
        (Some(a), Some(b)) if a == b => level(1, "exact"),
        (Some(_), Some(_)) => level(2, "different"),
        _ => MISSING,
    }
}

pub(crate) fn compare_complexion<M: FeatureView, F: FeatureView>(
    missing: &M,
    found: &F,
) -> Comparison {
    let (Some(a), Some(b)) = (missing.complexion(), found.complexion()) else {
        return MISSING;
    };
    match (a.rank() - b.rank()).abs() {
        0 => level(1, "exact"),
        1 => level(2, "adjacent"),
        _ => level(3, "different"),
    }
}

/// Compares identification marks by type and body location. A mark seen by one officer is often
/// missed by the other, so no shared mark is weak evidence against.
pub(crate) fn compare_marks<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Comparison {
    let (missing, found) = (missing.marks(), found.marks());
    if missing.is_empty() || found.is_empty() {
        return MISSING;
    }
    let same = missing.iter().any(|m| found.contains(m));
    if same {
        return level(1, "same");
    }
    let same_place = missing
        .iter()
        .any(|(_, at)| found.iter().any(|(_, other)| at == other));
    if same_place {
        return level(2, "same_location");
    }
    level(3, "different")
}

/// Shares of children who speak each language, roughly the Census 2011 speaker shares; a shared
/// rare language is stronger evidence than shared Hindi.
fn language_share(code: &str) -> f64 {
    match code {
        "hin" => 0.45,
        "eng" => 0.2,
        "ben" => 0.08,
        "mar" | "tel" => 0.07,
        "tam" => 0.06,
        "guj" | "urd" => 0.05,
        "kan" => 0.04,
        "ory" | "mal" | "pan" => 0.03,
        "mai" => 0.025,
        "asm" => 0.013,
        _ => 0.01,
    }
}

/// [`language_share`] of each code in [`LANGUAGE_CODES`], by the code's bit in the language mask,
/// so that a comparison reads a number instead of matching strings.
static LANGUAGE_SHARES: std::sync::LazyLock<Vec<f64>> = std::sync::LazyLock::new(|| {
    LANGUAGE_CODES
        .iter()
        .map(|code| language_share(code))
        .collect()
});

pub(crate) fn compare_languages<M: FeatureView, F: FeatureView>(
    missing: &M,
    found: &F,
) -> Comparison {
    if missing.languages() == 0 || found.languages() == 0 {
        return MISSING;
    }
    let mut shared = missing.languages() & found.languages();
    if shared == 0 {
        return level(4, "different");
    }
    let shares = &*LANGUAGE_SHARES;
    let mut rarest: f64 = 1.0;
    while shared != 0 {
        let bit = shared.trailing_zeros() as usize;
        rarest = rarest.min(shares.get(bit).copied().unwrap_or(1.0));
        shared &= shared - 1;
    }
    // Children last seen and found in one state mostly speak its language, related or not, so
    // there a shared language adds little to what the place already says.
    if missing.state_code() == found.state_code() || rarest >= 0.1 {
        level(3, "shared_common")
    } else if rarest >= 0.03 {
        level(2, "shared_regional")
    } else {
        level(1, "shared_rare")
    }
}

/// State code of a report whose place is not known, such as a batch line without one. No LGD
/// state code is 0.
pub const UNKNOWN_STATE: u16 = 0;

/// Squared chords of 150 km and 500 km on a unit sphere of the Earth's radius (6,371 km, as
/// [`crate::geo::haversine_km`] uses).
static CHORDS: std::sync::LazyLock<[f64; 2]> = std::sync::LazyLock::new(|| {
    [150.0, 500.0].map(|km: f64| (2.0 * (km / (2.0 * 6371.0)).sin()).powi(2))
});

/// Compares the last-seen and found places by district, distance between district points and
/// state. Many children are found far from home (trains carry them across states), so distance
/// counts against a match only beyond 500 km.
pub(crate) fn compare_place<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Comparison {
    if missing.state_code() == UNKNOWN_STATE || found.state_code() == UNKNOWN_STATE {
        return MISSING;
    }
    if missing.district_code() == found.district_code() {
        return level(1, "same_district");
    }
    let same_state = missing.state_code() == found.state_code();
    // Squared straight-line distance between the unit vectors; it grows with the distance along
    // the Earth's surface, so it is compared with the same distances turned into chords.
    let chord = match (missing.district_point(), found.district_point()) {
        (Some(a), Some(b)) => Some((0..3).map(|i| (a[i] - b[i]).powi(2)).sum::<f64>()),
        _ => None,
    };
    let [nearby, region] = *CHORDS;
    match chord {
        Some(c) if c <= nearby => level(2, "nearby"),
        _ if same_state => level(3, "same_state"),
        Some(c) if c <= region => level(4, "region"),
        Some(_) => level(5, "far"),
        None => MISSING,
    }
}

/// Compares dates. A child is usually found within weeks, and a found date well before the last-seen
/// date means a different child unless a date was mistyped.
pub(crate) fn compare_dates<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Comparison {
    let days = i64::from(found.event_day() - missing.event_day());
    match days {
        d if d < -7 => level(1, "found_before_missing"),
        d if d < 0 => level(2, "found_just_before"),
        0..=30 => level(3, "within_30_days"),
        31..=365 => level(4, "within_a_year"),
        _ => level(5, "over_a_year"),
    }
}

/// Compares dress descriptions when the child was found within a month, since clothes change.
pub(crate) fn compare_dress<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> Comparison {
    if missing.word_count(WordList::Dress) == 0
        || found.word_count(WordList::Dress) == 0
        || elapsed_years(missing, found) * DAYS_PER_YEAR > 30.0
    {
        return MISSING;
    }
    match shared_words(missing, found, WordList::Dress) {
        0 => level(1, "different"),
        1 => level(2, "one_word"),
        _ => level(3, "several_words"),
    }
}

/// Share of the shorter place description's words that the other one must contain for the level
/// `most_words`.
const PLACE_WORDS_SHARE: f64 = 0.6;

/// Compares the free-text descriptions of the last-seen and the found place: no word shared, one
/// word, several, or most words of the shorter one (at least two). A lost child is sometimes
/// found at the station or market where it went missing, and a report written from an address
/// repeats the street, locality and PIN code.
pub(crate) fn compare_place_text<M: FeatureView, F: FeatureView>(
    missing: &M,
    found: &F,
) -> Comparison {
    let shorter = missing
        .word_count(WordList::Place)
        .min(found.word_count(WordList::Place));
    if shorter == 0 {
        return MISSING;
    }
    match shared_words(missing, found, WordList::Place) {
        0 => level(1, "different"),
        1 => level(2, "one_word"),
        n if n as f64 >= PLACE_WORDS_SHARE * shorter as f64 => level(4, "most_words"),
        _ => level(3, "several_words"),
    }
}

fn shared_words<M: FeatureView, F: FeatureView>(missing: &M, found: &F, list: WordList) -> usize {
    missing
        .words(list)
        .filter(|w| found.contains_word(list, w))
        .count()
}

fn elapsed_years<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> f64 {
    f64::from(found.event_day() - missing.event_day()) / DAYS_PER_YEAR
}
