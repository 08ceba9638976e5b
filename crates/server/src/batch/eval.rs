//! `eval`: measures the matcher on files with known true pairs.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use super::matching::{ModelChoice, load_pair_files, score_found, scoring_index};
use super::{EvalArgs, exit_code};

/// Lowest probability kept for the best-F1 sweep. Pairs below it count as never suggested, so a best
/// F1 reached only below this probability is not found.
const SWEEP_FLOOR: f64 = 0.001;

/// Figures printed by `eval`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub best_f1: f64,
    pub recall_at_1: f64,
    pub recall_at_5: f64,
    pub pairs_completeness: f64,
}

/// Runs `eval`, prints the figures and returns the exit code.
pub fn run_eval(args: &EvalArgs) -> anyhow::Result<i32> {
    let loaded = load_pair_files(&args.missing, &args.found)?;
    let missing_positions = positions(&loaded.missing_ids);
    let found_positions = positions(&loaded.found_ids);
    let (truth, truth_skipped) = read_truth(&args.truth, &missing_positions, &found_positions)?;
    let scoring = scoring_index(
        &loaded,
        ModelChoice {
            hand_written: args.hand_written_model,
            write_to: args.model_out.as_deref(),
        },
    )?;

    let mut true_missing_of: HashMap<u32, Vec<u32>> = HashMap::new();
    for &(missing, found) in &truth {
        true_missing_of.entry(found).or_default().push(missing);
    }

    let floor = SWEEP_FLOOR.min(args.threshold);
    // Per found report: scored candidates best first, and whether each true pair reached scoring.
    let scored = score_found(&scoring, &loaded.missing, &loaded.found, 0.0, args.pairwise);
    let index = &scoring.index;
    // Per found report: scored candidates best first, and whether each true pair reached scoring.
    let per_found: Vec<(Vec<(u32, f64)>, usize)> = scored
        .into_par_iter()
        .enumerate()
        .map(|(position, hits)| {
            let reached = match true_missing_of.get(&(position as u32)) {
                Some(true_missing) => {
                    let query = &loaded.found[position];
                    let candidates: HashSet<u32> = index.candidates(query).into_iter().collect();
                    true_missing
                        .iter()
                        .filter(|m| candidates.contains(m))
                        .count()
                }
                None => 0,
            };
            (hits, reached)
        })
        .collect();

    // Candidate-set sizes go to stderr, so stdout keeps exactly the figures.
    let mut sizes: Vec<usize> = per_found.iter().map(|(hits, _)| hits.len()).collect();
    sizes.sort_unstable();
    if let Some(&largest) = sizes.last() {
        let scored: usize = sizes.iter().sum();
        eprintln!(
            "candidates per found report (scored after blocking and the date and age rules): mean {:.0}, median {}, 90th percentile {}, max {largest}; {scored} pairs scored",
            scored as f64 / sizes.len() as f64,
            sizes[sizes.len() / 2],
            sizes[sizes.len() * 9 / 10],
        );
    }

    let truth_set: HashSet<(u32, u32)> = truth.iter().copied().collect();
    let mut sweep: Vec<(f64, bool)> = Vec::new();
    let (mut suggested, mut suggested_true) = (0usize, 0usize);
    let (mut at_1, mut at_5, mut reached) = (0usize, 0usize, 0usize);
    for (found, (hits, found_reached)) in per_found.iter().enumerate() {
        let found = found as u32;
        reached += found_reached;
        for &(missing, probability) in hits {
            let is_true = truth_set.contains(&(missing, found));
            if probability >= args.threshold {
                suggested += 1;
                suggested_true += usize::from(is_true);
            }
            if probability >= floor {
                sweep.push((probability, is_true));
            }
        }
        if let Some(true_missing) = true_missing_of.get(&found) {
            let is_true = |&(missing, _): &(u32, f64)| true_missing.contains(&missing);
            at_1 += usize::from(hits.iter().take(1).any(is_true));
            at_5 += usize::from(hits.iter().take(5).any(is_true));
        }
    }

    let figures = Figures {
        precision: ratio(suggested_true, suggested),
        recall: ratio(suggested_true, truth_set.len()),
        f1: f1(suggested_true, suggested, truth_set.len()),
        best_f1: best_f1(sweep.clone(), truth_set.len()),
        recall_at_1: ratio(at_1, true_missing_of.len()),
        recall_at_5: ratio(at_5, true_missing_of.len()),
        pairs_completeness: ratio(reached, truth.len()),
    };
    print_figures(&figures);
    if args.calibration {
        print_calibration(&sweep);
    }
    Ok(exit_code(loaded.skipped + truth_skipped))
}

