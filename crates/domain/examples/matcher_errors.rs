//! Prints the matcher's figures on a synthetic cohort and the pairs it gets most wrong.
//!
//! `cargo run --release -p trackchild-domain --example matcher_errors -- [SEED] [MISSING] [FOUND]
//! [PAIRS] [SHOWN]` generates a cohort in memory (default seed 1, 20,000 missing, 5,000 found,
//! 2,000 true pairs), indexes the missing reports, queries every found report and prints: the
//! figures `trackchild eval` prints, the candidate-set sizes, the time of each step, and the
//! `SHOWN` highest-scored wrong pairs and lowest-scored true pairs with their explanations. It is
//! for working on the matcher; `trackchild eval` is the measurement of record.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use trackchild_domain::matching::{
    DEFAULT_THRESHOLD, EstimateOptions, Features, MatchIndex, Model, estimate, features_of_found,
    features_of_missing,
};
use trackchild_domain::synth::{CohortOptions, generate};

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let options = CohortOptions {
        seed: arg(1, 1),
        missing: arg(2, 20_000) as usize,
        found: arg(3, 5_000) as usize,
        true_pairs: arg(4, 2_000) as usize,
        today: NaiveDate::from_ymd_opt(2026, 6, 1).expect("valid date"),
        districts: Vec::new(),
    };
    let shown = arg(5, 15) as usize;
    let started = Instant::now();
    let cohort = generate(&options);
    eprintln!("generated in {:.2?}", started.elapsed());

    let started = Instant::now();
    let missing: Vec<Features> = cohort.missing.par_iter().map(features_of_missing).collect();
    let found: Vec<Features> = cohort.found.par_iter().map(features_of_found).collect();
    eprintln!("features in {:.2?}", started.elapsed());

    let started = Instant::now();
    let mut index = MatchIndex::new();
    for (i, f) in missing.iter().enumerate() {
        index.insert(i as u32, f.clone());
    }
    eprintln!("index in {:.2?}", started.elapsed());

    let mode = std::env::args().nth(6).unwrap_or_else(|| "em".into());
    if mode != "prior" {
        let started = Instant::now();
        let candidates: Vec<(u32, u32)> = found
            .par_iter()
            .enumerate()
            .flat_map_iter(|(j, q)| {
                index
                    .plausible_candidates(q)
                    .into_iter()
                    .map(move |m| (m, j as u32))
            })
            .collect();
        let decisions: Vec<(u32, u32, bool)> = if mode == "supervised" {
            let truth: HashSet<(u32, u32)> = cohort
                .truth
                .iter()
                .map(|&(m, f)| (m as u32, f as u32))
                .collect();
            candidates
                .iter()
                .map(|&(m, f)| (m, f, truth.contains(&(m, f))))
                .chain(truth.iter().map(|&(m, f)| (m, f, true)))
                .collect()
        } else {
            Vec::new()
        };
        let fit = estimate(
            &missing,
            &found,
            &candidates,
            &decisions,
            EstimateOptions::default(),
        );
        eprintln!(
            "estimated in {:.2?}: {} rounds, {:.0} expected true pairs among {} candidates, prior {:.2} bits",
            started.elapsed(),
            fit.rounds,
            fit.expected_true_pairs,
            fit.candidate_pairs,
            fit.model.prior_bits
        );
        for row in fit.model.table() {
            println!(
                "  {:10} {:24} m {:.4} u {:.6} w {:+.2}{}",
                row.field,
                row.level,
                row.m,
                row.u,
                row.weight,
                if row.fixed { " fixed" } else { "" }
            );
        }
        index.set_model(fit.model);
        if mode == "officers" {
            // Officers decide the first 400 suggestions at the default threshold, found report by
            // found report; the model is fitted again with those decisions.
            let truth: HashSet<(u32, u32)> = cohort
                .truth
                .iter()
                .map(|&(m, f)| (m as u32, f as u32))
                .collect();
            let mut decided = Vec::new();
            for (j, q) in found.iter().enumerate() {
                for (m, _) in index.best_matches(q, DEFAULT_THRESHOLD, 5) {
                    decided.push((m, j as u32, truth.contains(&(m, j as u32))));
                }
                if decided.len() >= 400 {
                    break;
                }
            }
            let refit = estimate(
                &missing,
                &found,
                &candidates,
                &decided,
                EstimateOptions::default(),
            );
            eprintln!(
                "refitted with {} decisions ({} confirmed): prior {:.2} bits",
                decided.len(),
                decided.iter().filter(|d| d.2).count(),
                refit.model.prior_bits
            );
            index.set_model(refit.model);
        }
    }
    let model: Model = index.model().clone();

    let truth: HashSet<(u32, u32)> = cohort
        .truth
        .iter()
        .map(|&(m, f)| (m as u32, f as u32))
        .collect();
    let mut true_of: HashMap<u32, u32> = HashMap::new();
    for &(m, f) in &truth {
        true_of.insert(f, m);
    }

    let started = Instant::now();
    let sizes: Vec<usize> = found
        .par_iter()
        .map(|q| index.candidates(q).len())
        .collect();
    eprintln!("candidates in {:.2?}", started.elapsed());
    let started = Instant::now();
    let hits: Vec<Vec<(u32, f64)>> = found
        .par_iter()
        .map(|q| {
            index
                .best_matches(q, 0.001, usize::MAX)
                .into_iter()
                .map(|(k, s)| (k, s.probability))
                .collect()
        })
        .collect();
    let query_time = started.elapsed();
    let compared: usize = sizes.iter().sum();
    eprintln!(
        "queries in {query_time:.2?}: {compared} candidates, {:.0} per second",
        compared as f64 / query_time.as_secs_f64()
    );
    let mut sorted = sizes.clone();
    sorted.sort_unstable();
    println!(
        "candidates per query: mean {:.0}, median {}, p90 {}, max {}",
        compared as f64 / sizes.len() as f64,
        sorted[sorted.len() / 2],
        sorted[sorted.len() * 9 / 10],
        sorted[sorted.len() - 1]
    );

    let mut reached = 0;
    let mut lost = Vec::new();
    for (&f, &m) in &true_of {
        if index.candidates(&found[f as usize]).contains(&m) {
            reached += 1;
        } else {
            lost.push((m, f));
        }
    }
    if std::env::var_os("SHOW_LOST").is_some() {
        println!("== true pairs blocking never brings together");
        for &(m, f) in lost.iter().take(shown) {
            show(&model, &cohort, &missing, &found, m, f, 0.0);
        }
    }
    let mut sweep: Vec<(f64, bool)> = Vec::new();
    let (mut suggested, mut right, mut at1, mut at5) = (0, 0, 0, 0);
    let mut wrong: Vec<(f64, u32, u32)> = Vec::new();
    for (f, list) in hits.iter().enumerate() {
        let f = f as u32;
        for (rank, &(m, p)) in list.iter().enumerate() {
            let is_true = truth.contains(&(m, f));
            sweep.push((p, is_true));
            if p >= DEFAULT_THRESHOLD {
                suggested += 1;
                right += usize::from(is_true);
            }
            if !is_true && rank == 0 {
                wrong.push((p, m, f));
            }
        }
        if let Some(&m) = true_of.get(&f) {
            at1 += usize::from(list.iter().take(1).any(|h| h.0 == m));
            at5 += usize::from(list.iter().take(5).any(|h| h.0 == m));
        }
    }
    sweep.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut best, mut best_at) = (0usize, 0.0f64, 0.0);
    for (i, &(p, t)) in sweep.iter().enumerate() {
        tp += usize::from(t);
        let f1 = 2.0 * tp as f64 / ((i + 1) as f64 + truth.len() as f64);
        if f1 > best {
            best = f1;
            best_at = p;
        }
    }
    let n = truth.len() as f64;
    println!(
        "precision {:.4} recall {:.4} best F1 {:.4} (at {:.4}) recall@1 {:.4} recall@5 {:.4} completeness {:.4}",
        right as f64 / suggested.max(1) as f64,
        right as f64 / n,
        best,
        best_at,
        at1 as f64 / n,
        at5 as f64 / n,
        reached as f64 / n
    );
    // Logistic fit of the truth on the current log-odds: the slope and offset a perfectly
    // calibrated model would need on top of this one.
    let rows: Vec<(f64, f64)> = sweep
        .iter()
        .filter(|(p, _)| *p > 1e-9 && *p < 1.0 - 1e-12)
        .map(|&(p, t)| ((p / (1.0 - p)).ln(), if t { 1.0 } else { 0.0 }))
        .collect();
    let (mut a, mut b) = (1.0f64, 0.0f64);
    for _ in 0..50 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, y) in &rows {
            let p = 1.0 / (1.0 + (-(a * x + b)).exp());
            let v = (p * (1.0 - p)).max(1e-12);
            ga += (p - y) * x;
            gb += p - y;
            haa += v * x * x;
            hab += v * x;
            hbb += v;
        }
        let det = haa * hbb - hab * hab;
        a -= (hbb * ga - hab * gb) / det;
        b -= (haa * gb - hab * ga) / det;
    }
    println!(
        "model prior {:.2} bits; truth wants slope {a:.3}, offset {:.2} bits",
        model.prior_bits,
        b / std::f64::consts::LN_2
    );
    let mut bands = [(0usize, 0usize); 10];
    for &(p, t) in &sweep {
        let b = ((p * 10.0) as usize).min(9);
        bands[b].0 += 1;
        bands[b].1 += usize::from(t);
    }
    for (b, (all, t)) in bands.iter().enumerate() {
        println!(
            "band {:.1}-{:.1}: {all} pairs, {:.3} true",
            b as f64 / 10.0,
            (b + 1) as f64 / 10.0,
            *t as f64 / (*all).max(1) as f64
        );
    }

    wrong.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\n== highest wrong pairs (ranked first for their found report)");
    for &(p, m, f) in wrong.iter().take(shown) {
        show(&model, &cohort, &missing, &found, m, f, p);
    }
    let mut missed: Vec<(f64, u32, u32)> = true_of
        .iter()
        .map(|(&f, &m)| {
            let p = model
                .score(&missing[m as usize], &found[f as usize])
                .probability;
            (p, m, f)
        })
        .collect();
    missed.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("\n== lowest true pairs");
    for &(p, m, f) in missed.iter().take(shown) {
        show(&model, &cohort, &missing, &found, m, f, p);
    }
}

fn show(
    model: &Model,
    cohort: &trackchild_domain::synth::Cohort,
    missing: &[Features],
    found: &[Features],
    m: u32,
    f: u32,
    p: f64,
) {
    let (mr, fr) = (&cohort.missing[m as usize], &cohort.found[f as usize]);
    let s = model.score(&missing[m as usize], &found[f as usize]);
    println!(
        "p={p:.4} M{m} {:?} ({:?}; {:?}) {:?}-{:?} d{} {} | F{f} {:?} {:?}-{:?} d{} {}",
        mr.child.name,
        mr.child.aliases,
        mr.child.father_name,
        mr.child.age_years_min,
        mr.child.age_years_max,
        mr.last_seen_place.district_code,
        mr.last_seen_date,
        fr.child.name,
        fr.child.age_years_min,
        fr.child.age_years_max,
        fr.found_place.district_code,
        fr.found_date,
    );
    let parts: Vec<String> = s
        .explanation
        .iter()
        .map(|c| format!("{}:{}{:+.1}", c.field, c.level, c.weight))
        .collect();
    println!("    {}", parts.join(" "));
}
