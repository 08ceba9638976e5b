//! Reference geography: the 36 States/UTs and their districts with LGD codes and a representative
//! point per district, embedded in the binary from `data/india_states.csv` and
//! `data/india_districts.csv`.
//!
//! The points are means of post-office locations, not polygon centroids; in large sparse districts
//! they can sit 50–110 km from the geometric centre (see `data/LICENCE.md` for sources).

use std::collections::HashMap;
use std::sync::OnceLock;

const STATES_CSV: &str = include_str!("../data/india_states.csv");
const DISTRICTS_CSV: &str = include_str!("../data/india_districts.csv");

/// A State or Union Territory.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub code: u16,
    pub name: String,
    pub is_union_territory: bool,
    /// ISO 3166-2 code, e.g. `IN-MH`.
    pub iso_code: String,
    pub latitude: f64,
    pub longitude: f64,
}

impl State {
    /// The ISO 3166-2 suffix used in case numbers, e.g. `MH`.
    pub fn iso_suffix(&self) -> &str {
        self.iso_code.strip_prefix("IN-").unwrap_or(&self.iso_code)
    }
}

/// A district with its representative point.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub code: u16,
    pub state_code: u16,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    /// `true` for the districts that carry a provisional code (9001–9018), not an LGD one.
    pub provisional: bool,
}

/// The loaded reference geography.
#[derive(Debug)]
pub struct Geography {
    states: Vec<State>,
    districts: Vec<District>,
    state_index: HashMap<u16, usize>,
    district_index: HashMap<u16, usize>,
}

/// Returns the embedded geography, parsed on first use.
pub fn geography() -> &'static Geography {
    static GEOGRAPHY: OnceLock<Geography> = OnceLock::new();
    GEOGRAPHY.get_or_init(|| Geography::parse(STATES_CSV, DISTRICTS_CSV))
}

impl Geography {
    fn parse(states_csv: &str, districts_csv: &str) -> Geography {
        let states: Vec<State> = data_rows(states_csv)
            .map(|cols| State {
                code: number(cols[0]),
                name: cols[1].to_string(),
                is_union_territory: cols[2] == "ut",
                iso_code: cols[3].to_string(),
                latitude: coordinate(cols[4]),
                longitude: coordinate(cols[5]),
            })
            .collect();
        let districts: Vec<District> = data_rows(districts_csv)
            .map(|cols| District {
                state_code: number(cols[0]),
                code: number(cols[3]),
                name: cols[4].to_string(),
                latitude: coordinate(cols[5]),
                longitude: coordinate(cols[6]),
                provisional: cols[7] == "provisional",
            })
            .collect();
        let state_index = states.iter().enumerate().map(|(i, s)| (s.code, i)).collect();
        let district_index = districts.iter().enumerate().map(|(i, d)| (d.code, i)).collect();
        Geography { states, districts, state_index, district_index }
    }

    /// All States/UTs in file order (alphabetical by name).
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// All districts in file order.
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    pub fn state(&self, code: u16) -> Option<&State> {
        self.state_index.get(&code).map(|&i| &self.states[i])
    }

    pub fn district(&self, code: u16) -> Option<&District> {
        self.district_index.get(&code).map(|&i| &self.districts[i])
    }

    /// Districts of one state, in file order.
    pub fn districts_of(&self, state_code: u16) -> impl Iterator<Item = &District> {
        self.districts.iter().filter(move |d| d.state_code == state_code)
    }

    /// Finds a district by its display name within a state, ignoring case.
    pub fn district_named(&self, state_code: u16, name: &str) -> Option<&District> {
        self.districts_of(state_code).find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// Great-circle distance in kilometres between the points of two districts.
    pub fn distance_km(&self, a: u16, b: u16) -> Option<f64> {
        let (a, b) = (self.district(a)?, self.district(b)?);
        Some(haversine_km(a.latitude, a.longitude, b.latitude, b.longitude))
    }
}

/// Great-circle distance in kilometres on a sphere of radius 6371 km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn data_rows(csv: &str) -> impl Iterator<Item = Vec<&str>> {
    csv.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split(',').collect())
}

fn number(cell: &str) -> u16 {
    cell.trim().parse().expect("embedded geography codes are integers")
}

fn coordinate(cell: &str) -> f64 {
    cell.trim().parse().expect("embedded geography coordinates are decimal degrees")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_states_and_districts_load() {
        let geo = geography();

        assert_eq!(geo.states().len(), 36);
        assert_eq!(geo.districts().len(), 781);
        assert!(geo.districts().iter().all(|d| geo.state(d.state_code).is_some()));
    }

    #[test]
    fn pune_and_satara_are_in_maharashtra() {
        let geo = geography();

        let pune = geo.district(490).expect("Pune");
        let satara = geo.district(494).expect("Satara");

        assert_eq!(pune.name, "Pune");
        assert_eq!(satara.state_code, 27);
        assert_eq!(geo.state(27).map(State::iso_suffix), Some("MH"));
        let km = geo.distance_km(490, 494).expect("both known");
        assert!((100.0..130.0).contains(&km), "Pune–Satara is about 115 km, got {km}");
    }
}
