//! Runs the `trackchild` batch commands (`match-files`, `synth`, `eval`) as a user would, on files
//! in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory under the system temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("trackchild-batch-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temporary directory");
        TempDir(path)
    }

    fn write(&self, file: &str, text: &str) -> PathBuf {
        let path = self.0.join(file);
        std::fs::write(&path, text).expect("write input file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn trackchild(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trackchild"))
        .args(args)
        .output()
        .expect("run trackchild")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A missing report of Ravi Kumar Yadav, 10, last seen in Lucknow.
const RAVI_MISSING: &str = r#"{"external_id":"M-1","kind":"missing","child":{"name":"Ravi Kumar Yadav","sex":"male","age_years_min":10,"age_years_max":10,"age_basis":"stated","languages":["hin"],"father_name":"Suresh Yadav","mother_name":"Sunita Devi","identification_marks":[{"type":"mole","body_location":"left_cheek"}]},"last_seen_date":"2025-03-01","last_seen_place":{"state_code":9,"district_code":162}}"#;

/// The same child found a week later, his name spelt differently.
const RAVI_FOUND: &str = r#"{"external_id":"F-1","kind":"found","child":{"name":"Rawi Yadav","sex":"male","age_years_min":9,"age_years_max":11,"age_basis":"appearance","languages":["hin"],"father_name":"Suresh","identification_marks":[{"type":"mole","body_location":"left_cheek"}]},"found_date":"2025-03-08","found_place":{"state_code":9,"district_code":162}}"#;

/// An unrelated girl found far away.
const OTHER_FOUND: &str = r#"{"external_id":"F-2","kind":"found","child":{"name":"Lakshmi Naidu","sex":"female","age_years_min":5,"age_years_max":5,"languages":["tel"]},"found_date":"2025-03-05","found_place":{"state_code":28,"district_code":502}}"#;

fn csv_rows(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("read output CSV")
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn match_files_writes_header_and_known_pair() {
    let dir = TempDir::new("known-pair");
    let missing = dir.write("missing.jsonl", &format!("{RAVI_MISSING}\n"));
    let found = dir.write("found.jsonl", &format!("{RAVI_FOUND}\n{OTHER_FOUND}\n"));
    let out = dir.0.join("pairs.csv");

    let output = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&out),
    ]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&output)
    );
    let rows = csv_rows(&out);
    assert_eq!(rows[0], "missing_external_id,found_external_id,probability");
    assert_eq!(rows.len(), 2, "expected only the true pair: {rows:?}");
    let columns: Vec<&str> = rows[1].split(',').collect();
    assert_eq!(columns[..2], ["M-1", "F-1"]);
    let probability: f64 = columns[2].parse().expect("probability is a number");
    assert!(
        (0.3..=1.0).contains(&probability),
        "probability {probability}"
    );
    assert_eq!(
        columns[2].split('.').nth(1).map(str::len),
        Some(4),
        "four decimal places: {}",
        columns[2]
    );
}

#[test]
fn match_files_threshold_one_writes_only_header() {
    let dir = TempDir::new("threshold");
    let missing = dir.write("missing.jsonl", &format!("{RAVI_MISSING}\n"));
    let found = dir.write("found.jsonl", &format!("{RAVI_FOUND}\n"));
    let out = dir.0.join("pairs.csv");

    let output = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&out),
        "--threshold",
        "1",
    ]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&output)
    );
    assert_eq!(
        csv_rows(&out),
        ["missing_external_id,found_external_id,probability"]
    );
}

#[test]
fn match_files_rejects_threshold_out_of_range() {
    let dir = TempDir::new("bad-threshold");
    let missing = dir.write("missing.jsonl", &format!("{RAVI_MISSING}\n"));
    let out = dir.0.join("pairs.csv");

    let output = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&missing),
        "--out",
        path_str(&out),
        "--threshold",
        "1.5",
    ]);

    assert_eq!(output.status.code(), Some(2), "clap usage errors exit 2");
    assert!(
        stderr_of(&output).contains("out of range"),
        "stderr: {}",
        stderr_of(&output)
    );
    assert!(!out.exists());
}

