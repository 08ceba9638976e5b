//! Form state of the report forms and how it becomes a request body.
//!
//! Inputs contain text exactly as typed. A body keeps a number that does not parse as the typed
//! text, so the server's validation names the field instead of the form dropping it silently. An
//! empty input is left out of the body.

use leptos::prelude::*;
use serde_json::{Map, Value, json};

/// One identification-mark row of the marks editor.
#[derive(Debug, Clone, Copy)]
pub struct MarkForm {
    /// Stable key for the list view; not sent.
    pub key: u32,
    pub mark_type: RwSignal<String>,
    pub body_location: RwSignal<String>,
    pub description: RwSignal<String>,
}

impl MarkForm {
    /// Creates an empty row.
    pub fn new(key: u32) -> Self {
        MarkForm {
            key,
            mark_type: RwSignal::new(String::new()),
            body_location: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
        }
    }

    fn to_json(self) -> Option<Value> {
        let mut object = Map::new();
        put_text(&mut object, "type", &self.mark_type.get_untracked());
        put_text(
            &mut object,
            "body_location",
            &self.body_location.get_untracked(),
        );
        put_text(
            &mut object,
            "description",
            &self.description.get_untracked(),
        );
        (!object.is_empty()).then_some(Value::Object(object))
    }
}

/// The `child` object shared by both report forms.
#[derive(Debug, Clone, Copy)]
pub struct ChildForm {
    pub name: RwSignal<String>,
    /// Comma-separated.
    pub aliases: RwSignal<String>,
    pub sex: RwSignal<String>,
    pub date_of_birth: RwSignal<String>,
    pub age_years_min: RwSignal<String>,
    pub age_years_max: RwSignal<String>,
    pub age_basis: RwSignal<String>,
    pub height_cm: RwSignal<String>,
    pub build: RwSignal<String>,
    pub complexion: RwSignal<String>,
    pub marks: RwSignal<Vec<MarkForm>>,
    pub languages: RwSignal<Vec<String>>,
    pub father_name: RwSignal<String>,
    pub mother_name: RwSignal<String>,
    pub guardian_name: RwSignal<String>,
    pub dress: RwSignal<String>,
}

impl ChildForm {
    /// Creates an empty form.
    pub fn new() -> Self {
        ChildForm {
            name: RwSignal::new(String::new()),
            aliases: RwSignal::new(String::new()),
            sex: RwSignal::new(String::new()),
            date_of_birth: RwSignal::new(String::new()),
            age_years_min: RwSignal::new(String::new()),
            age_years_max: RwSignal::new(String::new()),
            age_basis: RwSignal::new(String::new()),
            height_cm: RwSignal::new(String::new()),
            build: RwSignal::new(String::new()),
            complexion: RwSignal::new(String::new()),
            marks: RwSignal::new(Vec::new()),
            languages: RwSignal::new(Vec::new()),
            father_name: RwSignal::new(String::new()),
            mother_name: RwSignal::new(String::new()),
            guardian_name: RwSignal::new(String::new()),
            dress: RwSignal::new(String::new()),
        }
    }

    /// Wire paths of the inputs, for placing errors.
    pub fn input_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = [
            "child.name",
            "child.aliases",
            "child.sex",
            "child.date_of_birth",
            "child.age_years_min",
            "child.age_years_max",
            "child.age_basis",
            "child.height_cm",
            "child.build",
            "child.complexion",
            "child.languages",
            "child.father_name",
            "child.mother_name",
            "child.guardian_name",
            "child.dress",
        ]
        .iter()
        .map(|path| path.to_string())
        .collect();
        for index in 0..self.marks.get_untracked().len() {
            for field in ["type", "body_location", "description"] {
                paths.push(format!("child.identification_marks[{index}].{field}"));
            }
        }
        paths.push("child.identification_marks".to_string());
        paths
    }

    /// Builds the `child` object of the request body.
    pub fn to_json(self) -> Value {
        let mut object = Map::new();
        put_text(&mut object, "name", &self.name.get_untracked());
        let aliases: Vec<Value> = split_list(&self.aliases.get_untracked())
            .into_iter()
            .map(Value::String)
            .collect();
        if !aliases.is_empty() {
            object.insert("aliases".to_string(), Value::Array(aliases));
        }
        put_text(&mut object, "sex", &self.sex.get_untracked());
        put_text(
            &mut object,
            "date_of_birth",
            &self.date_of_birth.get_untracked(),
        );
        put_number(
            &mut object,
            "age_years_min",
            &self.age_years_min.get_untracked(),
        );
        put_number(
            &mut object,
            "age_years_max",
            &self.age_years_max.get_untracked(),
        );
        put_text(&mut object, "age_basis", &self.age_basis.get_untracked());
        put_number(&mut object, "height_cm", &self.height_cm.get_untracked());
        put_text(&mut object, "build", &self.build.get_untracked());
        put_text(&mut object, "complexion", &self.complexion.get_untracked());
        let marks: Vec<Value> = self
            .marks
            .get_untracked()
            .into_iter()
            .filter_map(MarkForm::to_json)
            .collect();
        if !marks.is_empty() {
            object.insert("identification_marks".to_string(), Value::Array(marks));
        }
        let languages = self.languages.get_untracked();
        if !languages.is_empty() {
            object.insert("languages".to_string(), json!(languages));
        }
        put_text(
            &mut object,
            "father_name",
            &self.father_name.get_untracked(),
        );
        put_text(
            &mut object,
            "mother_name",
            &self.mother_name.get_untracked(),
        );
        put_text(
            &mut object,
            "guardian_name",
            &self.guardian_name.get_untracked(),
        );
        put_text(&mut object, "dress", &self.dress.get_untracked());
        Value::Object(object)
    }
}

