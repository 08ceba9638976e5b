//! Parsing and validation of report bodies, reporting every bad field at once.
//!
//! A body is read field by field from a JSON object, so that a wrongly typed field, an unknown
//! field and a date in the future are all listed in one answer. Dates are checked against
//! `today`, the calendar date where the reports are made (the caller passes the date in India).

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::codes::{FoundBy, FoundCircumstances, MissingCircumstances, is_language_code};
use crate::geo::geography;
use crate::wire::{Child, FieldError, IdentificationMark, NewFoundReport, NewMissingReport, Place};

/// Longest accepted name, alias or parent's name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest accepted free text (dress, place text, mark description), in characters.
pub const MAX_TEXT_CHARS: usize = 1000;
/// Most aliases or identification marks on one child.
pub const MAX_LIST_ITEMS: usize = 20;
/// Oldest age a child can have, in whole years (a child is anyone under 18).
pub const MAX_CHILD_AGE: u8 = 18;

/// Relations a complainant may have to the missing child.
pub const COMPLAINANT_RELATIONS: &[&str] =
    &["father", "mother", "guardian", "relative", "cci_incharge", "teacher", "neighbour", "other"];

/// Every field error found in a body; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

/// Parses and validates the body of a new missing report.
pub fn parse_missing_report(body: &Value, today: NaiveDate) -> Result<NewMissingReport, ValidationErrors> {
    let mut errors = Vec::new();
    let report = read_missing(body, &mut errors);
    match report {
        Some(report) if errors.is_empty() => {
            check_missing(&report, today, &mut errors);
            finish(report, errors)
        }
        _ => Err(ValidationErrors(errors)),
    }
}

/// Parses and validates the body of a new found report.
pub fn parse_found_report(body: &Value, today: NaiveDate) -> Result<NewFoundReport, ValidationErrors> {
    let mut errors = Vec::new();
    let report = read_found(body, &mut errors);
    match report {
        Some(report) if errors.is_empty() => {
            check_found(&report, today, &mut errors);
            finish(report, errors)
        }
        _ => Err(ValidationErrors(errors)),
    }
}