#[test]
fn match_files_skips_bad_lines_with_line_numbers() {
    let dir = TempDir::new("bad-lines");
    let missing = dir.write(
        "missing.jsonl",
        &format!("{RAVI_MISSING}\n{{\"external_id\": \"M-2\", \n{{\"external_id\":\"M-3\",\"child\":{{\"height_cm\":\"tall\"}}}}\n{{\"child\":{{}}}}\n"),
    );
    let found = dir.write(
        "found.jsonl",
        &format!("{RAVI_FOUND}\n\n{{\"external_id\":\"F-9\",\"found_date\":\"yesterday\"}}\n"),
    );
    let out = dir.0.join("pairs.csv");

    let output = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&out),
    ]);

    assert_eq!(
        output.status.code(),
        Some(2),
        "skipped lines give exit code 2"
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("missing.jsonl:2: skipped: invalid JSON"),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains("missing.jsonl:3: skipped: wrong field type"),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains("missing.jsonl:4: skipped") && stderr.contains("external_id"),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains("found.jsonl:3: skipped: wrong field type"),
        "stderr: {stderr}"
    );
    assert!(
        !stderr.contains("found.jsonl:2:"),
        "a blank line is not an error: {stderr}"
    );
    let rows = csv_rows(&out);
    assert!(
        rows.iter().any(|r| r.starts_with("M-1,F-1,")),
        "good lines still matched: {rows:?}"
    );
}

/// Probability of the row for this pair in a `match-files` CSV.
fn probability_of(rows: &[String], pair: &str) -> f64 {
    rows.iter()
        .find_map(|r| r.strip_prefix(pair))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no row for {pair} in {rows:?}"))
}

/// A found boy who gave only his first name.
const SPARSE_RAVI_FOUND: &str = r#"{"external_id":"F-1","kind":"found","child":{"name":"Ravi","sex":"male","age_years_min":9,"age_years_max":11,"age_basis":"appearance","languages":["hin"]},"found_date":"2025-03-08","found_place":{"state_code":9,"district_code":162}}"#;

/// Another Ravi of another family, missing from the same district: he fits the sparse found
/// report as well as Ravi Kumar Yadav does.
const RAVI_GUPTA_MISSING: &str = r#"{"external_id":"M-3","kind":"missing","child":{"name":"Ravi Prasad Gupta","sex":"male","age_years_min":11,"age_years_max":11,"age_basis":"stated","languages":["hin"],"father_name":"Mohan Gupta","mother_name":"Geeta Gupta","identification_marks":[{"type":"scar","body_location":"right_hand"}]},"last_seen_date":"2025-02-10","last_seen_place":{"state_code":9,"district_code":162}}"#;

/// Runs `match-files` on the given lines at a threshold of 0.01, pairwise and one-to-one, and
/// returns both CSVs' rows.
fn pairwise_and_one_to_one(
    dir: &TempDir,
    missing_lines: &[&str],
    found_line: &str,
) -> (Vec<String>, Vec<String>) {
    let missing = dir.write("missing.jsonl", &(missing_lines.join("\n") + "\n"));
    let found = dir.write("found.jsonl", &format!("{found_line}\n"));
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "match-files",
            "--missing",
            path_str(&missing),
            "--found",
            path_str(&found),
            "--out",
            path_str(out),
            "--threshold",
            "0.01",
        ];
        args.extend_from_slice(extra);
        let output = trackchild(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
        csv_rows(out)
    };
    let pairwise = run(&dir.0.join("pairwise.csv"), &["--pairwise"]);
    let one_to_one = run(&dir.0.join("one-to-one.csv"), &[]);
    (pairwise, one_to_one)
}

#[test]
fn match_files_weighs_rival_child_against_pair() {
    let dir = TempDir::new("one-to-one");
    let (pairwise, one_to_one) =
        pairwise_and_one_to_one(&dir, &[RAVI_MISSING, RAVI_GUPTA_MISSING], SPARSE_RAVI_FOUND);

    for pair in ["M-1,F-1,", "M-3,F-1,"] {
        let alone = probability_of(&pairwise, pair);
        let weighed = probability_of(&one_to_one, pair);
        assert!(alone > 0.3, "{pair} pairwise {alone}");
        // The found child can be only one of the two boys.
        assert!(
            weighed < alone - 0.05,
            "{pair} one-to-one {weighed} against {alone} pairwise"
        );
    }
}

