//! Fields, levels and weights of the matcher, and how the weights are estimated from data.
//!
//! Every field compares into one of a few levels (see [`FIELDS`]). Level 0 of every field is
//! `missing`, which weighs nothing. The weight of any other level is log2(m/u), where m is the
//! chance of the level among pairs that are one child and u among pairs that are not. A [`Model`]
//! carries m, u and the prior odds of a pair. [`Model::prior`] is written by hand from how reports
//! are made. [`estimate`] refits it to a set of reports: u from random pairs, m and the share of
//! true pairs by expectation maximisation over the pairs that blocking brings together, with
//! officers' decisions as labelled pairs and the hand-written m values as pseudo-counts.
//!
//! The name fields already weigh how common each agreeing token is (term frequency). Their levels
//! are bands of that weight, so estimation corrects each band as a whole: when names of 12 to 15
//! bits turn out to be shared by unrelated children more often than the name lists predict, the
//! band's weight drops.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::features::Features;

/// Number of compared fields, without the face evidence the server adds.
pub const FIELD_COUNT: usize = 14;
/// Most levels of one field, `missing` included.
pub(crate) const MAX_LEVELS: usize = 10;

/// One level of a field with its hand-written m value and weight; u is m / 2^weight.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LevelSpec {
    pub name: &'static str,
    pub m: f64,
    pub weight: f64,
    /// A fixed level keeps its weight whatever the data show. Impossible pairs (found weeks before
    /// going missing, ages that cannot be one child) are rare among candidates, and estimating
    /// their weight from a handful of pairs would make them look possible.
    pub fixed: bool,
}

const fn level(name: &'static str, m: f64, weight: f64) -> LevelSpec {
    LevelSpec {
        name,
        m,
        weight,
        fixed: false,
    }
}

const fn fixed(name: &'static str, m: f64, weight: f64) -> LevelSpec {
    LevelSpec {
        name,
        m,
        weight,
        fixed: true,
    }
}

const MISSING: LevelSpec = fixed("missing", 1.0, 0.0);

/// A compared field and its levels; level 0 is always `missing`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldSpec {
    pub name: &'static str,
    pub levels: &'static [LevelSpec],
}

/// Upper edges, in term-frequency bits, of the agreement bands of the child's name.
pub(crate) const NAME_BANDS: [f64; 5] = [3.0, 6.0, 9.0, 12.0, 15.0];
/// Level of the parents field when both the father's and the mother's names agree.
pub(crate) const BOTH_PARENTS_LEVEL: u8 = 6;
/// Upper edges of the agreement bands of a parent's name.
pub(crate) const PARENT_BANDS: [f64; 2] = [2.0, 4.0];

/// The fields in the order of [`super::score_pair`]'s explanation.
pub(crate) const FIELDS: [FieldSpec; FIELD_COUNT] = [
    FieldSpec {
        name: "name",
        levels: &[
            MISSING,
            level("different", 0.04, -3.6),
            level("personal_name_differs", 0.04, -1.2),
            level("agree_below_3_bits", 0.03, 1.5),
            level("agree_3_to_6_bits", 0.05, 4.5),
            level("agree_6_to_9_bits", 0.1, 7.5),
            level("agree_9_to_12_bits", 0.2, 10.5),
            level("agree_12_to_15_bits", 0.27, 13.5),
            level("agree_15_bits_or_more", 0.26, 16.0),
            level("family_name_differs", 0.01, 1.5),
        ],
    },
    FieldSpec {
        name: "parents",
        levels: &[
            MISSING,
            level("different", 0.1, -1.5),
            level("personal_name_differs", 0.05, -1.0),
            level("agree_below_2_bits", 0.1, 1.0),
            level("agree_2_to_4_bits", 0.25, 3.0),
            level("agree_4_bits_or_more", 0.4, 5.5),
            level("both_parents", 0.1, 9.0),
        ],
    },
    FieldSpec {
        name: "sex",
        levels: &[
            MISSING,
            level("exact", 0.97, 0.96),
            fixed("uncertain", 0.01, 0.0),
            level("different", 0.02, -4.6),
        ],
    },
    FieldSpec {
        name: "age",
        levels: &[
            MISSING,
            level("consistent_narrow", 0.3, 2.5),
            level("consistent", 0.35, 1.8),
            level("consistent_wide", 0.2, 0.9),
            level("consistent_very_wide", 0.05, 0.25),
            level("near", 0.04, -1.3),
            level("far", 0.01, -3.9),
            fixed("different", 0.001, -8.0),
        ],
    },
    // Compared only when both reports give a date of birth. The age field is then `missing`,
    // because the dates carry more evidence than the ages computed from them.
    FieldSpec {
        name: "date_of_birth",
        levels: &[
            MISSING,
            level("exact", 0.8, 12.0),
            level("typing_slip", 0.08, 4.0),
            level("within_a_year", 0.08, -0.5),
            level("different", 0.04, -4.5),
        ],
    },
    FieldSpec {
        name: "height",
        levels: &[
            MISSING,
            level("close", 0.8, 1.68),
            level("near", 0.15, -0.74),
            level("different", 0.05, -3.3),
        ],
    },
    FieldSpec {
        name: "build",
        levels: &[
            MISSING,
            level("exact", 0.6, 0.78),
            level("different", 0.4, -0.7),
        ],
    },
    FieldSpec {
        name: "complexion",
        levels: &[
            MISSING,
            level("exact", 0.6, 1.0),
            level("adjacent", 0.35, -0.19),
            level("different", 0.05, -2.58),
        ],
    },
    FieldSpec {
        name: "marks",
        levels: &[
            MISSING,
            level("same", 0.5, 3.3),
            level("same_location", 0.15, 0.9),
            level("different", 0.35, -1.36),
        ],
    },
    FieldSpec {
        name: "languages",
        levels: &[
            MISSING,
            level("shared_rare", 0.3, 5.0),
            level("shared_regional", 0.3, 3.2),
            level("shared_common", 0.3, 0.85),
            level("different", 0.1, -2.58),
        ],
    },
    FieldSpec {
        name: "place",
        levels: &[
            MISSING,
            level("same_district", 0.35, 3.13),
            level("nearby", 0.3, 1.9),
            level("same_state", 0.12, 0.26),
            level("region", 0.08, 0.0),
            level("far", 0.15, -2.4),
        ],
    },
    FieldSpec {
        name: "dates",
        levels: &[
            MISSING,
            fixed("found_before_missing", 0.001, -10.0),
            fixed("found_just_before", 0.01, -2.0),
            level("within_30_days", 0.45, 2.49),
            level("within_a_year", 0.4, -0.17),
            level("over_a_year", 0.15, -1.58),
        ],
    },
    FieldSpec {
        name: "dress",
        levels: &[
            MISSING,
            level("different", 0.5, -0.68),
            level("one_word", 0.3, 1.0),
            level("several_words", 0.2, 2.58),
        ],
    },
    // Free text of the last-seen and found places. Many reports leave it out or name only a kind
    // of place ("bus stand"), so the hand-written weights are modest. Estimation measures them.
    FieldSpec {
        name: "place_text",
        levels: &[
            MISSING,
            level("different", 0.5, -0.6),
            level("one_word", 0.2, 0.8),
            level("several_words", 0.15, 2.0),
            level("most_words", 0.15, 3.5),
        ],
    },
];