/// Applies an RFC 7396 JSON merge patch to `target`.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let target_map = target.as_object_mut().expect("target was made an object above");
    for (key, value) in patch_map {
        if value.is_null() {
            target_map.remove(key);
        } else {
            merge_patch(target_map.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

fn finish<T>(report: T, errors: Vec<FieldError>) -> Result<T, ValidationErrors> {
    if errors.is_empty() { Ok(report) } else { Err(ValidationErrors(errors)) }
}

fn read_missing(body: &Value, errors: &mut Vec<FieldError>) -> Option<NewMissingReport> {
    let mut r = ObjectReader::root(body, errors)?;
    let child = r.object("child", true, read_child);
    let last_seen_date = r.required::<NaiveDate>("last_seen_date");
    let last_seen_place = r.object("last_seen_place", true, read_place);
    let fir_number = r.text("fir_number", 50);
    let fir_date = r.optional::<NaiveDate>("fir_date");
    let circumstances = r.optional::<MissingCircumstances>("circumstances");
    let complainant_relation = r.text("complainant_relation", 50);
    let complainant_phone = r.text("complainant_phone", 20);
    r.finish();
    Some(NewMissingReport {
        child: child?,
        last_seen_date: last_seen_date?,
        last_seen_place: last_seen_place?,
        fir_number,
        fir_date,
        circumstances,
        complainant_relation,
        complainant_phone,
    })
}

fn read_found(body: &Value, errors: &mut Vec<FieldError>) -> Option<NewFoundReport> {
    let mut r = ObjectReader::root(body, errors)?;
    let child = r.object("child", true, read_child);
    let found_date = r.required::<NaiveDate>("found_date");
    let found_place = r.object("found_place", true, read_place);
    let found_by = r.optional::<FoundBy>("found_by");
    let circumstances = r.optional::<FoundCircumstances>("circumstances");
    r.finish();
    Some(NewFoundReport {
        child: child?,
        found_date: found_date?,
        found_place: found_place?,
        found_by,
        circumstances,
    })
}

fn read_child(r: &mut ObjectReader<'_, '_>) -> Option<Child> {
    let sex = r.required("sex");
    let child = Child {
        name: r.text("name", MAX_NAME_CHARS),
        name_latin: r.text("name_latin", MAX_NAME_CHARS),
        aliases: r.text_list("aliases", MAX_NAME_CHARS),
        sex,
        date_of_birth: r.optional("date_of_birth"),
        age_years_min: r.optional("age_years_min"),
        age_years_max: r.optional("age_years_max"),
        age_basis: r.optional("age_basis"),
        height_cm: r.optional("height_cm"),
        build: r.optional("build"),
        complexion: r.optional("complexion"),
        identification_marks: r.optional::<Vec<IdentificationMark>>("identification_marks").unwrap_or_default(),
        languages: r.optional::<Vec<String>>("languages").unwrap_or_default(),
        father_name: r.text("father_name", MAX_NAME_CHARS),
        mother_name: r.text("mother_name", MAX_NAME_CHARS),
        guardian_name: r.text("guardian_name", MAX_NAME_CHARS),
        dress: r.text("dress", MAX_TEXT_CHARS),
    };
    child.sex.is_some().then_some(child)
}

fn read_place(r: &mut ObjectReader<'_, '_>) -> Option<Place> {
    let state_code = r.required::<u16>("state_code");
    let district_code = r.required::<u16>("district_code");
    let text = r.text("text", MAX_TEXT_CHARS);
    Some(Place { state_code: state_code?, district_code: district_code?, text })
}

fn check_missing(report: &NewMissingReport, today: NaiveDate, errors: &mut Vec<FieldError>) {
    check_child(&report.child, errors);
    check_event_date("last_seen_date", report.last_seen_date, &report.child, today, errors);
    check_place("last_seen_place", &report.last_seen_place, errors);
    match (&report.fir_number, report.fir_date) {
        (Some(_), None) => errors.push(error("fir_date", "required", "fir_date is required when fir_number is given; send both or neither")),
        (None, Some(_)) => errors.push(error("fir_number", "required", "fir_number is required when fir_date is given; send both or neither")),
        _ => {}
    }
    if let Some(fir_date) = report.fir_date {
        check_not_future("fir_date", fir_date, today, errors);
    }
    if let Some(relation) = &report.complainant_relation
        && !COMPLAINANT_RELATIONS.contains(&relation.as_str())
    {
        let message = format!("complainant_relation {relation:?} is not one of {}", COMPLAINANT_RELATIONS.join(", "));
        errors.push(error("complainant_relation", "invalid_value", &message));
    }
    if let Some(phone) = &report.complainant_phone
        && !is_phone_number(phone)
    {
        errors.push(error(
            "complainant_phone",
            "invalid_value",
            "complainant_phone must be 6–15 digits, optionally starting with +, e.g. +91 98220 12345",
        ));
    }
}

fn check_found(report: &NewFoundReport, today: NaiveDate, errors: &mut Vec<FieldError>) {
    check_child(&report.child, errors);
    check_event_date("found_date", report.found_date, &report.child, today, errors);
    check_place("found_place", &report.found_place, errors);
}

fn check_child(child: &Child, errors: &mut Vec<FieldError>) {
    if let (Some(min), Some(max)) = (child.age_years_min, child.age_years_max)
        && min > max
    {
        let message = format!("age_years_min {min} is greater than age_years_max {max}; send the lower age first");
        errors.push(error("child.age_years_min", "inverted_range", &message));
    }
    for (field, age) in [("child.age_years_min", child.age_years_min), ("child.age_years_max", child.age_years_max)] {
        if let Some(age) = age
            && age > MAX_CHILD_AGE
        {
            let message = format!("{field} {age} is over {MAX_CHILD_AGE}; a child is anyone under 18");
            errors.push(error(field, "out_of_range", &message));
        }
    }
    match (child.age_years_min, child.age_years_max) {
        (Some(_), None) => errors.push(error("child.age_years_max", "required", "age_years_max is required with age_years_min; for one age send it as both")),
        (None, Some(_)) => errors.push(error("child.age_years_min", "required", "age_years_min is required with age_years_max; for one age send it as both")),
        _ => {}
    }
    if let Some(height) = child.height_cm
        && !(30.0..=220.0).contains(&height)
    {
        let message = format!("height_cm {height} is outside 30–220; send the height in centimetres");
        errors.push(error("child.height_cm", "out_of_range", &message));
    }
    if child.aliases.len() > MAX_LIST_ITEMS {
        errors.push(error("child.aliases", "too_many", &format!("at most {MAX_LIST_ITEMS} aliases")));
    }
    if child.identification_marks.len() > MAX_LIST_ITEMS {
        errors.push(error("child.identification_marks", "too_many", &format!("at most {MAX_LIST_ITEMS} marks")));
    }
    for (i, mark) in child.identification_marks.iter().enumerate() {
        if let Some(text) = &mark.description
            && text.chars().count() > MAX_TEXT_CHARS
        {
            let field = format!("child.identification_marks[{i}].description");
            errors.push(error(&field, "too_long", &format!("at most {MAX_TEXT_CHARS} characters")));
        }
    }
    for (i, code) in child.languages.iter().enumerate() {
        if !is_language_code(code) {
            let message = format!("{code:?} is not a known ISO 639-3 language code; use e.g. hin, mar, ben, eng");
            errors.push(error(&format!("child.languages[{i}]"), "invalid_value", &message));
        }
    }
}

fn check_event_date(field: &str, date: NaiveDate, child: &Child, today: NaiveDate, errors: &mut Vec<FieldError>) {
    check_not_future(field, date, today, errors);
    let Some(born) = child.date_of_birth else { return };
    check_not_future("child.date_of_birth", born, today, errors);
    if date < born {
        let message = format!("{field} {date} is before the date of birth {born}");
        errors.push(error(field, "before_birth", &message));
    } else if years_between(born, date) >= i32::from(MAX_CHILD_AGE) {
        let message = format!("the child was 18 or older on {date} (born {born}); TrackChild records children only");
        errors.push(error("child.date_of_birth", "not_a_child", &message));
    }
}

fn check_not_future(field: &str, date: NaiveDate, today: NaiveDate, errors: &mut Vec<FieldError>) {
    if date > today {
        let message = format!("{field} {date} is in the future (today is {today} in India); send the actual date in YYYY-MM-DD");
        errors.push(error(field, "future_date", &message));
    }
}

fn check_place(field: &str, place: &Place, errors: &mut Vec<FieldError>) {
    let geo = geography();
    let Some(state) = geo.state(place.state_code) else {
        let message = format!("state_code {} is not an LGD State/UT code; e.g. 27 is Maharashtra", place.state_code);
        errors.push(error(&format!("{field}.state_code"), "unknown_state", &message));
        return;
    };
    match geo.district(place.district_code) {
        None => {
            let message = format!("district_code {} is not a known LGD district code", place.district_code);
            errors.push(error(&format!("{field}.district_code"), "unknown_district", &message));
        }
        Some(district) if district.state_code != state.code => {
            let message = format!("district {} ({}) is not in {}", district.code, district.name, state.name);
            errors.push(error(&format!("{field}.district_code"), "district_not_in_state", &message));
        }
        Some(_) => {}
    }
}

/// Whole years from `born` to `on`.
pub fn years_between(born: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

fn is_phone_number(phone: &str) -> bool {
    let digits: String = phone.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    (6..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

fn error(field: &str, code: &str, message: &str) -> FieldError {
    FieldError { field: field.to_string(), code: code.to_string(), message: message.to_string() }
}

/// Reads the fields of one JSON object, recording every error under the object's path.
struct ObjectReader<'v, 'e> {
    prefix: String,
    map: &'v Map<String, Value>,
    seen: Vec<&'static str>,
    errors: &'e mut Vec<FieldError>,
}

impl<'v, 'e> ObjectReader<'v, 'e> {
    fn root(body: &'v Value, errors: &'e mut Vec<FieldError>) -> Option<Self> {
        let Value::Object(map) = body else {
            errors.push(error("", "invalid_type", "the request body must be a JSON object"));
            return None;
        };
        Some(ObjectReader { prefix: String::new(), map, seen: Vec::new(), errors })
    }

    fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Returns the value of `key` unless it is absent or `null`.
    fn raw(&mut self, key: &'static str) -> Option<&'v Value> {
        self.seen.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn optional<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        let value = self.raw(key)?;
        match serde_json::from_value::<T>(value.clone()) {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                let message = format!("{} has the wrong type or value: {}", self.path(key), clean_serde_message(&e.to_string()));
                let field = self.path(key);
                self.errors.push(error(&field, "invalid_value", &message));
                None
            }
        }
    }

    fn required<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        if self.raw(key).is_none() {
            let field = self.path(key);
            self.errors.push(error(&field, "required", &format!("{field} is required")));
            return None;
        }
        self.optional(key)
    }

    /// Reads optional text, trimmed; empty text counts as absent.
    fn text(&mut self, key: &'static str, max_chars: usize) -> Option<String> {
        let text = self.optional::<String>(key)?;
        let text = text.trim();
        if text.chars().count() > max_chars {
            let field = self.path(key);
            self.errors.push(error(&field, "too_long", &format!("{field} is longer than {max_chars} characters")));
            return None;
        }
        (!text.is_empty()).then(|| text.to_string())
    }

    fn text_list(&mut self, key: &'static str, max_chars: usize) -> Vec<String> {
        let items = self.optional::<Vec<String>>(key).unwrap_or_default();
        let mut kept = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item = item.trim();
            if item.chars().count() > max_chars {
                let field = format!("{}[{i}]", self.path(key));
                self.errors.push(error(&field, "too_long", &format!("{field} is longer than {max_chars} characters")));
            } else if !item.is_empty() {
                kept.push(item.to_string());
            }
        }
        kept
    }

    fn object<T>(&mut self, key: &'static str, required: bool, read: impl FnOnce(&mut ObjectReader<'v, '_>) -> Option<T>) -> Option<T> {
        let path = self.path(key);
        let Some(value) = self.raw(key) else {
            if required {
                self.errors.push(error(&path, "required", &format!("{path} is required")));
            }
            return None;
        };
        let Value::Object(map) = value else {
            self.errors.push(error(&path, "invalid_type", &format!("{path} must be a JSON object")));
            return None;
        };
        let mut inner = ObjectReader { prefix: format!("{path}."), map, seen: Vec::new(), errors: self.errors };
        let parsed = read(&mut inner);
        inner.finish();
        parsed
    }

    /// Records an error for every key that no read asked for.
    fn finish(self) {
        for key in self.map.keys() {
            if !self.seen.contains(&key.as_str()) {
                let field = format!("{}{key}", self.prefix);
                let message = format!("{field} is not a field of this object; check the spelling against the API schema");
                self.errors.push(error(&field, "unknown_field", &message));
            }
        }
    }
}

/// Drops serde's position suffix, which refers to a re-serialised value, not the client's body.
fn clean_serde_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn valid_missing() -> Value {
        json!({
            "child": {"name": "Rahul Pawar", "sex": "male", "age_years_min": 9, "age_years_max": 10, "languages": ["mar"]},
            "last_seen_date": "2026-10-20",
            "last_seen_place": {"state_code": 27, "district_code": 490, "text": "Swargate bus stand"}
        })
    }

    fn codes(errors: &ValidationErrors) -> Vec<(String, String)> {
        errors.0.iter().map(|e| (e.field.clone(), e.code.clone())).collect()
    }

    #[test]
    fn valid_missing_report_parses() {
        let report = parse_missing_report(&valid_missing(), today()).expect("valid");

        assert_eq!(report.child.name.as_deref(), Some("Rahul Pawar"));
        assert_eq!(report.last_seen_place.district_code, 490);
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let body = json!({
            "child": {"sex": "boy", "age_years_min": 12, "age_years_max": 9, "nickname": "x"},
            "last_seen_date": "2027-01-03",
            "last_seen_place": {"state_code": 99, "district_code": 490},
            "colour": "red"
        });

        let errors = parse_missing_report(&body, today()).expect_err("invalid");

        let found = codes(&errors);
        assert!(found.contains(&("child.sex".into(), "invalid_value".into())), "{found:?}");
        assert!(found.contains(&("child.nickname".into(), "unknown_field".into())), "{found:?}");
        assert!(found.contains(&("colour".into(), "unknown_field".into())), "{found:?}");
    }

    #[test]
    fn semantic_errors_are_reported_together() {
        let body = json!({
            "child": {"sex": "male", "age_years_min": 12, "age_years_max": 9, "date_of_birth": "2020-01-01"},
            "last_seen_date": "2027-01-03",
            "last_seen_place": {"state_code": 99, "district_code": 490},
            "fir_number": "123/2026"
        });

        let errors = parse_missing_report(&body, today()).expect_err("invalid");

        let found = codes(&errors);
        assert!(found.contains(&("child.age_years_min".into(), "inverted_range".into())), "{found:?}");
        assert!(found.contains(&("last_seen_date".into(), "future_date".into())), "{found:?}");
        assert!(found.contains(&("last_seen_place.state_code".into(), "unknown_state".into())), "{found:?}");
        assert!(found.contains(&("fir_date".into(), "required".into())), "{found:?}");
    }

    #[test]
    fn found_before_birth_is_rejected() {
        let body = json!({
            "child": {"sex": "female", "date_of_birth": "2020-05-01"},
            "found_date": "2019-01-01",
            "found_place": {"state_code": 27, "district_code": 494}
        });

        let errors = parse_found_report(&body, today()).expect_err("invalid");

        assert_eq!(codes(&errors), vec![("found_date".to_string(), "before_birth".to_string())]);
    }

    #[test]
    fn district_outside_state_is_rejected() {
        let body = json!({
            "child": {"sex": "female"},
            "found_date": "2026-11-01",
            "found_place": {"state_code": 10, "district_code": 494}
        });

        let errors = parse_found_report(&body, today()).expect_err("invalid");

        assert_eq!(codes(&errors), vec![("found_place.district_code".to_string(), "district_not_in_state".to_string())]);
    }

    #[test]
    fn missing_required_fields_are_listed() {
        let errors = parse_found_report(&json!({"child": {}}), today()).expect_err("invalid");

        let found = codes(&errors);
        assert!(found.contains(&("child.sex".into(), "required".into())));
        assert!(found.contains(&("found_date".into(), "required".into())));
        assert!(found.contains(&("found_place".into(), "required".into())));
    }

    #[test]
    fn overlong_text_is_rejected() {
        let mut body = valid_missing();
        body["child"]["name"] = json!("a".repeat(MAX_NAME_CHARS + 1));

        let errors = parse_missing_report(&body, today()).expect_err("invalid");

        assert_eq!(codes(&errors), vec![("child.name".to_string(), "too_long".to_string())]);
    }

    #[test]
    fn today_is_not_the_future() {
        let mut body = valid_missing();
        body["last_seen_date"] = json!("2026-12-04");

        assert!(parse_missing_report(&body, today()).is_ok());
    }

    #[test]
    fn merge_patch_replaces_and_removes() {
        let mut target = json!({"a": 1, "b": {"c": 2, "d": 3}});

        merge_patch(&mut target, &json!({"a": null, "b": {"c": 5}}));

        assert_eq!(target, json!({"b": {"c": 5, "d": 3}}));
    }

    #[test]
    fn phone_numbers_are_checked() {
        assert!(is_phone_number("+91 98220 12345"));
        assert!(is_phone_number("020-2612-3456"));
        assert!(!is_phone_number("call me"));
        assert!(!is_phone_number("12"));
    }
}