impl Default for ChildForm {
    fn default() -> Self {
        ChildForm::new()
    }
}

/// A place: State, district and free text.
#[derive(Debug, Clone, Copy)]
pub struct PlaceForm {
    /// Wire name of the place object, e.g. `last_seen_place`.
    pub path: &'static str,
    pub state_code: RwSignal<String>,
    pub district_code: RwSignal<String>,
    pub text: RwSignal<String>,
}

impl PlaceForm {
    /// Creates an empty place named `path` on the wire.
    pub fn new(path: &'static str) -> Self {
        PlaceForm {
            path,
            state_code: RwSignal::new(String::new()),
            district_code: RwSignal::new(String::new()),
            text: RwSignal::new(String::new()),
        }
    }

    /// Wire paths of the inputs.
    pub fn input_paths(&self) -> Vec<String> {
        ["state_code", "district_code", "text"]
            .iter()
            .map(|field| format!("{}.{field}", self.path))
            .collect()
    }

    /// Adds the place object to `body`, unless every input is empty (the server then reports the
    /// place as required).
    fn put_into(&self, body: &mut Map<String, Value>) {
        let mut place = Map::new();
        put_number(&mut place, "state_code", &self.state_code.get_untracked());
        put_number(
            &mut place,
            "district_code",
            &self.district_code.get_untracked(),
        );
        put_text(&mut place, "text", &self.text.get_untracked());
        if !place.is_empty() {
            body.insert(self.path.to_string(), Value::Object(place));
        }
    }
}

/// The missing-report form.
#[derive(Debug, Clone, Copy)]
pub struct MissingForm {
    pub child: ChildForm,
    pub last_seen_date: RwSignal<String>,
    pub last_seen_place: PlaceForm,
    pub fir_number: RwSignal<String>,
    pub fir_date: RwSignal<String>,
    pub circumstances: RwSignal<String>,
    pub complainant_relation: RwSignal<String>,
    pub complainant_phone: RwSignal<String>,
}

impl MissingForm {
    /// Creates an empty form.
    pub fn new() -> Self {
        MissingForm {
            child: ChildForm::new(),
            last_seen_date: RwSignal::new(String::new()),
            last_seen_place: PlaceForm::new("last_seen_place"),
            fir_number: RwSignal::new(String::new()),
            fir_date: RwSignal::new(String::new()),
            circumstances: RwSignal::new(String::new()),
            complainant_relation: RwSignal::new(String::new()),
            complainant_phone: RwSignal::new(String::new()),
        }
    }

    /// Wire paths of every input.
    pub fn input_paths(&self) -> Vec<String> {
        let mut paths = self.child.input_paths();
        paths.push("last_seen_date".to_string());
        paths.extend(self.last_seen_place.input_paths());
        for path in [
            "fir_number",
            "fir_date",
            "circumstances",
            "complainant_relation",
            "complainant_phone",
        ] {
            paths.push(path.to_string());
        }
        paths
    }