/// Index of a field in [`FIELDS`].
pub(crate) mod field {
    pub const NAME: usize = 0;
    pub const PARENTS: usize = 1;
    pub const SEX: usize = 2;
    pub const AGE: usize = 3;
    pub const DATE_OF_BIRTH: usize = 4;
    pub const PLACE: usize = 10;
    pub const PLACE_TEXT: usize = 13;
}

/// Prior log2-odds that a missing and a found report describe the same child before any field is
/// compared, in the hand-written model: 1 in 65,536.
///
/// A found child is compared with the open missing reports of the whole country, and at most one
/// of them is the child. So the prior is about the share of found children who were reported
/// missing over the number of open missing reports: 1 in 65,536 is a share of 0.3 (an estimate)
/// with 20,000 open reports. [`estimate`] measures the prior of a given set of reports.
pub const PRIOR_BITS: f64 = -16.0;

/// Most weight, in bits, that an estimated level may take, either way. A level seen a few times
/// among thousands of pairs could otherwise reach any weight.
const MAX_LEVEL_BITS: f64 = 20.0;

/// The weights of every field level and the prior odds of a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Prior log2-odds that a pair describes one child.
    pub prior_bits: f64,
    /// Per field and level, the chance of the level among true pairs (level 0, `missing`, is 1).
    pub m: Vec<Vec<f64>>,
    /// Per field and level, the chance of the level among unrelated pairs.
    pub u: Vec<Vec<f64>>,
    #[serde(skip)]
    weights: [[f64; MAX_LEVELS]; FIELD_COUNT],
}

/// One row of [`Model::table`].
#[derive(Debug, Clone, PartialEq)]
pub struct LevelWeight {
    pub field: &'static str,
    pub level: &'static str,
    pub m: f64,
    pub u: f64,
    pub weight: f64,
    pub fixed: bool,
}

impl Default for Model {
    fn default() -> Self {
        Model::prior()
    }
}

impl Model {
    /// Returns the hand-written model: m and weights from how reports are written, prior
    /// [`PRIOR_BITS`].
    pub fn prior() -> Model {
        let m = FIELDS
            .iter()
            .map(|f| f.levels.iter().map(|l| l.m).collect())
            .collect();
        let u = FIELDS
            .iter()
            .map(|f| f.levels.iter().map(|l| l.m / l.weight.exp2()).collect())
            .collect();
        Model::from_parts(PRIOR_BITS, m, u)
    }

    fn from_parts(prior_bits: f64, m: Vec<Vec<f64>>, u: Vec<Vec<f64>>) -> Model {
        let mut weights = [[0.0; MAX_LEVELS]; FIELD_COUNT];
        for (f, spec) in FIELDS.iter().enumerate() {
            for (l, level) in spec.levels.iter().enumerate() {
                weights[f][l] = if l == 0 {
                    0.0
                } else if level.fixed {
                    level.weight
                } else {
                    (m[f][l] / u[f][l])
                        .log2()
                        .clamp(-MAX_LEVEL_BITS, MAX_LEVEL_BITS)
                };
            }
        }
        Model {
            prior_bits,
            m,
            u,
            weights,
        }
    }

    /// Sum of the weights of a pattern, without the prior.
    pub(crate) fn pattern_bits(&self, pattern: &Pattern) -> f64 {
        pattern
            .iter()
            .enumerate()
            .map(|(f, &l)| self.weight(f, l))
            .sum()
    }

