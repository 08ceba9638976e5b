//! Human case numbers: `<state ISO suffix>-<district LGD code>-<year>-<MIS|FND|CCI>-<6-digit sequence>`,
//! e.g. `MH-490-2026-MIS-000123`. The sequence runs per district, year and kind; the store allocates
//! it in the same transaction as the record.

use std::fmt;

/// Which register a case number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKind {
    Missing,
    Found,
    Cci,
}

impl CaseKind {
    pub fn code(self) -> &'static str {
        match self {
            CaseKind::Missing => "MIS",
            CaseKind::Found => "FND",
            CaseKind::Cci => "CCI",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        match code {
            "MIS" => Some(CaseKind::Missing),
            "FND" => Some(CaseKind::Found),
            "CCI" => Some(CaseKind::Cci),
            _ => None,
        }
    }
}

/// A validated case number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumber {
    state_suffix: String,
    district_code: u16,
    year: i32,
    kind: CaseKind,
    sequence: u32,
}

/// Largest sequence that fits the six digits.
pub const MAX_SEQUENCE: u32 = 999_999;

impl CaseNumber {
    /// Builds a case number; `None` when the suffix is not two or three capital letters or the
    /// sequence is outside 1–999999.
    pub fn new(state_suffix: &str, district_code: u16, year: i32, kind: CaseKind, sequence: u32) -> Option<Self> {
        let suffix_ok = (2..=3).contains(&state_suffix.len()) && state_suffix.chars().all(|c| c.is_ascii_uppercase());
        let sequence_ok = (1..=MAX_SEQUENCE).contains(&sequence);
        (suffix_ok && sequence_ok && (2000..=9999).contains(&year)).then(|| CaseNumber {
            state_suffix: state_suffix.to_string(),
            district_code,
            year,
            kind,
            sequence,
        })
    }

    /// Parses the printed form; `None` for anything that is not a case number.
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [suffix, district, year, kind, sequence] = parts.as_slice() else { return None };
        if sequence.len() != 6 {
            return None;
        }
        CaseNumber::new(suffix, district.parse().ok()?, year.parse().ok()?, CaseKind::parse(kind)?, sequence.parse().ok()?)
    }

    pub fn kind(&self) -> CaseKind {
        self.kind
    }

    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}-{}-{:06}", self.state_suffix, self.district_code, self.year, self.kind.code(), self.sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_number_prints_and_parses() {
        let number = CaseNumber::new("MH", 490, 2026, CaseKind::Missing, 123).expect("valid");

        assert_eq!(number.to_string(), "MH-490-2026-MIS-000123");
        assert_eq!(CaseNumber::parse("MH-490-2026-MIS-000123"), Some(number));
    }

    #[test]
    fn malformed_case_numbers_are_rejected() {
        for text in ["", "MH-490-2026-MIS-123", "mh-490-2026-MIS-000123", "MH-490-2026-XYZ-000123", "MH-490-2026-MIS-0001234"] {
            assert_eq!(CaseNumber::parse(text), None, "{text}");
        }
        assert_eq!(CaseNumber::new("MH", 490, 2026, CaseKind::Found, 0), None);
    }
}