fn print_figures(figures: &Figures) {
    println!("precision: {:.4}", figures.precision);
    println!("recall: {:.4}", figures.recall);
    println!("F1: {:.4}", figures.f1);
    println!("best F1: {:.4}", figures.best_f1);
    println!("recall@1: {:.4}", figures.recall_at_1);
    println!("recall@5: {:.4}", figures.recall_at_5);
    println!("pairs completeness: {:.4}", figures.pairs_completeness);
}

/// Number of equal-width probability bands in the calibration table.
const CALIBRATION_BANDS: usize = 10;

fn print_calibration(sweep: &[(f64, bool)]) {
    let mut bands = [(0usize, 0usize); CALIBRATION_BANDS];
    for &(probability, is_true) in sweep {
        let band = ((probability * CALIBRATION_BANDS as f64) as usize).min(CALIBRATION_BANDS - 1);
        bands[band].0 += 1;
        bands[band].1 += usize::from(is_true);
    }
    println!("probability band,pairs,true pairs,share true");
    for (band, &(pairs, true_pairs)) in bands.iter().enumerate() {
        let low = band as f64 / CALIBRATION_BANDS as f64;
        let high = (band + 1) as f64 / CALIBRATION_BANDS as f64;
        println!(
            "{low:.1}-{high:.1},{pairs},{true_pairs},{:.4}",
            ratio(true_pairs, pairs)
        );
    }
}

fn positions(ids: &[String]) -> HashMap<&str, u32> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect()
}

/// Reads `missing_external_id,found_external_id` rows. Rows naming an unknown id or lacking a
/// column are reported on standard error and counted as skipped.
fn read_truth(
    path: &Path,
    missing: &HashMap<&str, u32>,
    found: &HashMap<&str, u32>,
) -> anyhow::Result<(Vec<(u32, u32)>, usize)> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let (mut pairs, mut skipped) = (Vec::new(), 0);
    for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        let number = index + 1;
        if number == 1 || line.trim().is_empty() {
            continue;
        }
        let mut columns = line.split(',').map(|c| c.trim().trim_matches('"'));
        let (Some(missing_id), Some(found_id)) = (columns.next(), columns.next()) else {
            eprintln!(
                "{}:{number}: skipped: expected two columns, missing_external_id,found_external_id",
                path.display()
            );
            skipped += 1;
            continue;
        };
        match (missing.get(missing_id), found.get(found_id)) {
            (Some(&m), Some(&f)) => pairs.push((m, f)),
            (None, _) => {
                eprintln!(
                    "{}:{number}: skipped: missing report {missing_id:?} not found in the missing file",
                    path.display()
                );
                skipped += 1;
            }
            (_, None) => {
                eprintln!(
                    "{}:{number}: skipped: found report {found_id:?} not found in the found file",
                    path.display()
                );
                skipped += 1;
            }
        }
    }
    Ok((pairs, skipped))
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn f1(true_positives: usize, suggested: usize, actual: usize) -> f64 {
    if suggested + actual == 0 {
        0.0
    } else {
        2.0 * true_positives as f64 / (suggested + actual) as f64
    }
}

/// Returns the highest F1 over all thresholds, given every scored pair above the sweep floor.
fn best_f1(mut sweep: Vec<(f64, bool)>, actual: usize) -> f64 {
    sweep.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut best, mut true_positives) = (0.0f64, 0usize);
    for (i, &(probability, is_true)) in sweep.iter().enumerate() {
        true_positives += usize::from(is_true);
        let last_at_this_probability = sweep.get(i + 1).is_none_or(|next| next.0 < probability);
        if last_at_this_probability {
            best = best.max(f1(true_positives, i + 1, actual));
        }
    }
    best
}