    /// Rebuilds the weight table after deserialising; m and u must have one entry per level.
    pub fn validated(self) -> Option<Model> {
        let shapes_agree = self.m.len() == FIELD_COUNT
            && self.u.len() == FIELD_COUNT
            && FIELDS.iter().enumerate().all(|(f, spec)| {
                self.m[f].len() == spec.levels.len() && self.u[f].len() == spec.levels.len()
            });
        let all_positive = self
            .m
            .iter()
            .chain(&self.u)
            .flatten()
            .all(|p| p.is_finite() && *p > 0.0);
        (shapes_agree && all_positive && self.prior_bits.is_finite())
            .then(|| Model::from_parts(self.prior_bits, self.m, self.u))
    }

    /// Weight in bits of `level` of field `field`.
    #[inline]
    pub(crate) fn weight(&self, field: usize, level: u8) -> f64 {
        self.weights[field][usize::from(level)]
    }

    /// Lists every field level with its m, u and weight, for documentation and diagnostics.
    pub fn table(&self) -> Vec<LevelWeight> {
        let mut rows = Vec::new();
        for (f, spec) in FIELDS.iter().enumerate() {
            for (l, level) in spec.levels.iter().enumerate().skip(1) {
                rows.push(LevelWeight {
                    field: spec.name,
                    level: level.name,
                    m: self.m[f][l],
                    u: self.u[f][l],
                    weight: self.weights[f][l],
                    fixed: level.fixed,
                });
            }
        }
        rows
    }
}

/// Level of every field for one pair, in [`FIELDS`] order.
pub type Pattern = [u8; FIELD_COUNT];

/// Settings of [`estimate`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EstimateOptions {
    /// Random pairs drawn to measure u.
    pub random_pairs: usize,
    /// Weight of the hand-written m values, in pairs: with fewer true pairs than this the
    /// estimate stays close to them.
    pub prior_pairs: f64,
    /// Most EM rounds.
    pub max_rounds: usize,
    /// Seed of the random pairs, so an estimate can be repeated.
    pub seed: u64,
}

impl Default for EstimateOptions {
    fn default() -> Self {
        EstimateOptions {
            random_pairs: 1_000_000,
            prior_pairs: 50.0,
            max_rounds: 60,
            seed: 1,
        }
    }
}

/// A fitted model and what the fit measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub model: Model,
    /// Expected number of true pairs among the candidate pairs.
    pub expected_true_pairs: f64,
    /// Share of candidate pairs that are one child.
    pub candidate_share: f64,
    /// EM rounds run.
    pub rounds: usize,
    /// Candidate pairs used.
    pub candidate_pairs: usize,
}

/// Fewer reports of either kind than this keep the hand-written model: random pairs drawn from a
/// few hundred reports repeat the same pairs, and a few dozen true pairs cannot move m.
pub const MIN_REPORTS_TO_FIT: usize = 200;

/// Smallest count of random pairs at a level for its u to be measured rather than taken from the
/// prior.
const MIN_LEVEL_COUNT: f64 = 10.0;

