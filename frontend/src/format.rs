//! Display helpers for values that need more than a catalogue label.

use trackchild_client::wire::{Child, Place, StateInfo};

use crate::i18n::I18n;

/// Probability 0–1 as a whole percentage, e.g. `87%`. Values that would round to 0% or 100%
/// without being certain read `<1%` and `>99%`, so the page never shows a certainty the matcher
/// did not claim.
pub fn percent(probability: f64) -> String {
    let clamped = probability.clamp(0.0, 1.0);
    let whole = (clamped * 100.0).round();
    if whole >= 100.0 && clamped < 1.0 {
        return ">99%".to_string();
    }
    if whole <= 0.0 && clamped > 0.0 {
        return "<1%".to_string();
    }
    format!("{whole:.0}%")
}

/// Formats the child's age as recorded: a date of birth, an age, or an age range.
pub fn age_text(i18n: I18n, child: &Child) -> String {
    if let Some(born) = child.date_of_birth {
        return i18n.t_fill("report.born_on", &[("date", &born.to_string())]);
    }
    match (child.age_years_min, child.age_years_max) {
        (Some(min), Some(max)) if min == max => {
            i18n.t_fill("report.age_years", &[("age", &min.to_string())])
        }
        (Some(min), Some(max)) => {
            let range = format!("{min}–{max}");
            i18n.t_fill("report.age_years", &[("age", &range)])
        }
        _ => String::new(),
    }
}

/// Returns the child's name, or the catalogue's "name not known".
pub fn child_name(i18n: I18n, child: &Child) -> String {
    child
        .name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| i18n.t("report.name_unknown"))
}

/// District and State names of a place plus its text, e.g. `Pune, Maharashtra — platform 3`.
/// Falls back to the LGD codes when the geography has not loaded.
pub fn place_text(states: &[StateInfo], place: &Place) -> String {
    let state = states
        .iter()
        .find(|state| state.state_code == place.state_code);
    let district = state
        .and_then(|state| {
            state
                .districts
                .iter()
                .find(|district| district.district_code == place.district_code)
        })
        .map_or_else(
            || place.district_code.to_string(),
            |district| district.name.clone(),
        );
    let state = state.map_or_else(|| place.state_code.to_string(), |state| state.name.clone());
    match place.text.as_deref().filter(|text| !text.is_empty()) {
        Some(text) => format!("{district}, {state} — {text}"),
        None => format!("{district}, {state}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trackchild_client::wire::DistrictInfo;

    #[test]
    fn percent_rounds_and_clamps() {
        assert_eq!(percent(0.874), "87%");
        assert_eq!(percent(1.2), "100%");
        assert_eq!(percent(-0.1), "0%");
        assert_eq!(percent(0.9996), ">99%");
        assert_eq!(percent(0.003), "<1%");
    }

    #[test]
    fn place_uses_names_when_known() {
        let states = vec![StateInfo {
            state_code: 27,
            name: "Maharashtra".to_string(),
            iso_code: "IN-MH".to_string(),
            districts: vec![DistrictInfo {
                district_code: 490,
                name: "Pune".to_string(),
            }],
        }];
        let place = Place {
            state_code: 27,
            district_code: 490,
            text: Some("platform 3".to_string()),
        };

        assert_eq!(
            place_text(&states, &place),
            "Pune, Maharashtra — platform 3"
        );
        assert_eq!(place_text(&[], &place), "490, 27 — platform 3");
    }
}
