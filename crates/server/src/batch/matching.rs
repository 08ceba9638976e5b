//! `match-files`: scores every found report against the missing reports, or finds same-kind
//! duplicates within one file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;
use trackchild_domain::codes::ReportKind;
use trackchild_domain::matching::{
    Assignment, EstimateOptions, Features, MIN_REPORTS_TO_FIT, MatchIndex, PairBits, SameChild,
    duplicate_probability, estimate, features_of_found, features_of_missing, observe_name_shares,
};

use super::input::{BatchLine, Defaults, read_lines, to_found, to_missing};
use super::output::{Progress, csv_field};
use super::{MatchFilesArgs, exit_code};

/// Runs `match-files` and returns the exit code.
pub fn run_match_files(args: &MatchFilesArgs) -> anyhow::Result<i32> {
    match (&args.dedupe, &args.missing, &args.found) {
        (Some(reports), _, _) => dedupe(reports, &args.out, args.threshold),
        (None, Some(missing), Some(found)) => match_pairs(missing, found, args),
        _ => anyhow::bail!("missing input: pass --missing with --found, or --dedupe"),
    }
}

/// Reports and features of both kinds, as read from batch files.
pub struct Loaded {
    pub missing_ids: Vec<String>,
    pub missing: Vec<Features>,
    pub found_ids: Vec<String>,
    pub found: Vec<Features>,
    pub skipped: usize,
}

/// Reads a missing and a found file and computes the features of every readable line.
pub fn load_pair_files(missing: &Path, found: &Path) -> anyhow::Result<Loaded> {
    let missing_lines = read_lines(missing, false)?;
    let found_lines = read_lines(found, false)?;
    let defaults = Defaults::from_lines(missing_lines.lines.iter().chain(&found_lines.lines));
    let mut missing_features: Vec<Features> = missing_lines
        .lines
        .par_iter()
        .map(|l| features_of_missing(&to_missing(l, defaults)))
        .collect();
    let mut found_features: Vec<Features> = found_lines
        .lines
        .par_iter()
        .map(|l| features_of_found(&to_found(l, defaults)))
        .collect();
    observe_name_shares(&mut [&mut missing_features, &mut found_features]);
    Ok(Loaded {
        missing_ids: ids(&missing_lines.lines),
        missing: missing_features,
        found_ids: ids(&found_lines.lines),
        found: found_features,
        skipped: missing_lines.skipped + found_lines.skipped,
    })
}

fn ids(lines: &[BatchLine]) -> Vec<String> {
    lines.iter().map(|l| l.external_id.clone()).collect()
}

/// Builds an index over features keyed by their position.
pub fn index_of(features: &[Features]) -> anyhow::Result<MatchIndex<u32>> {
    let mut index = MatchIndex::new();
    for (position, f) in features.iter().enumerate() {
        let key = u32::try_from(position).context("more than 2^32 reports in one file")?;
        index.insert(key, f.clone());
    }
    Ok(index)
}

/// Choice of model for the batch commands.
#[derive(Debug, Clone, Copy)]
pub struct ModelChoice<'a> {
    pub hand_written: bool,
    pub write_to: Option<&'a Path>,
}

/// The index over the missing reports, and whether its model is fitted to them.
pub struct ScoringIndex {
    pub index: MatchIndex<u32>,
    pub fitted: bool,
}