/// Fits a model to the reports of one index and the other kind.
///
/// `candidates` are the `(missing, found)` positions blocking brings together, `decisions` the
/// pairs officers confirmed (`true`) or rejected (`false`); a decided pair need not be a
/// candidate. Beyond [`MAX_FIT_PAIRS`] candidates, the candidates of a seeded sample of found
/// reports are used.
///
/// u comes from random pairs of `missing` × `found`. m comes from EM in two sessions over subsets
/// of the candidates, as record-linkage practice does. EM over all candidates at once finds the
/// largest cluster, which is "same district, same age" rather than "same child". The first
/// session takes the candidates whose names agree and leaves the name out, so it measures every
/// other field. The second takes the candidates from one place with consistent ages, or with the
/// same written date of birth, and leaves place, age and date of birth out, so it measures the
/// names. Within a session the left-out fields agree on
/// every pair and carry no information.
///
/// Each EM round also knows that a found child is at most one missing child: the candidates of
/// one found report compete, and their chances of being the true pair sum to at most one. Without
/// that, a common name shared by many unrelated children looks like a cluster of true pairs.
/// Decided pairs keep their label. Last, the true pairs among the candidates are counted, with m
/// fixed, and the prior is set so the model expects that many.
pub fn estimate(
    missing: &[Features],
    found: &[Features],
    candidates: &[(u32, u32)],
    decisions: &[(u32, u32, bool)],
    options: EstimateOptions,
) -> Estimate {
    let base = Model::prior();
    if missing.len() < MIN_REPORTS_TO_FIT || found.len() < MIN_REPORTS_TO_FIT {
        return Estimate {
            model: base,
            expected_true_pairs: 0.0,
            candidate_share: 0.0,
            rounds: 0,
            candidate_pairs: 0,
        };
    }
    let u = random_pair_rates(missing, found, &base, options);
    let pairs = FitPairs::new(missing, found, candidates, decisions, options.seed);
    if fields_besides_name(&pairs) == 0 {
        // Only the name varies: EM cannot tell true pairs from unrelated ones that share a name,
        // and its count slides to nothing (on FEBRL 4 without dates of birth, 0 true pairs and a
        // prior of -26 bits). The hand-written model at least ranks by the name.
        return Estimate {
            model: base,
            expected_true_pairs: 0.0,
            candidate_share: 0.0,
            rounds: 0,
            candidate_pairs: pairs.pair_pattern.len(),
        };
    }

    let names_agree = |p: &Pattern| p[field::NAME] >= NAME_AGREES;
    // Ages agree when their ranges overlap, or when both dates of birth agree or nearly so.
    let ages_agree = |p: &Pattern| {
        (1..=4).contains(&p[field::AGE]) || (1..=3).contains(&p[field::DATE_OF_BIRTH])
    };
    // Pairs brought together by something other than the name: one place and agreeing ages, or
    // the same written date of birth.
    let same_place = |p: &Pattern| {
        ((1..=2).contains(&p[field::PLACE]) && ages_agree(p)) || p[field::DATE_OF_BIRTH] == 1
    };
    let mut rounds = 0;
    let mut m = base.m.clone();
    // NOTE: When the date of birth is the only field besides the name, this session cannot tell
    // how often a true pair's dates differ, and m of a different date comes out too low.
    let by_names = em_session(
        &pairs,
        &names_agree,
        &[field::NAME],
        &m,
        &u,
        &base.m,
        options,
    );
    rounds += by_names.rounds;
    for (f, fitted) in by_names.m.into_iter().enumerate() {
        if f != field::NAME {
            m[f] = fitted;
        }
    }
    let by_place = em_session(
        &pairs,
        &same_place,
        &[field::PLACE, field::AGE, field::DATE_OF_BIRTH],
        &m,
        &u,
        &base.m,
        options,
    );
    rounds += by_place.rounds;
    m[field::NAME] = by_place.m[field::NAME].clone();
    // Fixed levels keep their hand-written m, so the table shows what their weight assumes.
    for (f, spec) in FIELDS.iter().enumerate() {
        for (l, level) in spec.levels.iter().enumerate() {
            if level.fixed {
                m[f][l] = base.m[f][l];
            }
        }
    }

    // With m fixed, the true pairs among the candidates are counted in three groups, because
    // unrelated pairs that met through the name, the place or neither agree on different fields.
    // A last EM counts the first and the last group, each with its own u. The place group takes
    // session two's sure pairs: in a last EM, the u of the fields that chose the group rises
    // until their weight vanishes and the count falls to 0 (docs/MATCHING.md, step 5).
    // Scoring uses the random pairs' u, which ranks best. Summing fields as if independent
    // overstates the evidence, so the prior is set to expect as many true pairs as were counted.
    let by_name = em_fixed_m(&pairs, &names_agree, &m, &u, options);
    let elsewhere = |p: &Pattern| !names_agree(p) && !same_place(p);
    let by_other = em_fixed_m(&pairs, &elsewhere, &m, &u, options);
    let last = SessionFit {
        expected_true: by_name.expected_true + by_other.expected_true + by_place.sure_unnamed
            - pairs.decided.iter().filter(|d| d.1).count() as f64,
        rounds: by_name.rounds + by_other.rounds,
    };
    rounds += last.rounds;
    let unprimed = Model::from_parts(0.0, m, u);
    // Officers' decisions, once there are enough, say directly how often pairs scored like these
    // are right; EM's count of true pairs overshoots when true pairs are a small share of the
    // candidates (see docs/MATCHING.md).
    let confirmed = pairs.decided.iter().filter(|d| d.1).count();
    let prior_bits = if pairs.decided.len() >= MIN_DECISIONS_FOR_PRIOR && confirmed > 0 {
        fit_prior_to_decisions(&pairs, &unprimed, confirmed as f64)
    } else {
        fit_prior(&pairs, &unprimed, last.expected_true)
    };
    let model = Model {
        prior_bits,
        ..unprimed
    };
    Estimate {
        model,
        expected_true_pairs: last.expected_true,
        candidate_share: last.expected_true / pairs.pair_count().max(1.0),
        rounds,
        candidate_pairs: pairs.pair_pattern.len(),
    }
}

/// Most candidate pairs EM runs over; more are sampled by found report.
pub const MAX_FIT_PAIRS: usize = 1_000_000;

/// The candidate pairs of a fit, as distinct patterns, grouped by found report.
struct FitPairs {
    patterns: Vec<Pattern>,
    /// Pattern of each undecided candidate pair, grouped by found report.
    pair_pattern: Vec<u32>,
    /// Start of each found report's group in `pair_pattern`, with the end as last entry.
    group_start: Vec<usize>,
    /// Pattern and label of each decided pair.
    decided: Vec<(u32, bool)>,
    /// Number of undecided candidate pairs with each pattern.
    counts: Vec<f64>,
}

/// Result of an E-step in which candidates compete.
struct Expectation {
    /// Expected true pairs per pattern.
    matched: Vec<f64>,
    /// Expected unrelated pairs per pattern.
    unmatched: Vec<f64>,
    /// Expected true pairs in all.
    true_pairs: f64,
    /// Found reports with at least one candidate the session keeps.
    kept_groups: f64,
    /// Expected true pairs among the undecided pairs whose names do not agree, counting only
    /// the pairs whose chance is at least [`SURE_CHANCE`].
    sure_unnamed: f64,
}

/// Lowest chance at which a pair of session two whose names do not agree counts towards the
/// number of true pairs. Summed over many unrelated candidates, smaller chances overcount.
const SURE_CHANCE: f64 = 0.95;