    /// Body of `POST /missing-reports`.
    pub fn to_json(self) -> Value {
        let mut body = Map::new();
        body.insert("child".to_string(), self.child.to_json());
        put_text(
            &mut body,
            "last_seen_date",
            &self.last_seen_date.get_untracked(),
        );
        self.last_seen_place.put_into(&mut body);
        put_text(&mut body, "fir_number", &self.fir_number.get_untracked());
        put_text(&mut body, "fir_date", &self.fir_date.get_untracked());
        put_text(
            &mut body,
            "circumstances",
            &self.circumstances.get_untracked(),
        );
        put_text(
            &mut body,
            "complainant_relation",
            &self.complainant_relation.get_untracked(),
        );
        put_text(
            &mut body,
            "complainant_phone",
            &self.complainant_phone.get_untracked(),
        );
        Value::Object(body)
    }
}

impl Default for MissingForm {
    fn default() -> Self {
        MissingForm::new()
    }
}

/// The found-report form.
#[derive(Debug, Clone, Copy)]
pub struct FoundForm {
    pub child: ChildForm,
    pub found_date: RwSignal<String>,
    pub found_place: PlaceForm,
    pub found_by: RwSignal<String>,
    pub circumstances: RwSignal<String>,
}

impl FoundForm {
    /// Creates an empty form.
    pub fn new() -> Self {
        FoundForm {
            child: ChildForm::new(),
            found_date: RwSignal::new(String::new()),
            found_place: PlaceForm::new("found_place"),
            found_by: RwSignal::new(String::new()),
            circumstances: RwSignal::new(String::new()),
        }
    }

    /// Wire paths of every input.
    pub fn input_paths(&self) -> Vec<String> {
        let mut paths = self.child.input_paths();
        paths.push("found_date".to_string());
        paths.extend(self.found_place.input_paths());
        paths.push("found_by".to_string());
        paths.push("circumstances".to_string());
        paths
    }

    /// Body of `POST /found-reports`.
    pub fn to_json(self) -> Value {
        let mut body = Map::new();
        body.insert("child".to_string(), self.child.to_json());
        put_text(&mut body, "found_date", &self.found_date.get_untracked());
        self.found_place.put_into(&mut body);
        put_text(&mut body, "found_by", &self.found_by.get_untracked());
        put_text(
            &mut body,
            "circumstances",
            &self.circumstances.get_untracked(),
        );
        Value::Object(body)
    }
}

impl Default for FoundForm {
    fn default() -> Self {
        FoundForm::new()
    }
}

/// Inserts trimmed text unless it is empty.
fn put_text(object: &mut Map<String, Value>, key: &str, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        object.insert(key.to_string(), Value::String(text.to_string()));
    }
}

/// Inserts a number, or the typed text when it is not one, unless the input is empty.
fn put_number(object: &mut Map<String, Value>, key: &str, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let value = parse_number(text).unwrap_or_else(|| Value::String(text.to_string()));
    object.insert(key.to_string(), value);
}

fn parse_number(text: &str) -> Option<Value> {
    if let Ok(integer) = text.parse::<i64>() {
        return Some(Value::from(integer));
    }
    let float = text.parse::<f64>().ok()?;
    serde_json::Number::from_f64(float).map(Value::Number)
}

/// Splits comma-separated text into trimmed, non-empty items.
fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_and_bad_numbers_pass_through() {
        let mut object = Map::new();

        put_number(&mut object, "a", " 11 ");
        put_number(&mut object, "b", "138.5");
        put_number(&mut object, "c", "eleven");
        put_number(&mut object, "d", "  ");

        assert_eq!(
            Value::Object(object),
            json!({"a": 11, "b": 138.5, "c": "eleven"})
        );
    }

    #[test]
    fn list_text_is_split_and_trimmed() {
        assert_eq!(
            split_list(" Chinu, ,Munni "),
            vec!["Chinu".to_string(), "Munni".to_string()]
        );
    }

    #[test]
    fn missing_body_has_only_filled_fields() {
        let owner = Owner::new();
        owner.with(|| {
            let form = MissingForm::new();
            form.child.name.set("Aarti".to_string());
            form.child.sex.set("female".to_string());
            form.child.languages.set(vec!["mar".to_string()]);
            form.last_seen_date.set("2026-10-12".to_string());
            form.last_seen_place.state_code.set("27".to_string());
            form.last_seen_place.district_code.set("490".to_string());

            let body = form.to_json();

            assert_eq!(
                body,
                json!({
                    "child": {"name": "Aarti", "sex": "female", "languages": ["mar"]},
                    "last_seen_date": "2026-10-12",
                    "last_seen_place": {"state_code": 27, "district_code": 490}
                })
            );
        });
    }

    #[test]
    fn empty_place_is_left_out() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FoundForm::new();

            let body = form.to_json();

            assert!(body.get("found_place").is_none(), "{body}");
            assert_eq!(body["child"], json!({}));
        });
    }
}