#[test]
fn match_files_keeps_second_filing_whole() {
    let dir = TempDir::new("second-filing");
    // The same child filed at two police stations: both filings are the found child.
    let copy = RAVI_MISSING.replace(r#""external_id":"M-1""#, r#""external_id":"M-2""#);
    let (pairwise, one_to_one) = pairwise_and_one_to_one(&dir, &[RAVI_MISSING, &copy], RAVI_FOUND);

    for pair in ["M-1,F-1,", "M-2,F-1,"] {
        let alone = probability_of(&pairwise, pair);
        let weighed = probability_of(&one_to_one, pair);
        assert!(alone > 0.9, "{pair} pairwise {alone}");
        assert!(
            (weighed - alone).abs() < 1e-3,
            "{pair} one-to-one {weighed} against {alone} pairwise"
        );
    }
}

#[test]
fn match_files_ignores_unknown_fields() {
    let dir = TempDir::new("unknown-fields");
    let missing_line = RAVI_MISSING
        .replacen('{', r#"{"police_station":"Hazratganj","priority":3,"#, 1)
        .replacen(r#""child":{"#, r#""child":{"shoe_size":"4","#, 1);
    let missing = dir.write("missing.jsonl", &format!("{missing_line}\n"));
    let found = dir.write("found.jsonl", &format!("{RAVI_FOUND}\n"));
    let out = dir.0.join("pairs.csv");

    let output = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&out),
    ]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&output)
    );
    // Two reports are too few to fit a model; that is the only line on stderr.
    assert_eq!(
        stderr_of(&output).trim(),
        "model: hand-written; fitting needs at least 200 reports of each kind"
    );
    assert!(csv_rows(&out).iter().any(|r| r.starts_with("M-1,F-1,")));
}

#[test]
fn match_files_accepts_line_with_only_external_id() {
    let dir = TempDir::new("sparse");
    let missing = dir.write("missing.jsonl", "{\"external_id\":\"M-empty\"}\n");
    let found = dir.write("found.jsonl", "{\"external_id\":\"F-empty\"}\n");
    let out = dir.0.join("pairs.csv");

    let output = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&out),
    ]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&output)
    );
    assert_eq!(
        csv_rows(&out),
        ["missing_external_id,found_external_id,probability"],
        "two empty reports are no evidence of a match"
    );
}

#[test]
fn dedupe_finds_same_kind_duplicate() {
    let dir = TempDir::new("dedupe");
    let second_station = RAVI_MISSING
        .replace("M-1", "M-2")
        .replace("2025-03-01", "2025-03-03")
        .replace("Ravi Kumar Yadav", "Ravi Yadav");
    let reports = dir.write(
        "reports.jsonl",
        &format!("{RAVI_MISSING}\n{RAVI_FOUND}\n{second_station}\n{OTHER_FOUND}\n"),
    );
    let out = dir.0.join("duplicates.csv");

    let output = trackchild(&[
        "match-files",
        "--dedupe",
        path_str(&reports),
        "--out",
        path_str(&out),
    ]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&output)
    );
    let rows = csv_rows(&out);
    assert_eq!(rows[0], "external_id_a,external_id_b,probability");
    assert!(
        rows.iter().any(|r| r.starts_with("M-1,M-2,")),
        "rows: {rows:?}"
    );
    assert!(
        !rows.iter().any(|r| r.contains("F-1")),
        "a missing and a found report are not duplicates: {rows:?}"
    );
}

#[test]
fn dedupe_skips_line_without_kind() {
    let dir = TempDir::new("dedupe-kind");
    let reports = dir.write(
        "reports.jsonl",
        &format!("{RAVI_MISSING}\n{{\"external_id\":\"X-1\"}}\n"),
    );
    let out = dir.0.join("duplicates.csv");

    let output = trackchild(&[
        "match-files",
        "--dedupe",
        path_str(&reports),
        "--out",
        path_str(&out),
    ]);

    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("reports.jsonl:2: skipped: missing field `kind`"),
        "stderr: {}",
        stderr_of(&output)
    );
}

