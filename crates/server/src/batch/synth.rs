//! `synth`: writes a synthetic cohort as batch files and its true pairs as CSV.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use trackchild_domain::synth::{CohortOptions, generate};

use super::SynthArgs;

/// A report in batch form: the wire report with its external id and kind in front.
#[derive(Serialize)]
struct BatchRecord<'a, T> {
    external_id: &'a str,
    kind: &'static str,
    #[serde(flatten)]
    report: &'a T,
}

/// Returns the external id of the report at `position` (0-based), such as `M000001`.
pub fn external_id(prefix: char, position: usize) -> String {
    format!("{prefix}{:06}", position + 1)
}

/// Runs `synth` and returns the exit code.
pub fn run_synth(args: &SynthArgs) -> anyhow::Result<i32> {
    let options = CohortOptions {
        seed: args.seed,
        missing: args.missing,
        found: args.found,
        true_pairs: args.true_pairs,
        today: args
            .today
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        districts: Vec::new(),
    };
    let cohort = generate(&options);
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("creating {}", args.out_dir.display()))?;

    let missing_path = args.out_dir.join("missing.jsonl");
    let mut writer = create(&missing_path)?;
    for (position, report) in cohort.missing.iter().enumerate() {
        let id = external_id('M', position);
        let record = BatchRecord {
            external_id: &id,
            kind: "missing",
            report,
        };
        serde_json::to_writer(&mut writer, &record)?;
        writeln!(writer)?;
    }
    writer
        .flush()
        .with_context(|| format!("writing {}", missing_path.display()))?;

    let found_path = args.out_dir.join("found.jsonl");
    let mut writer = create(&found_path)?;
    for (position, report) in cohort.found.iter().enumerate() {
        let id = external_id('F', position);
        let record = BatchRecord {
            external_id: &id,
            kind: "found",
            report,
        };
        serde_json::to_writer(&mut writer, &record)?;
        writeln!(writer)?;
    }
    writer
        .flush()
        .with_context(|| format!("writing {}", found_path.display()))?;

    let truth_path = args.out_dir.join("truth.csv");
    let mut writer = create(&truth_path)?;
    writeln!(writer, "missing_external_id,found_external_id")?;
    for &(missing, found) in &cohort.truth {
        writeln!(
            writer,
            "{},{}",
            external_id('M', missing),
            external_id('F', found)
        )?;
    }
    writer
        .flush()
        .with_context(|| format!("writing {}", truth_path.display()))?;
    Ok(0)
}

fn create(path: &Path) -> anyhow::Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(BufWriter::new(file))
}
