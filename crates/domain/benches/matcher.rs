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
    DEFAULT_THRESHOLD, Features, MatchIndex, Model, features_of_found, features_of_missing,
    score_pair,
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

    let before = resident_kib();
    let started = Instant::now();
    let mut index = MatchIndex::new();
    for (i, report) in cohort.missing.iter().enumerate() {
        let key = u32::try_from(i).expect("fewer than 2^32 reports");
        index.insert(key, features_of_missing(report));
    }
    let grown = resident_kib().saturating_sub(before);
    eprintln!(
        "indexed {} missing reports in {:.1?}; {}; the index added {} KiB, {} bytes a report",
        index.len(),
        started.elapsed(),
        resident_memory(),
        grown,
        grown * 1024 / index.len().max(1) as u64
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

/// Resident memory of the bench process in KiB, 0 where Linux does not report it.
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|size| size.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
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
    // Criterion reports the mean; the tail needs each query timed on its own.
    let mut times: Vec<f64> = Vec::with_capacity(queries.len() * 5);
    for _ in 0..5 {
        for query in &queries {
            let started = Instant::now();
            black_box(index.best_matches(black_box(query), DEFAULT_THRESHOLD, 20));
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    eprintln!(
        "{} timed queries: median {:.2} ms, 99th percentile {:.2} ms, max {:.2} ms",
        times.len(),
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        times[times.len() - 1]
    );
    let mut next = 0;
    c.bench_function("best_matches, 1 found vs 1,000,000 missing", |b| {
        b.iter(|| {
            let query = &queries[next % queries.len()];
            next += 1;
            black_box(index.best_matches(black_box(query), DEFAULT_THRESHOLD, 20))
        })
    });
}

/// Builds the comparison benches' cohort of 20,000 missing and 500 found reports: the missing
/// reports' features, the found reports' features, and an index of the missing reports.
fn comparison_cohort() -> (Vec<Features>, Vec<Features>, MatchIndex<u32>) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("valid date");
    let cohort = generate(&CohortOptions {
        seed: 3,
        missing: 20_000,
        found: 500,
        true_pairs: 200,
        today,
        districts: Vec::new(),
    });
    let missing: Vec<Features> = cohort.missing.iter().map(features_of_missing).collect();
    let found: Vec<Features> = cohort.found.iter().map(features_of_found).collect();
    let mut index = MatchIndex::new();
    for (i, f) in missing.iter().enumerate() {
        index.insert(i as u32, f.clone());
    }
    (missing, found, index)
}

/// Scored comparisons per second on one core: the candidate pairs blocking gives 500 found
/// reports against 20,000 missing ones, scored one after another as the index ranks them.
fn scored_comparisons(c: &mut Criterion) {
    let (missing, found, index) = comparison_cohort();
    // Each pair names its found report by position, as the batch and the server do: the found
    // report stays in cache while its candidates are scored.
    let pairs: Vec<(u32, u32)> = found
        .iter()
        .enumerate()
        .flat_map(|(f, q)| index.candidates(q).into_iter().map(move |m| (m, f as u32)))
        .take(100_000)
        .collect();
    eprintln!("{} candidate pairs per iteration", pairs.len());
    let model = Model::prior();
    let mut group = c.benchmark_group("scored comparisons");
    group.throughput(criterion::Throughput::Elements(pairs.len() as u64));
    group.bench_function("log_odds over candidate pairs, one core", |b| {
        b.iter(|| {
            pairs
                .iter()
                .map(|&(m, f)| model.log_odds(&missing[m as usize], &found[f as usize]))
                .fold(0.0, |sum, bits| sum + black_box(bits))
        })
    });
    group.finish();
}

/// Scored comparisons per second on one core, along the server's and the batch's path: candidates
/// gathered from the packed index, impossible ones ruled out, the rest scored against packed
/// entries. Only scored pairs are counted, but gathering and ruling out are timed with them.
fn index_comparisons(c: &mut Criterion) {
    let (_, found, index) = comparison_cohort();
    let scored: usize = found
        .iter()
        .map(|q| index.plausible_candidates(q).len())
        .sum();
    let gathered: usize = found.iter().map(|q| index.candidates(q).len()).sum();
    eprintln!("{gathered} candidate pairs gathered per iteration, {scored} of them scored");

    // Inside a pool of one thread the index scores each query's candidates on the calling
    // thread, as it does for a batch that spreads its queries over the pool.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("building a thread pool of one thread");
    let mut group = c.benchmark_group("scored comparisons");
    group.throughput(criterion::Throughput::Elements(scored as u64));
    group.bench_function("packed index, every found report, one core", |b| {
        b.iter(|| {
            pool.install(|| {
                found
                    .iter()
                    .map(|q| index.candidate_log_odds(black_box(q), 0.0).len())
                    .sum::<usize>()
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = one_found_against_a_million
}

criterion_group! {
    name = comparisons;
    config = Criterion::default().sample_size(20);
    targets = scored_comparisons, index_comparisons
}
criterion_main!(benches, comparisons);
