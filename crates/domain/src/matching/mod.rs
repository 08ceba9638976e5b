//! The matcher: which found child may be which missing child.
//!
//! [`features_of_missing`] and [`features_of_found`] turn a report into precomputed comparison keys.
//! [`score_pair`] compares a missing and a found report field by field in Fellegi–Sunter form:
//! each field lands in a level (exact, phonetic, consistent, different, missing, ...) whose weight
//! is log2(m/u), the weights are summed with the prior log-odds [`PRIOR_BITS`], and the sum is
//! turned into a probability. [`MatchIndex`] holds the open reports of one kind in memory and
//! returns the best candidates for a report of the other kind.
//!
//! Persisting suggestions, decisions on them and photo evidence live in the server and the store.

mod blocking;
mod compare;
mod features;
mod index;

pub use features::{Features, features_of_found, features_of_missing};
pub use index::{MAX_BLOCK_SIZE, MAX_WIDE_BLOCK_SIZE, MatchIndex};

use crate::codes::ReportKind;
use crate::wire::FieldContribution;

/// Prior log2-odds that a missing and a found report describe the same child before any field is
/// compared: 1 in 65,536.
///
/// A found child is compared with the open missing reports of the whole country, of which at most
/// one is the child, so the prior is about one over the number of open reports (1 in 10,000 would
/// be 13.3 bits). It is set 2.7 bits lower because the field weights are summed as if the fields
/// were independent, and they are not (place, language and surname go together). With this value
/// the probabilities match the observed share of true pairs in each probability band on national
/// synthetic cohorts (see the `matcher_quality` tests). The prior is fixed, so a probability means
/// the same in every search, whatever the size of the index.
pub const PRIOR_BITS: f64 = -16.0;

/// Probability at or above which a pair is suggested to officers.
///
/// A suggestion costs an officer a look at two reports, and a missed match can leave a child in
/// care for months, so the threshold sits well below even odds. On a national synthetic cohort of
/// 2,000 missing and 500 found reports with 150 true pairs, 0.3 suggests 94% of the true pairs
/// with 88% of suggestions correct. On the three-district demo cohort, where unrelated children
/// share a district and a common first name far more often, it suggests 89% with 51% correct.
pub const DEFAULT_THRESHOLD: f64 = 0.3;

/// A scored pair: the probability that both reports describe the same child, and what each field
/// added to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Calibrated probability, 0 to 1.
    pub probability: f64,
    /// One entry per compared field, in a fixed order; weights are in bits (log2 Bayes factors).
    pub explanation: Vec<FieldContribution>,
}

/// Compares a missing report with a found report.
///
/// The arguments may come in either order: when `missing` is a found report and `found` a
/// missing one they are swapped. Two reports of the same kind are compared as if the first were
/// the missing one.
pub fn score_pair(missing: &Features, found: &Features) -> Scored {
    let (missing, found) = if missing.kind == ReportKind::Found && found.kind == ReportKind::Missing
    {
        (found, missing)
    } else {
        (missing, found)
    };
    let fields = compare_fields(missing, found);
    let total: f64 = PRIOR_BITS + fields.iter().map(|(_, c)| c.weight).sum::<f64>();
    let explanation = fields
        .iter()
        .map(|(field, c)| FieldContribution {
            field: (*field).to_string(),
            level: c.level.to_string(),
            weight: round_bits(c.weight),
        })
        .collect();
    Scored {
        probability: probability_of(total),
        explanation,
    }
}

/// How two written forms of a child's name compare, as the name field of [`score_pair`] would grade
/// them: the level (`exact`, `phonetic`, `fuzzy`, `partial`, `personal_name_differs`, `different`
/// or `missing`) and its weight in bits. Each side may hold "@" aliases, honorifics, relation
/// markers and any Indian script, as a report's `name` field can.
pub fn compare_child_names(
    a: &str,
    b: &str,
    sex_a: Option<crate::codes::Sex>,
    sex_b: Option<crate::codes::Sex>,
) -> (&'static str, f64) {
    let (a, b) = (features::parse_all(&[a]), features::parse_all(&[b]));
    let c = compare::compare_names(&a, &b, (sex_a, sex_b), compare::CHILD_NAME);
    (c.level, c.weight)
}

/// Sum of the field weights without the explanation, for ranking many candidates.
pub(crate) fn total_bits(missing: &Features, found: &Features) -> f64 {
    PRIOR_BITS
        + compare_fields(missing, found)
            .iter()
            .map(|(_, c)| c.weight)
            .sum::<f64>()
}

fn compare_fields(
    missing: &Features,
    found: &Features,
) -> [(&'static str, compare::Comparison); 12] {
    let sexes = (missing.sex, found.sex);
    [
        (
            "name",
            compare::compare_names(&missing.names, &found.names, sexes, compare::CHILD_NAME),
        ),
        ("parents", compare::compare_parents(missing, found)),
        ("sex", compare::compare_sex(missing.sex, found.sex)),
        ("age", compare::compare_age(missing, found)),
        ("height", compare::compare_height(missing, found)),
        ("build", compare::compare_build(missing, found)),
        ("complexion", compare::compare_complexion(missing, found)),
        ("marks", compare::compare_marks(missing, found)),
        ("languages", compare::compare_languages(missing, found)),
        ("place", compare::compare_place(missing, found)),
        ("dates", compare::compare_dates(missing, found)),
        ("dress", compare::compare_dress(missing, found)),
    ]
}

/// Turns log2-odds into a probability.
pub(crate) fn probability_of(bits: f64) -> f64 {
    1.0 / (1.0 + (-bits).exp2())
}

fn round_bits(weight: f64) -> f64 {
    (weight * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests;