impl FitPairs {
    fn new(
        missing: &[Features],
        found: &[Features],
        candidates: &[(u32, u32)],
        decisions: &[(u32, u32, bool)],
        seed: u64,
    ) -> FitPairs {
        let decided_set: HashMap<(u32, u32), bool> = decisions
            .iter()
            .filter(|&&(m, f, _)| (m as usize) < missing.len() && (f as usize) < found.len())
            .map(|&(m, f, d)| ((m, f), d))
            .collect();
        let mut undecided: Vec<(u32, u32)> = candidates
            .iter()
            .copied()
            .filter(|&(m, f)| {
                (m as usize) < missing.len()
                    && (f as usize) < found.len()
                    && !decided_set.contains_key(&(m, f))
            })
            .collect();
        if undecided.len() > MAX_FIT_PAIRS {
            // Keep whole groups, so the found reports kept still see all their candidates.
            let keep_share = MAX_FIT_PAIRS as f64 / undecided.len() as f64;
            let cut = (keep_share * u64::MAX as f64) as u64;
            undecided.retain(|&(_, f)| SplitMix(seed ^ u64::from(f)).next() <= cut);
        }
        undecided.sort_unstable_by_key(|&(m, f)| (f, m));
        let computed = patterns_of(missing, found, &undecided);

        let mut ids: HashMap<Pattern, u32> = HashMap::new();
        let mut patterns = Vec::new();
        let mut intern = |p: Pattern| {
            *ids.entry(p).or_insert_with(|| {
                patterns.push(p);
                (patterns.len() - 1) as u32
            })
        };
        let mut pair_pattern = Vec::with_capacity(computed.len());
        let mut group_start = Vec::new();
        let mut previous = None;
        for (i, (&(_, f), pattern)) in undecided.iter().zip(computed).enumerate() {
            if previous != Some(f) {
                group_start.push(i);
                previous = Some(f);
            }
            pair_pattern.push(intern(pattern));
        }
        group_start.push(pair_pattern.len());
        let decided = decided_set
            .iter()
            .map(|(&(m, f), &label)| {
                let pattern = super::pattern(&missing[m as usize], &found[f as usize]);
                (intern(pattern), label)
            })
            .collect();
        let counts = pattern_counts(&pair_pattern, patterns.len());
        FitPairs {
            patterns,
            pair_pattern,
            group_start,
            decided,
            counts,
        }
    }

    fn pair_count(&self) -> f64 {
        (self.pair_pattern.len() + self.decided.len()) as f64
    }

    fn groups(&self) -> impl Iterator<Item = &[u32]> {
        self.group_start
            .windows(2)
            .map(|w| &self.pair_pattern[w[0]..w[1]])
    }