#[test]
fn synth_then_eval_prints_seven_figures() {
    let dir = TempDir::new("synth-eval");
    let cohort = dir.0.join("cohort");

    let synth = trackchild(&[
        "synth",
        "--missing",
        "400",
        "--found",
        "120",
        "--true-pairs",
        "50",
        "--seed",
        "11",
        "--today",
        "2026-06-01",
        "--out-dir",
        path_str(&cohort),
    ]);
    assert_eq!(
        synth.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&synth)
    );
    let truth = csv_rows(&cohort.join("truth.csv"));
    assert_eq!(truth[0], "missing_external_id,found_external_id");
    assert_eq!(truth.len(), 51);
    let first_missing = csv_rows(&cohort.join("missing.jsonl"))[0].clone();
    assert!(
        first_missing.starts_with(r#"{"external_id":"M000001","kind":"missing""#),
        "{first_missing}"
    );

    let eval = trackchild(&[
        "eval",
        "--missing",
        path_str(&cohort.join("missing.jsonl")),
        "--found",
        path_str(&cohort.join("found.jsonl")),
        "--truth",
        path_str(&cohort.join("truth.csv")),
    ]);
    assert_eq!(eval.status.code(), Some(0), "stderr: {}", stderr_of(&eval));
    let stdout = String::from_utf8(eval.stdout).expect("UTF-8 output");
    let lines: Vec<&str> = stdout.lines().collect();
    let labels = [
        "precision",
        "recall",
        "F1",
        "best F1",
        "recall@1",
        "recall@5",
        "pairs completeness",
    ];
    assert_eq!(lines.len(), labels.len(), "{stdout}");
    for (line, label) in lines.iter().zip(labels) {
        let value = line
            .strip_prefix(&format!("{label}: "))
            .unwrap_or_else(|| panic!("expected {label:?}, got {line:?}"));
        let number: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("{label} is not a number: {value}"));
        assert!(
            (0.0..=1.0).contains(&number),
            "{label} out of range: {number}"
        );
        assert_eq!(
            value.split('.').nth(1).map(str::len),
            Some(4),
            "{label} has four decimal places: {value}"
        );
    }
}

#[test]
fn match_files_fits_a_model_and_writes_it() {
    let dir = TempDir::new("fit-model");
    let cohort = dir.0.join("cohort");
    let synth = trackchild(&[
        "synth",
        "--missing",
        "1200",
        "--found",
        "400",
        "--true-pairs",
        "150",
        "--seed",
        "5",
        "--today",
        "2026-06-01",
        "--out-dir",
        path_str(&cohort),
    ]);
    assert_eq!(
        synth.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&synth)
    );
    let (missing, found) = (cohort.join("missing.jsonl"), cohort.join("found.jsonl"));
    let (fitted_csv, model_json) = (dir.0.join("fitted.csv"), dir.0.join("model.json"));

    let fitted = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&fitted_csv),
        "--model-out",
        path_str(&model_json),
    ]);

    assert_eq!(
        fitted.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&fitted)
    );
    assert!(
        stderr_of(&fitted).starts_with("model: fitted on "),
        "stderr: {}",
        stderr_of(&fitted)
    );
    assert!(
        stderr_of(&fitted).contains("one-to-one: prior raised by "),
        "stderr: {}",
        stderr_of(&fitted)
    );
    let text = std::fs::read_to_string(&model_json).expect("model written");
    let model: trackchild_domain::matching::Model =
        serde_json::from_str(&text).expect("model JSON parses");
    let model = model.validated().expect("a complete model");
    assert_ne!(model, trackchild_domain::matching::Model::prior());
    assert!(
        (-30.0..0.0).contains(&model.prior_bits),
        "{}",
        model.prior_bits
    );
    // The fitted model still finds most planted pairs above the default threshold.
    assert!(
        csv_rows(&fitted_csv).len() > 100,
        "{}",
        csv_rows(&fitted_csv).len()
    );

    let hand = dir.0.join("hand.csv");
    let hand_written = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&hand),
        "--hand-written-model",
    ]);
    assert_eq!(hand_written.status.code(), Some(0));
    assert!(
        stderr_of(&hand_written).is_empty(),
        "{}",
        stderr_of(&hand_written)
    );
}

