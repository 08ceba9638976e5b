//! Probabilities that take the other candidates into account.
//!
//! The model scores each pair on its own. But a found child is at most one missing child, and a
//! missing child is found once: when two missing reports both fit a found report well, at most
//! one of them is right. [`one_to_one`] turns the pairwise log-odds of every scored pair into the
//! probability of the pair within a one-to-one assignment.
//!
//! For a pair with odds `o` (prior included), let `F` be the sum of the odds of the found report's
//! other candidates and `M` that of the missing report's other candidates. Counting the
//! assignments that touch either report, with at most one other pair on each side, gives
//! `o / (o + (1 + F)(1 + M))`. A pair with no rivals keeps its pairwise probability. A pair whose
//! rivals together fit as well as it does drops to about a half or below.

use std::collections::HashMap;

use crate::codes::ReportKind;

use super::{Features, Model};

/// Log2-odds at or below which a pair adds nothing measurable to a rival's denominator.
const NEGLIGIBLE_BITS: f64 = -60.0;

/// One scored pair: positions of the missing and the found report, and the pair's log2-odds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairBits {
    pub missing: u32,
    pub found: u32,
    pub bits: f64,
}

/// Probability at or above which two reports of one kind count as two filings of one child, for
/// instance one child reported at two police stations.
pub const DUPLICATE_THRESHOLD: f64 = 0.5;

/// Log2-odds, shift included, below which a rival is not checked for being another filing of the
/// child: odds of 1/16, which cost a pair at most 0.09 bits.
pub const DUPLICATE_CHECK_BITS: f64 = -4.0;

/// Strongest candidates of one report that [`SameChild::among`] compares two by two. Two filings
/// of one child fit its match about equally well, so they rank together near the top.
const MAX_FILINGS_CHECKED: usize = 8;

/// Reports of one kind that are likely two filings of one child, by position. Such reports do not
/// count as each other's rivals: when one fits a child, so does the other, and both pairs are
/// right.
#[derive(Debug, Clone, Default)]
pub struct SameChild {
    missing: HashMap<u32, Vec<u32>>,
    found: HashMap<u32, Vec<u32>>,
}

impl SameChild {
    /// Records that reports `a` and `b` of `kind` likely describe one child.
    pub fn add(&mut self, kind: ReportKind, a: u32, b: u32) {
        let side = match kind {
            ReportKind::Missing => &mut self.missing,
            ReportKind::Found => &mut self.found,
        };
        side.entry(a).or_default().push(b);
        side.entry(b).or_default().push(a);
    }

    /// Finds the likely second filings among the strong candidates of each report in `pairs`,
    /// whose positions index `missing` and `found`. The [`MAX_FILINGS_CHECKED`] best candidates
    /// that could weigh at least [`DUPLICATE_CHECK_BITS`] after the largest shift are compared,
    /// two by two, under `model`.
    pub fn among(
        pairs: &[PairBits],
        missing: &[Features],
        found: &[Features],
        model: &Model,
    ) -> Self {
        let strong: Vec<&PairBits> = pairs
            .iter()
            .filter(|p| p.bits + MAX_SHIFT_BITS >= DUPLICATE_CHECK_BITS)
            .collect();
        let mut same = SameChild::default();
        // Two missing reports are checked when both are strong candidates of one found report,
        // and two found reports when both are strong candidates of one missing report.
        for (reports, kind) in [(missing, ReportKind::Missing), (found, ReportKind::Found)] {
            let mut by_report: Vec<(u32, u32, f64)> = strong
                .iter()
                .map(|p| match kind {
                    ReportKind::Missing => (p.found, p.missing, p.bits),
                    ReportKind::Found => (p.missing, p.found, p.bits),
                })
                .collect();
            by_report.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.2.total_cmp(&x.2)));
            let mut checked: Vec<(u32, u32)> = Vec::new();
            for group in by_report.chunk_by(|x, y| x.0 == y.0) {
                let group = &group[..group.len().min(MAX_FILINGS_CHECKED)];
                for (i, &(_, a, _)) in group.iter().enumerate() {
                    for &(_, b, _) in &group[i + 1..] {
                        checked.push((a.min(b), a.max(b)));
                    }
                }
            }
            checked.sort_unstable();
            checked.dedup();
            let is_same = |&(a, b): &(u32, u32)| {
                model.duplicate_probability(&reports[a as usize], &reports[b as usize])
                    >= DUPLICATE_THRESHOLD
            };
            #[cfg(feature = "parallel")]
            let found_same: Vec<(u32, u32)> = {
                use rayon::prelude::*;
                checked.into_par_iter().filter(is_same).collect()
            };
            #[cfg(not(feature = "parallel"))]
            let found_same: Vec<(u32, u32)> = checked.into_iter().filter(is_same).collect();
            for (a, b) in found_same {
                same.add(kind, a, b);
            }
        }
        same
    }
}

