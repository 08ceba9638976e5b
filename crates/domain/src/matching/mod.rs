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

mod assignment;
mod blocking;
mod compare;
mod features;
mod index;
mod model;
mod view;

pub use assignment::{
    Assignment, DUPLICATE_CHECK_BITS, DUPLICATE_THRESHOLD, PairBits, SameChild, one_to_one,
    one_to_one_shift, rival_penalty,
};
pub use compare::UNKNOWN_STATE;
pub use features::{
    Features, MIN_REPORTS_TO_OBSERVE, NameShares, features_of_found, features_of_missing,
    observe_name_shares,
};
pub use index::{MAX_BLOCK_SIZE, MAX_WIDE_BLOCK_SIZE, MatchIndex};
pub use model::{
    Estimate, EstimateOptions, FIELD_COUNT, LevelWeight, MAX_FIT_PAIRS, MIN_DECISIONS_FOR_PRIOR,
    MIN_REPORTS_TO_FIT, Model, PRIOR_BITS, Pattern, estimate,
};

use std::sync::LazyLock;

use crate::codes::ReportKind;
use crate::wire::FieldContribution;

use view::{FeatureView, NameField};

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
    /// The same as log2-odds, which keep their precision where the probability rounds to 1.
    pub log_odds: f64,
    /// One entry per compared field, in a fixed order; weights are in bits (log2 Bayes factors).
    pub explanation: Vec<FieldContribution>,
}

/// The hand-written model, used where no fitted one is given.
static PRIOR_MODEL: LazyLock<Model> = LazyLock::new(Model::prior);

/// Compares a missing report with a found report under the hand-written model.
///
/// The arguments may come in either order: when `missing` is a found report and `found` a
/// missing one they are swapped. Two reports of the same kind are compared as if the first were
/// the missing one.
pub fn score_pair(missing: &Features, found: &Features) -> Scored {
    PRIOR_MODEL.score(missing, found)
}

/// Probability that two reports of the same kind describe one child, under the hand-written
/// model; see [`Model::duplicate_probability`].
pub fn duplicate_probability(a: &Features, b: &Features) -> f64 {
    PRIOR_MODEL.duplicate_probability(a, b)
}

impl Model {
    /// Compares a missing report with a found report under this model; see [`score_pair`].
    pub fn score(&self, missing: &Features, found: &Features) -> Scored {
        let (missing, found) = ordered(missing, found);
        self.score_ordered(missing, found)
    }

    /// Scores a pair read through [`FeatureView`], in either order, like [`Model::score`].
    pub(crate) fn score_views<A: FeatureView, B: FeatureView>(&self, a: &A, b: &B) -> Scored {
        if a.kind() == ReportKind::Found && b.kind() == ReportKind::Missing {
            self.score_ordered(b, a)
        } else {
            self.score_ordered(a, b)
        }
    }

    fn score_ordered<M: FeatureView, F: FeatureView>(&self, missing: &M, found: &F) -> Scored {
        let fields = compare_fields(missing, found);
        let mut total = self.prior_bits;
        let explanation = fields
            .iter()
            .enumerate()
            .map(|(f, c)| {
                let weight = self.weight(f, c.level);
                total += weight;
                FieldContribution {
                    field: model::FIELDS[f].name.to_string(),
                    level: c.label.to_string(),
                    weight: round_bits(weight),
                }
            })
            .collect();
        Scored {
            probability: probability_of(total),
            log_odds: total,
            explanation,
        }
    }

    /// Scores two reports of the same kind as two filings of one child, such as one child
    /// reported at two police stations. The earlier-dated report takes the missing role and the
    /// later one the found role, so the date comparison never meets a found-before-missing gap,
    /// and two filings days apart land in its closest level.
    ///
    /// Brothers and sisters who went missing together share their parents, place and date, and
    /// twins their date of birth too. So two reports with different given names are two children
    /// when their sexes differ or both parents' names agree. The place's free text counts only
    /// when the names or the dates of birth agree.
    pub fn duplicate_probability(&self, a: &Features, b: &Features) -> f64 {
        let (earlier, later) = if a.event_date <= b.event_date {
            (a, b)
        } else {
            (b, a)
        };
        let fields = compare_fields(earlier, later);
        let label = |field: usize| fields[field].label;
        let names_differ = matches!(
            label(model::field::NAME),
            "different" | "personal_name_differs" | "gendered_suffix_differs"
        );
        let siblings = label(model::field::SEX) == "different"
            || label(model::field::PARENTS) == "both_parents";
        if names_differ && siblings {
            return 0.0;
        }
        let names_agree = matches!(
            label(model::field::NAME),
            "exact" | "phonetic" | "fuzzy" | "partial"
        );
        let same_birth = matches!(label(model::field::DATE_OF_BIRTH), "exact" | "typing_slip");
        let mut fields = fields;
        if !names_agree && !same_birth {
            fields[model::field::PLACE_TEXT] = compare::MISSING;
        }
        probability_of(self.bits_of(&fields))
    }

