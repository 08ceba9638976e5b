//! Batch commands that need no server or database: `match-files`, `synth` and `eval`.
//!
//! They read and write the batch form of the wire schema, JSON Lines with an `external_id` on
//! every line (see [`input`]). Exit codes: 0 when every line was read, 2 when any line was skipped,
//! 1 on any other error (an unreadable file, say).

mod eval;
mod input;
mod matching;
mod output;
mod synth;

use std::path::PathBuf;

use trackchild_domain::matching::DEFAULT_THRESHOLD;

pub use eval::run_eval;
pub use matching::run_match_files;
pub use synth::run_synth;

/// Exit code of a batch command that skipped at least one input line.
pub const EXIT_SKIPPED_LINES: i32 = 2;

/// Arguments of `trackchild match-files`.
#[derive(clap::Args)]
pub struct MatchFilesArgs {
    /// JSON Lines file of missing reports.
    #[arg(long, requires = "found", conflicts_with = "dedupe")]
    pub missing: Option<PathBuf>,
    /// JSON Lines file of found reports.
    #[arg(long, requires = "missing")]
    pub found: Option<PathBuf>,
    /// JSON Lines file of reports of both kinds (each line carries `kind`) to search for
    /// duplicates of the same kind.
    #[arg(long, conflicts_with_all = ["missing", "found"], required_unless_present = "missing")]
    pub dedupe: Option<PathBuf>,
    /// CSV file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Lowest match probability written, from 0 to 1.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = parse_probability)]
    pub threshold: f64,
    /// Score with the hand-written weights instead of weights fitted to these files.
    #[arg(long)]
    pub hand_written_model: bool,
    /// Write the model used (fitted or hand-written) as JSON to this file.
    #[arg(long)]
    pub model_out: Option<PathBuf>,
    /// Score each pair on its own, without weighing it against the other candidates of both
    /// reports (see docs/MATCHING.md, "One child, one match").
    #[arg(long)]
    pub pairwise: bool,
}

/// Arguments of `trackchild synth`.
#[derive(clap::Args)]
pub struct SynthArgs {
    /// Number of missing reports.
    #[arg(long)]
    pub missing: usize,
    /// Number of found reports.
    #[arg(long)]
    pub found: usize,
    /// Number of children reported both missing and found.
    #[arg(long)]
    pub true_pairs: usize,
    /// Seed of the generator; one seed and date always give the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Latest date a report may carry (YYYY-MM-DD); defaults to today's date in UTC.
    #[arg(long)]
    pub today: Option<chrono::NaiveDate>,
    /// Directory to write missing.jsonl, found.jsonl and truth.csv into; created if absent.
    #[arg(long)]
    pub out_dir: PathBuf,
}

/// Arguments of `trackchild eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// JSON Lines file of missing reports.
    #[arg(long)]
    pub missing: PathBuf,
    /// JSON Lines file of found reports.
    #[arg(long)]
    pub found: PathBuf,
    /// CSV of true pairs with the header `missing_external_id,found_external_id`.
    #[arg(long)]
    pub truth: PathBuf,
    /// Probability at or above which a pair counts as suggested, from 0 to 1.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = parse_probability)]
    pub threshold: f64,
    /// After the figures, print a calibration table: for each tenth of the probability scale,
    /// the number of scored pairs and the share of them that are true pairs.
    #[arg(long)]
    pub calibration: bool,
    /// Score with the hand-written weights instead of weights fitted to these files.
    #[arg(long)]
    pub hand_written_model: bool,
    /// Write the model used (fitted or hand-written) as JSON to this file.
    #[arg(long)]
    pub model_out: Option<PathBuf>,
    /// Score each pair on its own, without weighing it against the other candidates of both
    /// reports (see docs/MATCHING.md, "One child, one match").
    #[arg(long)]
    pub pairwise: bool,
}

fn parse_probability(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("invalid probability {text:?}: expected a number from 0 to 1"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "probability {value} is out of range: expected a number from 0 to 1"
        ))
    }
}

/// Returns the exit code for a run that skipped `skipped` input lines.
pub fn exit_code(skipped: usize) -> i32 {
    if skipped == 0 { 0 } else { EXIT_SKIPPED_LINES }
}