/// Sum of the odds of one report's candidates. The largest term is stored apart, so that the sum
/// of the others can be read for any one of them without cancellation.
#[derive(Debug, Clone, Copy, Default)]
struct Rivals {
    largest: f64,
    /// Input position of the pair whose odds are `largest`.
    largest_at: Option<usize>,
    rest: f64,
}

impl Rivals {
    fn add(&mut self, at: usize, odds: f64) {
        if self.largest_at.is_none() || odds > self.largest {
            self.rest += if self.largest_at.is_some() {
                self.largest
            } else {
                0.0
            };
            self.largest = odds;
            self.largest_at = Some(at);
        } else {
            self.rest += odds;
        }
    }

    /// Sum of the odds of every candidate except the pair at `at`, whose odds are `odds`.
    fn others(&self, at: usize, odds: f64) -> f64 {
        if self.largest_at == Some(at) {
            self.rest
        } else {
            (self.largest + self.rest - odds).max(0.0)
        }
    }
}

/// Returns the one-to-one probability of every pair, in the order given, after adding `shift`
/// bits to every pair's log2-odds (see [`one_to_one_shift`]; 0 leaves them as they are).
///
/// `pairs` should contain every scored candidate pair, low ones included, since each one's odds
/// count against its rivals. A pair listed twice counts as its own rival. Reports recorded in
/// `same` as filings of one child are not each other's rivals.
pub fn one_to_one(pairs: &[PairBits], shift: f64, same: &SameChild) -> Vec<f64> {
    Assignment::new(pairs, same).probabilities(shift)
}

/// Returns the log2-odds to add to every pair before [`one_to_one`] so that the one-to-one
/// probabilities sum to what the pairwise ones do; see [`Assignment::shift`].
pub fn one_to_one_shift(pairs: &[PairBits], same: &SameChild) -> f64 {
    Assignment::new(pairs, same).shift()
}

/// Scored pairs of one run with the summed odds of each pair's rivals, computed once for both
/// [`Assignment::shift`] and [`Assignment::probabilities`].
pub struct Assignment<'a> {
    pairs: &'a [PairBits],
    /// Unshifted odds of each pair, so the passes of [`Assignment::shift`] need no exponential.
    odds: Vec<f64>,
    /// Unshifted odds of the found report's other candidates and of the missing report's.
    rivals: Vec<(f64, f64)>,
}