/// Builds the index over the missing reports with the model to score with: fitted to these
/// reports by [`estimate`] unless the hand-written one is asked for. Says on stderr what the fit
/// found, and writes the model to a file when asked.
pub fn scoring_index(loaded: &Loaded, choice: ModelChoice<'_>) -> anyhow::Result<ScoringIndex> {
    let mut index = index_of(&loaded.missing)?;
    let mut fitted = false;
    if !choice.hand_written {
        let candidates = index.fit_candidates(&loaded.found);
        let fit = estimate(
            &loaded.missing,
            &loaded.found,
            &candidates,
            &[],
            EstimateOptions::default(),
        );
        if fit.rounds == 0 && fit.candidate_pairs > 0 {
            eprintln!(
                "model: hand-written; no field besides the name varies enough among the candidate pairs to fit one"
            );
        } else if fit.rounds == 0 {
            eprintln!(
                "model: hand-written; fitting needs at least {MIN_REPORTS_TO_FIT} reports of each kind"
            );
        } else {
            fitted = true;
            eprintln!(
                "model: fitted on {} candidate pairs in {} EM rounds; {:.0} expected true pairs, prior {:.2} bits",
                fit.candidate_pairs, fit.rounds, fit.expected_true_pairs, fit.model.prior_bits
            );
        }
        index.set_model(fit.model);
    }
    if let Some(path) = choice.write_to {
        let json = serde_json::to_string_pretty(index.model())?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(ScoringIndex { index, fitted })
}

/// Pairwise probability below which a candidate is left out of the one-to-one sums: its odds
/// (about 10^-18) change no rival's probability.
const NEGLIGIBLE_PROBABILITY: f64 = 1e-18;

/// Scores every found report against its candidates among the missing reports and returns, per
/// found report, the candidates whose final probability is at least `floor`, with that
/// probability, best first. Every candidate of pairwise probability at least
/// [`NEGLIGIBLE_PROBABILITY`] is scored, since each counts against its rivals.
///
/// Unless `pairwise` is set, the probabilities are one-to-one (see [`Assignment`]), with likely
/// second filings of one child left out of each other's rivals (see [`SameChild::among`]). Under a
/// fitted model every pair's log-odds first gain a shift ([`Assignment::shift`]). The shift keeps
/// the sum of the probabilities, the number of true pairs the model expects, where the pairwise
/// ones put it. The hand-written model's pairwise sum counts nothing, so it gets no shift.
pub fn score_found(
    scoring: &ScoringIndex,
    missing: &[Features],
    found: &[Features],
    floor: f64,
    pairwise: bool,
) -> Vec<Vec<(u32, f64)>> {
    let index = &scoring.index;
    let progress = Progress::new(found.len());
    let pairs: Vec<PairBits> = found
        .par_iter()
        .enumerate()
        .flat_map_iter(|(position, query)| {
            let hits = index.candidate_log_odds(query, floor.min(NEGLIGIBLE_PROBABILITY));
            progress.step();
            hits.into_iter().map(move |(missing, bits)| PairBits {
                missing,
                found: position as u32,
                bits,
            })
        })
        .collect();
    progress.finish();
    let at_floor: Vec<(usize, f64)> = if pairwise {
        pairs
            .par_iter()
            .enumerate()
            .filter_map(|(at, p)| {
                let probability = 1.0 / (1.0 + (-p.bits).exp2());
                (probability >= floor).then_some((at, probability))
            })
            .collect()
    } else {
        let same = SameChild::among(&pairs, missing, found, index.model());
        let assignment = Assignment::new(&pairs, &same);
        let shift = if scoring.fitted {
            let shift = assignment.shift();
            eprintln!(
                "one-to-one: prior raised by {shift:.2} bits to keep the expected true pairs"
            );
            shift
        } else {
            0.0
        };
        assignment.probabilities_at_least(shift, floor)
    };
    let mut per_found: Vec<Vec<(u32, f64)>> = vec![Vec::new(); found.len()];
    for (at, probability) in at_floor {
        let pair = &pairs[at];
        per_found[pair.found as usize].push((pair.missing, probability));
    }
    for scored in &mut per_found {
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    per_found
}

fn match_pairs(missing: &Path, found: &Path, args: &MatchFilesArgs) -> anyhow::Result<i32> {
    let (out, threshold) = (&args.out, args.threshold);
    let loaded = load_pair_files(missing, found)?;
    let scoring = scoring_index(
        &loaded,
        ModelChoice {
            hand_written: args.hand_written_model,
            write_to: args.model_out.as_deref(),
        },
    )?;
    let rows = score_found(
        &scoring,
        &loaded.missing,
        &loaded.found,
        threshold,
        args.pairwise,
    );
    let mut writer = create(out)?;
    writeln!(writer, "missing_external_id,found_external_id,probability")?;
    for (found_position, hits) in rows.iter().enumerate() {
        for &(missing_position, probability) in hits.iter().filter(|h| h.1 >= threshold) {
            let missing_id = &loaded.missing_ids[missing_position as usize];
            let found_id = &loaded.found_ids[found_position];
            writeln!(
                writer,
                "{},{},{probability:.4}",
                csv_field(missing_id),
                csv_field(found_id)
            )?;
        }
    }
    writer
        .flush()
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(exit_code(loaded.skipped))
}

/// Finds pairs of reports of the same kind that likely describe one child.
///
/// Each pair of the same kind is scored by `duplicate_probability`, which puts the earlier-dated
/// report in the missing role. Candidates come from the index's blocking, which files reports
/// under the same keys whatever their kind.
fn dedupe(path: &Path, out: &Path, threshold: f64) -> anyhow::Result<i32> {
    let read = read_lines(path, true)?;
    let defaults = Defaults::from_lines(&read.lines);
    let mut features: Vec<Features> = read
        .lines
        .par_iter()
        .map(|line| match line.kind {
            Some(ReportKind::Found) => features_of_found(&to_found(line, defaults)),
            _ => features_of_missing(&to_missing(line, defaults)),
        })
        .collect();
    observe_name_shares(&mut [&mut features]);
    let index = index_of(&features)?;

    let progress = Progress::new(features.len());
    let mut pairs: Vec<(u32, u32)> = features
        .par_iter()
        .enumerate()
        .flat_map_iter(|(position, query)| {
            let position = position as u32;
            let candidates = index.candidates(query);
            progress.step();
            candidates
                .into_iter()
                .filter(move |&other| other != position)
                .map(move |other| (position.min(other), position.max(other)))
        })
        .collect();
    progress.finish();
    pairs.par_sort_unstable();
    pairs.dedup();

    let scored: Vec<(u32, u32, f64)> = pairs
        .par_iter()
        .filter(|&&(a, b)| features[a as usize].kind() == features[b as usize].kind())
        .filter_map(|&(a, b)| {
            let probability = duplicate_probability(&features[a as usize], &features[b as usize]);
            (probability >= threshold).then_some((a, b, probability))
        })
        .collect();

    let mut writer = create(out)?;
    writeln!(writer, "external_id_a,external_id_b,probability")?;
    for (a, b, probability) in scored {
        let (id_a, id_b) = (
            &read.lines[a as usize].external_id,
            &read.lines[b as usize].external_id,
        );
        writeln!(
            writer,
            "{},{},{probability:.4}",
            csv_field(id_a),
            csv_field(id_b)
        )?;
    }
    writer
        .flush()
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(exit_code(read.skipped))
}

fn create(path: &Path) -> anyhow::Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(BufWriter::new(file))
}