    /// Prior plus the field weights in bits, without the explanation: what the index ranks
    /// candidates by. The reports must be given missing first.
    pub fn log_odds(&self, missing: &Features, found: &Features) -> f64 {
        self.total_bits(missing, found)
    }

    /// Prior plus the field weights, without the explanation, for ranking many candidates.
    pub(crate) fn total_bits<M: FeatureView, F: FeatureView>(&self, missing: &M, found: &F) -> f64 {
        self.bits_of(&compare_fields(missing, found))
    }

    /// Prior plus the weights of the given field levels, in bits.
    fn bits_of(&self, fields: &[compare::Comparison; FIELD_COUNT]) -> f64 {
        self.prior_bits
            + fields
                .iter()
                .enumerate()
                .map(|(f, c)| self.weight(f, c.level))
                .sum::<f64>()
    }
}

/// Returns the level of every field for a pair, in either order, for estimating a model.
pub fn pattern(missing: &Features, found: &Features) -> Pattern {
    let (missing, found) = ordered(missing, found);
    compare_fields(missing, found).map(|c| c.level)
}

fn ordered<'a>(missing: &'a Features, found: &'a Features) -> (&'a Features, &'a Features) {
    if missing.kind == ReportKind::Found && found.kind == ReportKind::Missing {
        (found, missing)
    } else {
        (missing, found)
    }
}

/// Compares two written forms of a child's name as the name field of [`score_pair`] would grade
/// them: how the tokens agree (`exact`, `phonetic`, `fuzzy`, `partial`, `personal_name_differs`,
/// `family_name_differs`, `gendered_suffix_differs`, `different` or `missing`) and the weight of that level in the hand-written model, in bits. Each
/// side may hold "@" aliases, honorifics, relation markers and any Indian script, as a report's
/// `name` field can.
pub fn compare_child_names(
    a: &str,
    b: &str,
    sex_a: Option<crate::codes::Sex>,
    sex_b: Option<crate::codes::Sex>,
) -> (&'static str, f64) {
    let (a, b) = (features::parse_all(&[a]), features::parse_all(&[b]));
    let c = compare::compare_names(
        a.as_slice(),
        b.as_slice(),
        (sex_a, sex_b),
        compare::CHILD_NAME,
    );
    let level = compare::band(c, &model::NAME_BANDS).level;
    (c.label, PRIOR_MODEL.weight(model::field::NAME, level))
}

/// Level of the parents field: the band of the best agreement, or `both_parents` when the
/// father's and the mother's names both agree.
fn parents_level<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> compare::Comparison {
    let (best, both) = compare::compare_parents(missing, found);
    if both {
        compare::Comparison {
            level: model::BOTH_PARENTS_LEVEL,
            label: "both_parents",
        }
    } else {
        compare::band(best, &model::PARENT_BANDS)
    }
}

fn compare_fields<M: FeatureView, F: FeatureView>(
    missing: &M,
    found: &F,
) -> [compare::Comparison; FIELD_COUNT] {
    let sexes = (missing.sex(), found.sex());
    [
        compare::band(
            compare::compare_names(
                missing.name(NameField::Child),
                found.name(NameField::Child),
                sexes,
                compare::CHILD_NAME,
            ),
            &model::NAME_BANDS,
        ),
        parents_level(missing, found),
        compare::compare_sex(missing.sex(), found.sex()),
        compare::compare_age(missing, found),
        compare::compare_date_of_birth(missing, found),
        compare::compare_height(missing, found),
        compare::compare_build(missing, found),
        compare::compare_complexion(missing, found),
        compare::compare_marks(missing, found),
        compare::compare_languages(missing, found),
        compare::compare_place(missing, found),
        compare::compare_dates(missing, found),
        compare::compare_dress(missing, found),
        compare::compare_place_text(missing, found),
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