impl<'a> Assignment<'a> {
    /// Sums the rivals of every pair in `pairs`, as [`one_to_one`] describes.
    pub fn new(pairs: &'a [PairBits], same: &SameChild) -> Self {
        #[cfg(feature = "parallel")]
        let odds: Vec<f64> = {
            use rayon::prelude::*;
            pairs
                .par_iter()
                .with_min_len(4096)
                .map(|pair| odds_of(pair.bits))
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let odds: Vec<f64> = pairs.iter().map(|pair| odds_of(pair.bits)).collect();
        let rivals = rival_odds(pairs, &odds, same);
        Assignment {
            pairs,
            odds,
            rivals,
        }
    }

    /// Returns the one-to-one probability of every pair, in the order given, after adding
    /// `shift` bits to every pair's log2-odds.
    pub fn probabilities(&self, shift: f64) -> Vec<f64> {
        let scale = shift.exp2();
        let probability = |(&odds, &(found, missing)): (&f64, &(f64, f64))| {
            shifted_probability(odds, scale, found, missing)
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.odds
                .par_iter()
                .zip(self.rivals.par_iter())
                .with_min_len(4096)
                .map(probability)
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            self.odds
                .iter()
                .zip(&self.rivals)
                .map(probability)
                .collect()
        }
    }

    /// Returns the position and one-to-one probability of every pair whose probability, after
    /// adding `shift` bits, is at least `floor`, in the order given: [`Assignment::probabilities`]
    /// filtered, without a vector as long as the pairs.
    pub fn probabilities_at_least(&self, shift: f64, floor: f64) -> Vec<(usize, f64)> {
        let scale = shift.exp2();
        let at_floor = |(at, (&odds, &(found, missing))): (usize, (&f64, &(f64, f64)))| {
            let probability = shifted_probability(odds, scale, found, missing);
            (probability >= floor).then_some((at, probability))
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.odds
                .par_iter()
                .zip(self.rivals.par_iter())
                .enumerate()
                .with_min_len(4096)
                .filter_map(at_floor)
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            self.odds
                .iter()
                .zip(&self.rivals)
                .enumerate()
                .filter_map(at_floor)
                .collect()
        }
    }

    /// Returns the log2-odds to add to every pair before [`Assignment::probabilities`] so that
    /// the one-to-one probabilities sum to what the pairwise ones do.
    ///
    /// A model's prior is fitted so that the pairwise probabilities of the candidate pairs add up
    /// to the number of true pairs EM counts among them. The one-to-one probabilities are lower
    /// wherever pairs compete, so without this shift they would expect fewer true pairs than EM
    /// counted. The search is regula falsi with the Illinois modification, which needs fewer
    /// passes over the pairs than halving does. It stops once the two sums agree within
    /// [`SUM_TOLERANCE`] of the pairwise one, or the shift is known within
    /// [`SHIFT_TOLERANCE_BITS`].
    pub fn shift(&self) -> f64 {
        let pairwise_of = |pair: &PairBits| {
            if counts_for_shift(pair) {
                super::probability_of(pair.bits)
            } else {
                0.0
            }
        };
        #[cfg(feature = "parallel")]
        let pairwise: f64 = {
            use rayon::prelude::*;
            self.pairs
                .par_iter()
                .with_min_len(4096)
                .map(pairwise_of)
                .sum()
        };
        #[cfg(not(feature = "parallel"))]
        let pairwise: f64 = self.pairs.iter().map(pairwise_of).sum();
        if pairwise <= 0.0 {
            return 0.0;
        }
        // The one-to-one total never exceeds the pairwise one at shift 0 and grows with the
        // shift, so `gap` rises through zero between 0 and the largest shift.
        let gap = |shift: f64| self.counted_total(shift) - pairwise;
        let (mut low, mut high) = (0.0, MAX_SHIFT_BITS);
        let (mut gap_low, mut gap_high) = (gap(low), gap(high));
        if gap_low >= -SUM_TOLERANCE * pairwise {
            return 0.0;
        }
        if gap_high <= 0.0 {
            return high;
        }
        // The side that stayed put last time, whose gap the Illinois step halves.
        let mut kept: Option<bool> = None;
        while high - low > SHIFT_TOLERANCE_BITS {
            let middle = (low * gap_high - high * gap_low) / (gap_high - gap_low);
            // Regula falsi can creep along one side; halving keeps each pass a real cut.
            let middle = if middle - low < SHIFT_TOLERANCE_BITS / 4.0
                || high - middle < SHIFT_TOLERANCE_BITS / 4.0
            {
                (low + high) / 2.0
            } else {
                middle
            };
            let gap_middle = gap(middle);
            if gap_middle.abs() <= SUM_TOLERANCE * pairwise {
                return middle;
            }
            if gap_middle < 0.0 {
                (low, gap_low) = (middle, gap_middle);
                if kept == Some(true) {
                    gap_high /= 2.0;
                }
                kept = Some(true);
            } else {
                (high, gap_high) = (middle, gap_middle);
                if kept == Some(false) {
                    gap_low /= 2.0;
                }
                kept = Some(false);
            }
        }
        (low + high) / 2.0
    }

    /// Returns the sum of the one-to-one probabilities under `shift` of the pairs that
    /// [`counts_for_shift`] keeps.
    fn counted_total(&self, shift: f64) -> f64 {
        let scale = shift.exp2();
        let probability = |((pair, &odds), &(found, missing)): ((&PairBits, &f64), &(f64, f64))| {
            if counts_for_shift(pair) {
                shifted_probability(odds, scale, found, missing)
            } else {
                0.0
            }
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.pairs
                .par_iter()
                .zip(self.odds.par_iter())
                .zip(self.rivals.par_iter())
                .with_min_len(4096)
                .map(probability)
                .sum::<f64>()
        }
        #[cfg(not(feature = "parallel"))]
        {
            self.pairs
                .iter()
                .zip(&self.odds)
                .zip(&self.rivals)
                .map(probability)
                .sum::<f64>()
        }
    }
}

/// Returns whether a pair enters the sums that [`Assignment::shift`] balances. Pairs that stay
/// below 2^-30 even after the largest shift add almost nothing to either sum: under 0.001 for
/// every million of them, against sums in the hundreds or thousands.
fn counts_for_shift(pair: &PairBits) -> bool {
    pair.bits + MAX_SHIFT_BITS > -30.0
}

/// Share of the pairwise sum within which the shifted sum counts as equal to it.
const SUM_TOLERANCE: f64 = 1e-4;

/// For every pair, the summed odds of the found report's other candidates and of the missing
/// report's other candidates, unshifted, leaving out the pairs of other filings of the same child.
/// `odds` contains the odds of each pair of `pairs`, from [`odds_of`].
fn rival_odds(pairs: &[PairBits], odds: &[f64], same: &SameChild) -> Vec<(f64, f64)> {
    let groups = |of: fn(&PairBits) -> u32| {
        let size = pairs.iter().map(|p| of(p) as usize + 1).max().unwrap_or(0);
        let mut rivals = vec![Rivals::default(); size];
        for (at, (pair, &odds)) in pairs.iter().zip(odds).enumerate() {
            if pair.bits > NEGLIGIBLE_BITS {
                rivals[of(pair) as usize].add(at, odds);
            }
        }
        rivals
    };
    #[cfg(feature = "parallel")]
    let (by_found, by_missing) = rayon::join(|| groups(|p| p.found), || groups(|p| p.missing));
    #[cfg(not(feature = "parallel"))]
    let (by_found, by_missing) = (groups(|p| p.found), groups(|p| p.missing));

    // Which reports have another filing, by position, so that most pairs need no hash lookup.
    let flags = |filings: &HashMap<u32, Vec<u32>>| {
        let size = filings.keys().map(|&k| k as usize + 1).max().unwrap_or(0);
        let mut flags = vec![false; size];
        for &report in filings.keys() {
            flags[report as usize] = true;
        }
        flags
    };
    let (missing_flags, found_flags) = (flags(&same.missing), flags(&same.found));
    let flagged = |flags: &[bool], report: u32| flags.get(report as usize) == Some(&true);
    // Odds of the pairs that touch a report with another filing, by (missing, found).
    let touching: HashMap<(u32, u32), f64> = pairs
        .iter()
        .filter(|p| flagged(&missing_flags, p.missing) || flagged(&found_flags, p.found))
        .filter(|p| p.bits > NEGLIGIBLE_BITS)
        .map(|p| ((p.missing, p.found), odds_of(p.bits)))
        .collect();
    let filings_odds = |others: Option<&Vec<u32>>, pair_of: &dyn Fn(u32) -> (u32, u32)| -> f64 {
        others.map_or(0.0, |others| {
            others
                .iter()
                .filter_map(|&other| touching.get(&pair_of(other)))
                .sum()
        })
    };

    let rivals_of = |(at, (pair, &odds)): (usize, (&PairBits, &f64))| {
        let mut found_rivals = by_found[pair.found as usize].others(at, odds);
        let mut missing_rivals = by_missing[pair.missing as usize].others(at, odds);
        // The other filings of this missing child compete for the found child only in
        // appearance, and the same for the other filings of this found child.
        if flagged(&missing_flags, pair.missing) {
            found_rivals -= filings_odds(same.missing.get(&pair.missing), &|m| (m, pair.found));
        }
        if flagged(&found_flags, pair.found) {
            missing_rivals -= filings_odds(same.found.get(&pair.found), &|f| (pair.missing, f));
        }
        (found_rivals.max(0.0), missing_rivals.max(0.0))
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        pairs
            .par_iter()
            .zip(odds)
            .enumerate()
            .with_min_len(4096)
            .map(rivals_of)
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        pairs.iter().zip(odds).enumerate().map(rivals_of).collect()
    }
}

/// Returns the one-to-one probability of a pair from its unshifted odds and rival odds, once every
/// pair gains shift bits (`scale` is 2^shift). In log2 terms the pair's odds are
/// `bits + shift - log2(1 + scale F) - log2(1 + scale M)`. In odds they are
/// `scale o / ((1 + scale F) (1 + scale M))`, which needs no logarithm. Odds stay below 2^530 (a
/// million rivals of 2^500 each), far from overflow.
fn shifted_probability(odds: f64, scale: f64, found: f64, missing: f64) -> f64 {
    let odds = scale * odds / ((1.0 + scale * found) * (1.0 + scale * missing));
    odds / (1.0 + odds)
}

/// Largest shift [`Assignment::shift`] returns.
const MAX_SHIFT_BITS: f64 = 4.0;
/// Width of the interval the shift is known to lie in when the search stops: below the weights'
/// two decimals.
const SHIFT_TOLERANCE_BITS: f64 = 1.0 / 256.0;

/// Returns the log2-odds that a pair loses to its rivals, `log2(1 + F) + log2(1 + M)` in the
/// terms of [`one_to_one`], computed for one pair at a time.
///
/// `first_side` contains the log2-odds of every candidate of one report of the pair and
/// `second_side` those of the other report, each including the pair itself. Each sum leaves the
/// pair out once, found by its value. A value within [`SAME_PAIR_BITS`] of `pair_bits` counts as
/// the pair, because two ways of summing one pair's weights may differ in the last bits.
pub fn rival_penalty(pair_bits: f64, first_side: &[f64], second_side: &[f64]) -> f64 {
    let others = |side: &[f64]| {
        let mut skipped = false;
        side.iter()
            .filter(|&&bits| {
                if !skipped && (bits - pair_bits).abs() <= SAME_PAIR_BITS {
                    skipped = true;
                    false
                } else {
                    bits > NEGLIGIBLE_BITS
                }
            })
            .map(|&bits| odds_of(bits))
            .sum::<f64>()
    };
    (others(first_side).ln_1p() + others(second_side).ln_1p()) / std::f64::consts::LN_2
}

/// Largest difference between two computations of one pair's log2-odds.
const SAME_PAIR_BITS: f64 = 1e-9;

/// Odds of log2-odds, bounded so that no sum of them overflows.
fn odds_of(bits: f64) -> f64 {
    bits.clamp(-MAX_BITS, MAX_BITS).exp2()
}

/// Log2-odds beyond which a pair is certain either way; far above any sum of field weights.
const MAX_BITS: f64 = 500.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(missing: u32, found: u32, probability: f64) -> PairBits {
        PairBits {
            missing,
            found,
            bits: (probability / (1.0 - probability)).log2(),
        }
    }