/// Person records as generic record-linkage benchmarks hold them: a name the Indian name lists
/// do not know and a date of birth, without sex, place or dates. Returns the missing file, the
/// found file and the true pairs. The first `true_pairs` found records copy a missing record with
/// one corruption each: a letter changed in the family name, day and month swapped (a day past the
/// 12th becomes month 12), the date of birth left out, or none.
fn name_and_birth_records(total: usize, true_pairs: usize) -> (String, String, Vec<String>) {
    const GIVEN_START: [&str; 10] = [
        "Al", "Bren", "Cor", "Dav", "El", "Fin", "Gar", "Hal", "Is", "Jor",
    ];
    const GIVEN_END: [&str; 8] = ["wen", "noc", "aly", "lan", "beth", "dous", "ena", "eus"];
    const FAMILY_START: [&str; 12] = [
        "Ash", "Brock", "Cran", "Dun", "Ell", "Fair", "Gold", "Hart", "Kings", "Lang", "Mar",
        "North",
    ];
    const FAMILY_END: [&str; 8] = ["ford", "well", "by", "wick", "ton", "ham", "ley", "more"];

    let mut state: u64 = 7;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % below as u64) as usize
    };

    let mut person = || {
        let given = format!(
            "{}{}",
            GIVEN_START[next(GIVEN_START.len())],
            GIVEN_END[next(GIVEN_END.len())]
        );
        let family = format!(
            "{}{}",
            FAMILY_START[next(FAMILY_START.len())],
            FAMILY_END[next(FAMILY_END.len())]
        );
        let born = (1940 + next(60), 1 + next(12), 1 + next(28));
        (given, family, born)
    };

    let line = |id: &str,
                kind: &str,
                given: &str,
                family: &str,
                born: Option<(usize, usize, usize)>| {
        let born = born.map_or(String::new(), |(y, m, d)| {
            format!(r#","date_of_birth":"{y:04}-{m:02}-{d:02}""#)
        });
        format!(
            r#"{{"external_id":"{id}","kind":"{kind}","child":{{"name":"{given} {family}"{born}}}}}"#
        )
    };

    let missing: Vec<(String, String, (usize, usize, usize))> =
        (0..total).map(|_| person()).collect();
    let (mut missing_file, mut found_file, mut truth) = (String::new(), String::new(), Vec::new());
    for (i, (given, family, born)) in missing.iter().enumerate() {
        missing_file += &line(&format!("M-{i}"), "missing", given, family, Some(*born));
        missing_file.push('\n');
    }

    for i in 0..total {
        let (given, mut family, mut born) = match missing.get(i) {
            Some(copied) if i < true_pairs => copied.clone(),
            _ => person(),
        };
        let mut with_birth = true;
        if i < true_pairs {
            match i % 4 {
                0 => family.replace_range(2..3, "x"),
                1 => born = (born.0, born.2.min(12), born.1),
                2 => with_birth = false,
                _ => {}
            }
            truth.push(format!("M-{i},F-{i}"));
        }
        found_file += &line(
            &format!("F-{i}"),
            "found",
            &given,
            &family,
            with_birth.then_some(born),
        );
        found_file.push('\n');
    }

    (missing_file, found_file, truth)
}

#[test]
fn match_files_links_name_and_birth_records() {
    let dir = TempDir::new("names-and-birth-dates");
    let (missing, found, truth) = name_and_birth_records(1200, 300);
    let missing = dir.write("missing.jsonl", &missing);
    let found = dir.write("found.jsonl", &found);
    let out = dir.0.join("pairs.csv");

    let output = trackchild(&[
        "match-files",
        "--missing",
        path_str(&missing),
        "--found",
        path_str(&found),
        "--out",
        path_str(&out),
    ]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(&output)
    );
    let pairs: Vec<String> = csv_rows(&out)
        .iter()
        .skip(1)
        .map(|row| row.rsplit_once(',').expect("three columns").0.to_string())
        .collect();
    let right = pairs.iter().filter(|p| truth.contains(p)).count();
    let (precision, recall) = (
        right as f64 / pairs.len().max(1) as f64,
        right as f64 / truth.len() as f64,
    );
    assert!(
        precision >= 0.9,
        "precision {precision}, {}",
        stderr_of(&output)
    );
    assert!(recall >= 0.9, "recall {recall}, {}", stderr_of(&output));
}