    /// Runs one E-step, in which each found report's kept candidates compete for at most one true
    /// pair. Returns per pattern the expected true and unrelated pairs, the expected true pairs,
    /// and the number of found reports with a kept candidate.
    fn expect(&self, likelihood: &[f64], share: f64) -> Expectation {
        // Each group's sum is computed in parallel. The chances are then added up in one pass in
        // pair order, so the result does not depend on the number of threads.
        let factors_of = |bounds: &[usize]| {
            let (start, end) = (bounds[0], bounds[1]);
            let (mut kept_count, mut summed) = (0usize, 0.0);
            for &p in &self.pair_pattern[start..end] {
                let l = likelihood[p as usize];
                if l > 0.0 {
                    kept_count += 1;
                    summed += l;
                }
            }
            // P(pair i is the one) = (s/n) LR_i / ((1 - s) + (s/n) sum LR).
            let per_pair_share = share / kept_count.max(1) as f64;
            let denominator = (1.0 - share) + per_pair_share * summed;
            (kept_count > 0, per_pair_share, denominator)
        };
        #[cfg(feature = "parallel")]
        let factors: Vec<(bool, f64, f64)> = {
            use rayon::prelude::*;
            self.group_start
                .par_windows(2)
                .with_min_len(64)
                .map(factors_of)
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let factors: Vec<(bool, f64, f64)> = self.group_start.windows(2).map(factors_of).collect();

        let mut matched = vec![0.0; self.patterns.len()];
        let mut unmatched = vec![0.0; self.patterns.len()];
        let mut true_pairs = 0.0;
        let mut kept_groups = 0.0;
        let mut sure_unnamed = 0.0;
        for (group, &(any_kept, per_pair_share, denominator)) in self.groups().zip(&factors) {
            if !any_kept {
                continue;
            }
            kept_groups += 1.0;
            for &p in group {
                let l = likelihood[p as usize];
                if l > 0.0 {
                    let chance = per_pair_share * l / denominator;
                    matched[p as usize] += chance;
                    unmatched[p as usize] += 1.0 - chance;
                    true_pairs += chance;
                    if chance >= SURE_CHANCE && self.patterns[p as usize][field::NAME] < NAME_AGREES
                    {
                        sure_unnamed += chance;
                    }
                }
            }
        }
        for &(p, label) in &self.decided {
            if likelihood[p as usize] > 0.0 {
                if label {
                    matched[p as usize] += 1.0;
                } else {
                    unmatched[p as usize] += 1.0;
                }
            }
        }
        Expectation {
            matched,
            unmatched,
            true_pairs,
            kept_groups,
            sure_unnamed,
        }
    }

    /// E-step without competition: each pair is true with chance `share` before its fields are
    /// seen. Returns the same as [`FitPairs::expect`], without the matched pairs.
    fn expect_independent(&self, likelihood: &[f64], share: f64) -> (Vec<f64>, f64) {
        let odds = share / (1.0 - share);
        let mut unmatched = vec![0.0; self.patterns.len()];
        let mut true_pairs = 0.0;
        for (p, &count) in self.counts.iter().enumerate() {
            if count == 0.0 || likelihood[p] <= 0.0 {
                continue;
            }
            let chance = odds * likelihood[p] / (1.0 + odds * likelihood[p]);
            unmatched[p] += count * (1.0 - chance);
            true_pairs += count * chance;
        }
        for &(p, label) in &self.decided {
            if !label {
                unmatched[p as usize] += 1.0;
            }
        }
        (unmatched, true_pairs)
    }

    /// Found reports with at least one kept candidate.
    fn kept_groups(&self, likelihood: &[f64]) -> f64 {
        self.groups()
            .filter(|g| g.iter().any(|&p| likelihood[p as usize] > 0.0))
            .count() as f64
    }

    /// Returns the same pairs without the undecided ones whose pattern `keep` rejects, and
    /// without the found reports left with no pair. Pattern ids stay the same.
    fn restricted(&self, keep: &dyn Fn(&Pattern) -> bool) -> FitPairs {
        let kept: Vec<bool> = self.patterns.iter().map(keep).collect();
        let mut pair_pattern = Vec::new();
        let mut group_start = Vec::new();
        for group in self.groups() {
            let before = pair_pattern.len();
            pair_pattern.extend(group.iter().filter(|&&p| kept[p as usize]));
            if pair_pattern.len() > before {
                group_start.push(before);
            }
        }
        group_start.push(pair_pattern.len());
        let counts = pattern_counts(&pair_pattern, self.patterns.len());
        FitPairs {
            patterns: self.patterns.clone(),
            pair_pattern,
            group_start,
            decided: self.decided.clone(),
            counts,
        }
    }

    /// Level counts from per-pattern weights.
    fn level_counts(&self, weights: &[f64]) -> Vec<Vec<f64>> {
        let mut counts = zeroed();
        for (pattern, &w) in self.patterns.iter().zip(weights) {
            if w == 0.0 {
                continue;
            }
            for (f, &l) in pattern.iter().enumerate() {
                counts[f][usize::from(l)] += w;
            }
        }
        counts
    }
}

/// Likelihood ratio of each pattern under `m` and `u`, ignoring `ignored` fields; 0 for patterns
/// `keep` rejects.
fn likelihoods(
    patterns: &[Pattern],
    keep: &(dyn Fn(&Pattern) -> bool + Sync),
    ignored: &[usize],
    m: &[Vec<f64>],
    u: &[Vec<f64>],
) -> Vec<f64> {
    // Each level's weight is computed once per call rather than once per pattern.
    let weights: Vec<Vec<f64>> = m
        .iter()
        .zip(u)
        .map(|(m, u)| m.iter().zip(u).map(|(m, u)| (m / u).log2()).collect())
        .collect();
    let likelihood = |pattern: &Pattern| {
        if !keep(pattern) {
            return 0.0;
        }
        let bits: f64 = pattern
            .iter()
            .enumerate()
            .filter(|(f, l)| **l != 0 && !ignored.contains(f))
            .map(|(f, &l)| weights[f][usize::from(l)])
            .sum();
        bits.clamp(-200.0, 200.0).exp2()
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        patterns
            .par_iter()
            .with_min_len(1024)
            .map(likelihood)
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        patterns.iter().map(likelihood).collect()
    }
}

/// Counts the pairs of each of `pattern_count` patterns, given each pair's pattern id.
fn pattern_counts(pair_pattern: &[u32], pattern_count: usize) -> Vec<f64> {
    let mut counts = vec![0.0; pattern_count];
    for &p in pair_pattern {
        counts[p as usize] += 1.0;
    }
    counts
}

/// Finds the prior at which `model` expects `expected_true` true pairs among the candidate pairs,
/// each scored on its own as the index scores them, by bisection. The expected count rises with
/// the prior, so the root is unique.
fn fit_prior(pairs: &FitPairs, model: &Model, expected_true: f64) -> f64 {
    let mut counts = pairs.counts.clone();
    for &(p, _) in &pairs.decided {
        counts[p as usize] += 1.0;
    }
    let bits: Vec<(f64, f64)> = pairs
        .patterns
        .iter()
        .zip(&counts)
        .filter(|(_, c)| **c > 0.0)
        .map(|(p, c)| (model.pattern_bits(p), *c))
        .collect();
    let expected = |prior: f64| {
        bits.iter()
            .map(|&(b, count)| count * super::probability_of(prior + b))
            .sum::<f64>()
    };
    let (mut low, mut high) = (-60.0, 20.0);
    for _ in 0..100 {
        let mid = 0.5 * (low + high);
        if expected(mid) < expected_true {
            low = mid;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

/// Fewest decided pairs from which the prior is set by decisions rather than by EM's count.
pub const MIN_DECISIONS_FOR_PRIOR: usize = 30;

/// Finds the prior at which `model` expects as many confirmed pairs among the decided pairs as
/// officers confirmed, by bisection.
fn fit_prior_to_decisions(pairs: &FitPairs, model: &Model, confirmed: f64) -> f64 {
    let bits: Vec<f64> = pairs
        .decided
        .iter()
        .map(|&(p, _)| model.pattern_bits(&pairs.patterns[p as usize]))
        .collect();
    let expected = |prior: f64| {
        bits.iter()
            .map(|&b| super::probability_of(prior + b))
            .sum::<f64>()
    };
    let (mut low, mut high) = (-60.0, 20.0);
    for _ in 0..100 {
        let mid = 0.5 * (low + high);
        if expected(mid) < confirmed {
            low = mid;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

/// Outcome of [`em_fixed_m`].
struct SessionFit {
    expected_true: f64,
    rounds: usize,
}

/// Weight of the random pairs' u in [`em_fixed_m`], in pairs. With m fixed, EM has a degenerate
/// fixed point: no true pairs, and u equal to the candidates' own levels.
///
/// A group that blocking fills mostly with true pairs leaves few candidates unrelated. Measured
/// from them alone, u slides to that fixed point within a few rounds, because each true pair
/// counted as unrelated raises u and so lowers the next round's count. Holding u near the random
/// pairs' rates stops the slide in groups of a few thousand pairs, while groups of many
/// thousands still measure their own u.
const U_PRIOR_PAIRS: f64 = 1000.0;

/// EM with m fixed over every candidate: measures the unrelated candidates' u and the expected
/// number of true pairs.
fn em_fixed_m(
    pairs: &FitPairs,
    keep: &(dyn Fn(&Pattern) -> bool + Sync),
    m: &[Vec<f64>],
    u_start: &[Vec<f64>],
    options: EstimateOptions,
) -> SessionFit {
    let mut u = u_start.to_vec();
    let kept = likelihoods(&pairs.patterns, keep, &[], m, u_start);
    let total = (pairs
        .pair_pattern
        .iter()
        .filter(|&&p| kept[p as usize] > 0.0)
        .count() as f64)
        .max(1.0);
    // At most one true pair per found report.
    let max_share = (pairs.kept_groups(&kept) / total).clamp(1e-9, 0.5);
    let mut share: f64 = 0.5 * max_share;
    let mut expected_true = 0.0;
    let mut rounds = 0;
    for _ in 0..options.max_rounds {
        rounds += 1;
        let likelihood = likelihoods(&pairs.patterns, keep, &[], m, &u);
        let (unmatched, true_pairs) = pairs.expect_independent(&likelihood, share);
        let new_u = normalise(&pairs.level_counts(&unmatched), u_start, U_PRIOR_PAIRS);
        let new_share = (true_pairs / total).clamp(1e-9, max_share);
        let moved = max_change(&u, &new_u) + (new_share - share).abs();
        u = new_u;
        share = new_share;
        expected_true = true_pairs + pairs.decided.iter().filter(|d| d.1).count() as f64;
        if moved < 1e-6 {
            break;
        }
    }
    SessionFit {
        expected_true,
        rounds,
    }
}

/// Lowest name level counted as agreement by the first EM session: 6 to 9 bits, a given name of
/// ordinary frequency.
const NAME_AGREES: u8 = 5;

/// Outcome of [`em_session`].
struct Session {
    /// Estimated m, unchanged for ignored fields.
    m: Vec<Vec<f64>>,
    rounds: usize,
    /// [`Expectation::sure_unnamed`] of the last round.
    sure_unnamed: f64,
}

/// Runs one EM session over the candidates `keep` accepts, ignoring the `ignored` fields.
fn em_session(
    pairs: &FitPairs,
    keep: &(dyn Fn(&Pattern) -> bool + Sync),
    ignored: &[usize],
    start: &[Vec<f64>],
    u: &[Vec<f64>],
    prior_m: &[Vec<f64>],
    options: EstimateOptions,
) -> Session {
    // Pairs the session leaves out have likelihood 0 and add nothing, so each round skips them.
    let pairs = &pairs.restricted(keep);
    let mut share: f64 = 0.5;
    let mut m = start.to_vec();
    // Unrelated pairs inside a session are not random pairs: two children from one district share
    // surnames and languages far more often than two from anywhere. The session keeps its own u,
    // starting from the random pairs' rates; only its m leaves the session.
    let mut u_session = u.to_vec();
    let mut rounds = 0;
    let mut sure_unnamed = 0.0;
    for _ in 0..options.max_rounds {
        rounds += 1;
        let likelihood = likelihoods(&pairs.patterns, keep, ignored, &m, &u_session);
        let expected = pairs.expect(&likelihood, share);
        sure_unnamed = expected.sure_unnamed;
        let (matched, unmatched) = join(
            || pairs.level_counts(&expected.matched),
            || pairs.level_counts(&expected.unmatched),
        );
        let mut new_m = normalise(&matched, prior_m, options.prior_pairs);
        for &f in ignored {
            new_m[f] = m[f].clone();
        }
        u_session = normalise(&unmatched, u, 1.0);
        let groups = expected.kept_groups.max(1.0);
        let new_share = (expected.true_pairs / groups).clamp(1e-6, 1.0 - 1e-6);
        let moved = max_change(&m, &new_m) + (new_share - share).abs();
        m = new_m;
        share = new_share;
        if moved < 1e-5 {
            break;
        }
    }
    Session {
        m,
        rounds,
        sure_unnamed,
    }
}

/// Counts the fields other than the name that are given on both sides of at least a tenth of the
/// undecided candidate pairs and put at least one in 200 of those pairs outside their commonest
/// level. A field that every pair shares, such as a fill-in date, carries no evidence.
fn fields_besides_name(pairs: &FitPairs) -> usize {
    let total = pairs.pair_pattern.len() as f64;
    pairs
        .level_counts(&pairs.counts)
        .iter()
        .enumerate()
        .filter(|&(f, _)| f != field::NAME)
        .filter(|(_, levels)| {
            let given: f64 = levels.iter().skip(1).sum();
            let largest = levels.iter().skip(1).copied().fold(0.0, f64::max);
            given >= 0.1 * total && largest <= 0.995 * given
        })
        .count()
}

/// Runs two computations, in parallel when the `parallel` feature is on.
fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// Adds two tables of level counts.
#[cfg(feature = "parallel")]
fn add_counts(mut a: Vec<Vec<f64>>, b: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    for (x, y) in a.iter_mut().flatten().zip(b.iter().flatten()) {
        *x += y;
    }
    a
}

fn zeroed() -> Vec<Vec<f64>> {
    FIELDS.iter().map(|f| vec![0.0; f.levels.len()]).collect()
}

/// Turns level counts into rates over the non-missing levels, after adding `pseudo` pairs spread
/// as `prior` is. Level 0 stays 1.
fn normalise(counts: &[Vec<f64>], prior: &[Vec<f64>], pseudo: f64) -> Vec<Vec<f64>> {
    counts
        .iter()
        .zip(prior)
        .map(|(levels, prior)| {
            let seen: f64 = levels.iter().skip(1).sum();
            let prior_sum: f64 = prior.iter().skip(1).sum();
            levels
                .iter()
                .enumerate()
                .map(|(l, &count)| {
                    if l == 0 {
                        return 1.0;
                    }
                    let from_prior = pseudo * prior[l] / prior_sum.max(1e-12);
                    ((count + from_prior) / (seen + pseudo)).max(1e-9)
                })
                .collect()
        })
        .collect()
}

fn max_change(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// Returns the pattern of every `(missing, found)` pair of `pairs`, in the order given.
///
/// The pairs are compared in order of the missing report, so each missing report's features,
/// which sit behind several pointers, are read from memory once for all its pairs. A fit's
/// sample usually has far fewer found reports than missing ones, so those stay in the cache.
pub(super) fn patterns_of(
    missing: &[Features],
    found: &[Features],
    pairs: &[(u32, u32)],
) -> Vec<Pattern> {
    let mut order: Vec<u32> =
        (0..u32::try_from(pairs.len()).expect("fewer than 2^32 fit pairs")).collect();
    order.sort_unstable_by_key(|&at| pairs[at as usize]);
    let pattern_at = |&at: &u32| {
        let (m, f) = pairs[at as usize];
        super::pattern(&missing[m as usize], &found[f as usize])
    };
    #[cfg(feature = "parallel")]
    let in_order: Vec<Pattern> = {
        use rayon::prelude::*;
        order.par_iter().map(pattern_at).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let in_order: Vec<Pattern> = order.iter().map(pattern_at).collect();
    let mut patterns = vec![[0u8; FIELD_COUNT]; pairs.len()];
    for (&at, pattern) in order.iter().zip(in_order) {
        patterns[at as usize] = pattern;
    }
    patterns
}

/// Measures u on random pairs. A level seen fewer than [`MIN_LEVEL_COUNT`] times keeps the
/// hand-written u, scaled to the measured share of non-missing comparisons.
fn random_pair_rates(
    missing: &[Features],
    found: &[Features],
    base: &Model,
    options: EstimateOptions,
) -> Vec<Vec<f64>> {
    // The pairs are drawn in one sequence and compared in parallel. Counts are whole numbers, so
    // the order of adding them changes nothing.
    let mut rng = SplitMix(options.seed);
    let mut drawn: Vec<(usize, usize)> = (0..options.random_pairs)
        .map(|_| {
            let m = (rng.next() % missing.len() as u64) as usize;
            let f = (rng.next() % found.len() as u64) as usize;
            (m, f)
        })
        .collect();
    // The pairs are compared in bands of missing reports, and in found order within a band. The
    // features of both sides are then read from memory about once per band, not once per pair.
    drawn.sort_unstable_by_key(|&(m, f)| (m / RANDOM_PAIR_BAND, f, m));
    let count = |mut counts: Vec<Vec<f64>>, &(m, f): &(usize, usize)| {
        for (field, &l) in super::pattern(&missing[m], &found[f]).iter().enumerate() {
            counts[field][usize::from(l)] += 1.0;
        }
        counts
    };
    #[cfg(feature = "parallel")]
    let counts = {
        use rayon::prelude::*;
        drawn
            .par_iter()
            .with_min_len(4096)
            .fold(zeroed, count)
            .reduce(zeroed, add_counts)
    };
    #[cfg(not(feature = "parallel"))]
    let counts = drawn.iter().fold(zeroed(), count);
    counts
        .iter()
        .enumerate()
        .map(|(f, levels)| {
            let seen: f64 = levels.iter().skip(1).sum();
            levels
                .iter()
                .enumerate()
                .map(|(l, &count)| {
                    if l == 0 {
                        1.0
                    } else if count >= MIN_LEVEL_COUNT {
                        count / seen
                    } else {
                        base.u[f][l]
                    }
                })
                .collect()
        })
        .collect()
}

/// Number of missing reports per band in which [`random_pair_rates`] compares its pairs in found
/// order. By estimate, a band's features with their names take about a megabyte, which fits in a
/// core's cache.
const RANDOM_PAIR_BAND: usize = 1024;

/// SplitMix64, enough to pick random pairs reproducibly.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