    #[test]
    fn lone_pair_keeps_probability() {
        let p = one_to_one(
            &[pair(0, 0, 0.8), pair(1, 1, 0.3)],
            0.0,
            &SameChild::default(),
        );
        assert!((p[0] - 0.8).abs() < 1e-9, "{p:?}");
        assert!((p[1] - 0.3).abs() < 1e-9, "{p:?}");
    }

    #[test]
    fn strong_rivals_share_found_report() {
        // Each alone would be 0.9; together each is right at most half the time.
        let p = one_to_one(
            &[pair(0, 0, 0.9), pair(1, 0, 0.9)],
            0.0,
            &SameChild::default(),
        );
        assert!(p[0] < 0.5, "{p:?}");
        assert!(p[0] > 0.4, "{p:?}");
        assert!((p[0] - p[1]).abs() < 1e-12, "{p:?}");
    }

    #[test]
    fn better_pair_takes_missing_report() {
        let p = one_to_one(
            &[pair(0, 0, 0.999), pair(0, 1, 0.6)],
            0.0,
            &SameChild::default(),
        );
        assert!(p[0] > 0.99, "{p:?}");
        assert!(p[1] < 0.01, "{p:?}");
    }

    #[test]
    fn probabilities_at_least_filters_in_order() {
        let pairs = [
            pair(0, 0, 0.9),
            pair(1, 0, 0.2),
            pair(1, 1, 0.7),
            pair(2, 1, 0.01),
            pair(2, 2, 0.5),
        ];
        let same = SameChild::default();
        let assignment = Assignment::new(&pairs, &same);
        let all = assignment.probabilities(0.5);
        let floor = all[4];
        let above = assignment.probabilities_at_least(0.5, floor);
        let expected: Vec<(usize, f64)> = all
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, p)| p >= floor)
            .collect();
        assert_eq!(above, expected);
        // The pair at the floor is kept, and some pairs fall below it.
        assert!(above.iter().any(|&(at, _)| at == 4), "{above:?}");
        assert!(above.len() < pairs.len(), "{above:?}");
        assert!(above.len() > 1, "{above:?}");
    }

    #[test]
    fn dominant_pair_survives_rounding() {
        // 2^80 against rivals of odds about 1: subtracting the pair from its group's sum would
        // leave nothing of the rivals.
        let pairs = [
            PairBits {
                missing: 0,
                found: 0,
                bits: 80.0,
            },
            PairBits {
                missing: 1,
                found: 0,
                bits: 0.0,
            },
        ];
        let p = one_to_one(&pairs, 0.0, &SameChild::default());
        assert!(p[0] > 0.999_999, "{p:?}");
        // The weak pair's rival has odds 2^80, so it is all but ruled out.
        assert!(p[1] < 1e-20, "{p:?}");
    }

    #[test]
    fn rival_penalty_matches_one_to_one() {
        let pairs = [
            pair(0, 0, 0.9),
            pair(1, 0, 0.6),
            pair(0, 1, 0.2),
            pair(2, 2, 0.7),
        ];
        let all = one_to_one(&pairs, 0.0, &SameChild::default());
        for (at, p) in pairs.iter().enumerate() {
            let side = |keep: &dyn Fn(&PairBits) -> bool| {
                pairs
                    .iter()
                    .filter(|q| keep(q))
                    .map(|q| q.bits)
                    .collect::<Vec<_>>()
            };
            let found_side = side(&|q| q.found == p.found);
            let missing_side = side(&|q| q.missing == p.missing);
            let penalty = rival_penalty(p.bits, &found_side, &missing_side);
            let alone = super::super::probability_of(p.bits - penalty);
            assert!(
                (alone - all[at]).abs() < 1e-12,
                "{at}: {alone} against {}",
                all[at]
            );
        }
        assert_eq!(rival_penalty(3.0, &[3.0], &[3.0]), 0.0);
        // The pair found by a sum in another order is still the pair.
        assert_eq!(rival_penalty(3.0, &[3.0 + 1e-12], &[3.0 - 1e-12]), 0.0);
    }

    #[test]
    fn shift_keeps_expected_true_pairs() {
        // Two found children compete for one missing child; two other pairs stand alone.
        let pairs = [
            pair(0, 0, 0.7),
            pair(0, 1, 0.6),
            pair(1, 2, 0.9),
            pair(2, 3, 0.2),
        ];
        let pairwise: f64 = pairs
            .iter()
            .map(|p| super::super::probability_of(p.bits))
            .sum();
        let unshifted: f64 = one_to_one(&pairs, 0.0, &SameChild::default()).iter().sum();
        assert!(unshifted < pairwise - 0.1, "{unshifted} against {pairwise}");
        let shift = one_to_one_shift(&pairs, &SameChild::default());
        assert!(shift > 0.0, "{shift}");
        assert!(shift < MAX_SHIFT_BITS, "{shift}");
        let shifted: f64 = one_to_one(&pairs, shift, &SameChild::default())
            .iter()
            .sum();
        assert!(
            (shifted - pairwise).abs() < 1e-3,
            "{shifted} against {pairwise}"
        );
        // Without rivals nothing needs to move, within the halvings' precision.
        let precision = SHIFT_TOLERANCE_BITS;
        let lone_shift =
            one_to_one_shift(&[pair(0, 0, 0.7), pair(1, 1, 0.2)], &SameChild::default());
        assert!(lone_shift <= precision, "{lone_shift} above {precision}");
        assert_eq!(one_to_one_shift(&[], &SameChild::default()), 0.0);
    }

    #[test]
    fn empty_list_gives_nothing() {
        assert!(one_to_one(&[], 0.0, &SameChild::default()).is_empty());
    }

    #[test]
    fn second_filing_is_no_rival() {
        // Missing reports 0 and 1 are one child filed twice, and both fit found report 0.
        let pairs = [pair(0, 0, 0.9), pair(1, 0, 0.9), pair(2, 0, 0.2)];
        let mut same = SameChild::default();
        same.add(ReportKind::Missing, 0, 1);

        let p = one_to_one(&pairs, 0.0, &same);

        // Only report 2 competes: 9 / (9 + 1.25) for each filing.
        let expected = 9.0 / (9.0 + 1.25);
        assert!((p[0] - expected).abs() < 1e-9, "{p:?}");
        assert!((p[1] - expected).abs() < 1e-9, "{p:?}");
        // Report 2 still meets both filings, which are one child: odds 9 + 9 against it.
        let weak = 0.25 / (0.25 + 19.0);
        assert!((p[2] - weak).abs() < 1e-9, "{p:?}");
    }

    #[test]
    fn same_child_found_among_strong_candidates() {
        use crate::examples::{found_report_example, missing_report_example};
        use crate::input::{parse_found_report, parse_missing_report};

        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date");
        let missing = parse_missing_report(&missing_report_example(), today).expect("valid");
        let found = parse_found_report(&found_report_example(), today).expect("valid");
        let mut brother = missing.clone();
        brother.child.name = Some("Rahul Sunil Jadhav".into());
        brother.child.sex = Some(crate::codes::Sex::Male);
        brother.child.aliases.clear();
        brother.child.age_years_min = Some(9);
        brother.child.age_years_max = Some(9);
        brother.child.height_cm = Some(128.0);
        brother.child.identification_marks.clear();
        let missing = [
            super::super::features_of_missing(&missing),
            super::super::features_of_missing(&missing),
            super::super::features_of_missing(&brother),
        ];
        let found = [super::super::features_of_found(&found)];
        let pairs = [pair(0, 0, 0.9), pair(1, 0, 0.9), pair(2, 0, 0.3)];

        let same = SameChild::among(&pairs, &missing, &found, &Model::prior());

        assert_eq!(same.missing.get(&0), Some(&vec![1]));
        assert_eq!(same.missing.get(&1), Some(&vec![0]));
        assert!(!same.missing.contains_key(&2), "{same:?}");
        assert!(same.found.is_empty(), "{same:?}");
    }
}
