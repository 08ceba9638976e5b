//! Matcher quality on synthetic cohorts: how many true pairs are suggested at the default
//! threshold and how many suggestions are wrong.

use std::collections::HashSet;

use chrono::NaiveDate;
use trackchild_domain::matching::{
    DEFAULT_THRESHOLD, MatchIndex, features_of_found, features_of_missing,
};
use trackchild_domain::synth::{Cohort, CohortOptions, generate};

/// Suggestion counts of one cohort at one threshold.
#[derive(Debug, Default)]
struct Quality {
    true_pairs: usize,
    suggested_true: usize,
    suggested_false: usize,
    true_ranked_first: usize,
}

impl Quality {
    fn recall(&self) -> f64 {
        self.suggested_true as f64 / self.true_pairs as f64
    }

    fn precision(&self) -> f64 {
        self.suggested_true as f64 / (self.suggested_true + self.suggested_false).max(1) as f64
    }
}

fn measure(cohort: &Cohort, threshold: f64) -> Quality {
    let mut index = MatchIndex::new();
    for (i, report) in cohort.missing.iter().enumerate() {
        index.insert(i, features_of_missing(report));
    }
    let truth: HashSet<(usize, usize)> = cohort.truth.iter().copied().collect();
    let mut quality = Quality {
        true_pairs: truth.len(),
        ..Quality::default()
    };
    for (f, report) in cohort.found.iter().enumerate() {
        let hits = index.best_matches(&features_of_found(report), threshold, 10);
        for (rank, (m, _)) in hits.iter().enumerate() {
            if truth.contains(&(*m, f)) {
                quality.suggested_true += 1;
                quality.true_ranked_first += usize::from(rank == 0);
            } else {
                quality.suggested_false += 1;
            }
        }
    }
    quality
}

fn demo_cohort(seed: u64) -> Cohort {
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date");
    generate(&CohortOptions {
        seed,
        missing: 2000,
        found: 500,
        true_pairs: 150,
        today,
        districts: vec![490, 494, 212],
    })
}

fn national_cohort(seed: u64) -> Cohort {
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date");
    generate(&CohortOptions {
        seed,
        missing: 2000,
        found: 500,
        true_pairs: 150,
        today,
        districts: Vec::new(),
    })
}

#[test]
fn national_cohort_recall_and_precision() {
    let cohort = national_cohort(2026);

    let quality = measure(&cohort, DEFAULT_THRESHOLD);

    eprintln!(
        "national: {quality:?} recall {:.3} precision {:.3}",
        quality.recall(),
        quality.precision()
    );
    assert!(quality.recall() >= 0.9, "{quality:?}");
    assert!(quality.precision() >= 0.8, "{quality:?}");
    assert!(
        quality.true_ranked_first as f64 >= 0.95 * quality.suggested_true as f64,
        "{quality:?}"
    );
}

/// The demo cohort crowds 2,000 children into three districts, so unrelated children share a
/// district and a common first name far more often than across India, and precision is lower.
#[test]
fn demo_cohort_recall() {
    let cohort = demo_cohort(2026);

    let quality = measure(&cohort, DEFAULT_THRESHOLD);

    eprintln!(
        "demo: {quality:?} recall {:.3} precision {:.3}",
        quality.recall(),
        quality.precision()
    );
    assert!(quality.recall() >= 0.85, "{quality:?}");
    assert!(
        quality.true_ranked_first as f64 >= 0.9 * quality.suggested_true as f64,
        "{quality:?}"
    );
}

#[test]
fn higher_threshold_trades_recall_for_precision() {
    let cohort = national_cohort(2026);
    let thresholds = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];

    let table: Vec<Quality> = thresholds.iter().map(|&t| measure(&cohort, t)).collect();

    for (t, q) in thresholds.iter().zip(&table) {
        eprintln!(
            "{t:.2}: recall {:.3}, precision {:.3}, {} false",
            q.recall(),
            q.precision(),
            q.suggested_false
        );
    }
    for pair in table.windows(2) {
        assert!(pair[1].recall() <= pair[0].recall());
        assert!(pair[1].suggested_false <= pair[0].suggested_false);
    }
}

/// Within each probability band holding at least 20 scored pairs, the share of true pairs is
/// within 0.2 of the mean predicted probability.
#[test]
fn probabilities_match_observed_rates() {
    for seed in [2026, 7] {
        let cohort = national_cohort(seed);
        let mut index = MatchIndex::new();
        for (i, report) in cohort.missing.iter().enumerate() {
            index.insert(i, features_of_missing(report));
        }
        let truth: HashSet<(usize, usize)> = cohort.truth.iter().copied().collect();
        let edges = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99, 1.01];
        // Per band: scored pairs, true pairs among them, summed probability.
        let mut bands = vec![(0usize, 0usize, 0.0f64); edges.len() - 1];

        for (f, report) in cohort.found.iter().enumerate() {
            for (m, scored) in index.best_matches(&features_of_found(report), 0.01, 1000) {
                let band = edges
                    .windows(2)
                    .position(|w| scored.probability >= w[0] && scored.probability < w[1]);
                let Some(band) = band else { continue };
                bands[band].0 += 1;
                bands[band].1 += usize::from(truth.contains(&(m, f)));
                bands[band].2 += scored.probability;
            }
        }

        for (i, &(scored, true_pairs, summed)) in bands.iter().enumerate() {
            let observed = true_pairs as f64 / scored.max(1) as f64;
            let predicted = summed / scored.max(1) as f64;
            eprintln!(
                "seed {seed} [{:.2}, {:.2}): {scored} pairs, observed {observed:.3}, predicted {predicted:.3}",
                edges[i],
                edges[i + 1]
            );
            if scored >= 20 {
                assert!(
                    (observed - predicted).abs() <= 0.2,
                    "seed {seed}, band {i}: observed {observed}, predicted {predicted}"
                );
            }
        }
    }
}

/// Share of true pairs that reach scoring, and the mean candidate set per found report.
fn blocking_reach(cohort: &Cohort) -> (f64, f64) {
    let mut index = MatchIndex::new();
    for (i, report) in cohort.missing.iter().enumerate() {
        index.insert(i, features_of_missing(report));
    }
    let mut reached = 0;
    let mut candidates = 0;
    for (f, report) in cohort.found.iter().enumerate() {
        let keys: HashSet<usize> = index
            .candidates(&features_of_found(report))
            .into_iter()
            .collect();
        candidates += keys.len();
        reached += cohort
            .truth
            .iter()
            .filter(|&&(m, tf)| tf == f && keys.contains(&m))
            .count();
    }
    (
        reached as f64 / cohort.truth.len() as f64,
        candidates as f64 / cohort.found.len() as f64,
    )
}

#[test]
fn blocking_keeps_true_pairs() {
    for (label, cohort) in [
        ("national", national_cohort(2026)),
        ("demo", demo_cohort(2026)),
    ] {
        let (reach, mean_candidates) = blocking_reach(&cohort);

        eprintln!(
            "{label}: {:.1}% of true pairs reach scoring; {mean_candidates:.0} candidates per query",
            reach * 100.0
        );
        assert!(
            reach >= 0.97,
            "{label}: only {reach:.3} of true pairs reach scoring"
        );
        assert!(
            mean_candidates < cohort.missing.len() as f64 / 2.0,
            "{label}: {mean_candidates} candidates per query"
        );
    }
}
