//! One found report against an index of a million missing reports.
//!
//! Builds a national synthetic cohort of 1,000,000 missing reports and 200 found reports (100 of
//! them true pairs), indexes the missing reports, and times `best_matches` for one found report
//! at a time, cycling through the found reports. Before timing it prints the index build time,
//! the candidate-set sizes and the share of true pairs that reach scoring.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use trackchild_domain::matching::{
    DEFAULT_THRESHOLD, Features, MatchIndex, features_of_found, features_of_missing, score_pair,
};
use trackchild_domain::synth::{CohortOptions, generate};

const MISSING: usize = 1_000_000;
const FOUND: usize = 200;
const TRUE_PAIRS: usize = 100;

fn build() -> (MatchIndex<u32>, Vec<Features>) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date");
    let options = CohortOptions {
        seed: 1,
        missing: MISSING,
        found: FOUND,
        true_pairs: TRUE_PAIRS,
        today,
        districts: Vec::new(),
    };
    let started = Instant::now();
    let cohort = generate(&options);
    eprintln!(
        "generated {MISSING} missing and {FOUND} found reports in {:.1?}",
        started.elapsed()
    );

    let started = Instant::now();
    let mut index = MatchIndex::new();
    for (i, report) in cohort.missing.iter().enumerate() {
        let key = u32::try_from(i).expect("fewer than 2^32 reports");
        index.insert(key, features_of_missing(report));
    }
    eprintln!(
        "indexed {} missing reports in {:.1?}; {}",
        index.len(),
        started.elapsed(),
        resident_memory()
    );

    let queries: Vec<Features> = cohort.found.iter().map(features_of_found).collect();
    let mut sizes: Vec<usize> = Vec::with_capacity(queries.len());
    let (mut reached, mut suggestible, mut suggestible_reached) = (0, 0, 0);
    for (f, query) in queries.iter().enumerate() {
        let candidates: HashSet<u32> = index.candidates(query).into_iter().collect();
        sizes.push(candidates.len());
        for &(m, _) in cohort.truth.iter().filter(|&&(_, tf)| tf == f) {
            let reaches = candidates.contains(&(m as u32));
            let scored = score_pair(&features_of_missing(&cohort.missing[m]), query);
            let above = scored.probability >= DEFAULT_THRESHOLD;
            reached += usize::from(reaches);
            suggestible += usize::from(above);
            suggestible_reached += usize::from(above && reaches);
        }
    }
    sizes.sort_unstable();
    eprintln!(
        "candidates per query: median {}, 90th percentile {}, max {}",
        sizes[sizes.len() / 2],
        sizes[sizes.len() * 9 / 10],
        sizes[sizes.len() - 1],
    );
    eprintln!(
        "{reached} of {} true pairs reach scoring; of the {suggestible} that score above the threshold, {suggestible_reached} do",
        cohort.truth.len()
    );
    (index, queries)
}

/// Resident memory of the bench process (cohort and index together), where Linux reports it.
fn resident_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    match status.lines().find_map(|line| line.strip_prefix("VmRSS:")) {
        Some(size) => format!("resident memory {}", size.trim()),
        None => "resident memory unknown".to_string(),
    }
}

fn one_found_against_a_million(c: &mut Criterion) {
    let (index, queries) = build();
    let mut next = 0;
    c.bench_function("best_matches, 1 found vs 1,000,000 missing", |b| {
        b.iter(|| {
            let query = &queries[next % queries.len()];
            next += 1;
            black_box(index.best_matches(black_box(query), DEFAULT_THRESHOLD, 20))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = one_found_against_a_million
}
criterion_main!(benches);
