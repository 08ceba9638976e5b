//! Lenient reading of batch JSON Lines into wire reports.
//!
//! Every field of a batch line may be absent except `external_id` (and `kind` where the caller
//! requires it). Unknown fields are ignored. A line that is not valid JSON, or that has a field of
//! the wrong type, is reported on standard error with its line number and skipped.
//!
//! The matcher needs a date and a place on every report, so absent ones get fill-ins that keep
//! the comparison close to neutral (see [`Defaults`]).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;
use serde::Deserialize;
use trackchild_domain::codes::ReportKind;
use trackchild_domain::wire::{Child, NewFoundReport, NewMissingReport, Place};

/// District code given to a missing report whose district is absent.
const ABSENT_MISSING_DISTRICT: u16 = 0;
/// District code given to a found report whose district is absent. It differs from
/// [`ABSENT_MISSING_DISTRICT`] so that two reports without a district do not count as the same
/// district, and it names no real district, so the place comparison has no distance to use.
const ABSENT_FOUND_DISTRICT: u16 = u16::MAX;
/// State code of a report whose state is absent; the place comparison weighs it as unknown.
const ABSENT_STATE: u16 = trackchild_domain::matching::UNKNOWN_STATE;

/// One line of a batch file, with every report field optional.
#[derive(Debug, Clone, Deserialize)]
pub struct BatchLine {
    pub external_id: String,
    #[serde(default)]
    pub kind: Option<ReportKind>,
    #[serde(default)]
    pub child: Option<Child>,
    #[serde(default)]
    pub last_seen_date: Option<NaiveDate>,
    #[serde(default)]
    pub last_seen_place: Option<BatchPlace>,
    #[serde(default)]
    pub found_date: Option<NaiveDate>,
    #[serde(default)]
    pub found_place: Option<BatchPlace>,
}

/// A place whose codes may be absent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BatchPlace {
    #[serde(default)]
    pub state_code: Option<u16>,
    #[serde(default)]
    pub district_code: Option<u16>,
    #[serde(default)]
    pub text: Option<String>,
}

/// The lines of one file that could be read, and how many were skipped.
#[derive(Debug, Default)]
pub struct ReadLines {
    pub lines: Vec<BatchLine>,
    pub skipped: usize,
}

/// Reads a JSON Lines file. Blank lines are ignored; bad lines are reported on standard error
/// as `FILE:LINE: reason` and counted in `skipped`.
pub fn read_lines(path: &Path, require_kind: bool) -> anyhow::Result<ReadLines> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut read = ReadLines::default();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let number = index + 1;
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                eprintln!(
                    "{}:{number}: skipped: unreadable line: {error}",
                    path.display()
                );
                read.skipped += 1;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<BatchLine>(&line) {
            Ok(parsed) if require_kind && parsed.kind.is_none() => {
                eprintln!(
                    "{}:{number}: skipped: missing field `kind` (expected \"missing\" or \"found\")",
                    path.display()
                );
                read.skipped += 1;
            }
            Ok(parsed) => read.lines.push(parsed),
            Err(error) => {
                eprintln!(
                    "{}:{number}: skipped: {}: {error}",
                    path.display(),
                    error_class(&error)
                );
                read.skipped += 1;
            }
        }
    }
    Ok(read)
}

fn error_class(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Data => "wrong field type or value",
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "invalid JSON",
        serde_json::error::Category::Io => "read error",
    }
}

/// Fill-in dates for reports whose date is absent.
///
/// The matcher has no "missing" level for dates: every pair gets a date level, and a found date
/// more than 30 days before the last-seen date stops the pair from being scored at all. So an
/// absent last-seen date becomes the earliest date in the input and an absent found date the
/// latest. That way such a report is never excluded by the date rule. NOTE: the cost is that the
/// pair may land in the `over_a_year` date level (about -1.6 bits) and the age comparison allows
/// for growth over the longer gap.
#[derive(Debug, Clone, Copy)]
pub struct Defaults {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

impl Defaults {
    /// Computes the earliest and latest dates over all lines; today's date when none is dated.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a BatchLine>) -> Defaults {
        let dates = lines
            .into_iter()
            .flat_map(|l| [l.last_seen_date, l.found_date])
            .flatten();
        let (mut earliest, mut latest) = (None::<NaiveDate>, None::<NaiveDate>);
        for date in dates {
            earliest = Some(earliest.map_or(date, |e| e.min(date)));
            latest = Some(latest.map_or(date, |l| l.max(date)));
        }
        let today = chrono::Utc::now().date_naive();
        Defaults {
            earliest: earliest.unwrap_or(today),
            latest: latest.unwrap_or(today),
        }
    }
}

/// Builds a missing report from a batch line, taking the place and date from the `last_seen_*`
/// fields.
pub fn to_missing(line: &BatchLine, defaults: Defaults) -> NewMissingReport {
    NewMissingReport {
        child: line.child.clone().unwrap_or_default(),
        last_seen_date: line.last_seen_date.unwrap_or(defaults.earliest),
        last_seen_place: to_place(line.last_seen_place.as_ref(), ABSENT_MISSING_DISTRICT),
        fir_number: None,
        fir_date: None,
        circumstances: None,
        complainant_relation: None,
        complainant_phone: None,
    }
}

/// Builds a found report from a batch line, taking the place and date from the `found_*` fields.
pub fn to_found(line: &BatchLine, defaults: Defaults) -> NewFoundReport {
    NewFoundReport {
        child: line.child.clone().unwrap_or_default(),
        found_date: line.found_date.unwrap_or(defaults.latest),
        found_place: to_place(line.found_place.as_ref(), ABSENT_FOUND_DISTRICT),
        found_by: None,
        circumstances: None,
    }
}

fn to_place(place: Option<&BatchPlace>, absent_district: u16) -> Place {
    let place = place.cloned().unwrap_or_default();
    Place {
        state_code: place.state_code.unwrap_or(ABSENT_STATE),
        district_code: place.district_code.unwrap_or(absent_district),
        text: place.text,
    }
}
