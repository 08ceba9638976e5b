//! Placing the server's validation errors next to the inputs they concern.
//!
//! The server names each bad field by its dotted wire path (`child.age_years_min`,
//! `child.languages[2]`, `last_seen_place`). Each form lists the paths of its inputs. An error goes
//! to the input with its exact path, else to the nearest input at or under a parent path, else to
//! the summary above the form.

use trackchild_client::wire::FieldError;

/// One error as the view shows it: the input it belongs to and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedError {
    /// Wire path of the input, or the server's own path for an error no input takes.
    pub path: String,
    pub code: String,
}

/// The validation errors of one submit, grouped by input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    placed: Vec<PlacedError>,
    unplaced: Vec<PlacedError>,
}

impl FieldErrors {
    /// Places every error of a 422 response on one of `inputs` (wire paths of the form's inputs).
    pub fn place(errors: &[FieldError], inputs: &[String]) -> Self {
        let mut result = FieldErrors::default();
        for error in errors {
            match input_for(&error.field, inputs) {
                Some(path) => result.placed.push(PlacedError {
                    path,
                    code: error.code.clone(),
                }),
                None => result.unplaced.push(PlacedError {
                    path: error.field.clone(),
                    code: error.code.clone(),
                }),
            }
        }
        result
    }

    /// Error codes for the input at `path`, in the server's order.
    pub fn codes_for(&self, path: &str) -> Vec<String> {
        self.placed
            .iter()
            .filter(|error| error.path == path)
            .map(|error| error.code.clone())
            .collect()
    }

    /// Errors placed on inputs, in the server's order, for the summary's links.
    pub fn placed(&self) -> &[PlacedError] {
        &self.placed
    }

    /// Errors that no input of the form takes.
    pub fn unplaced(&self) -> &[PlacedError] {
        &self.unplaced
    }

    /// Number of errors in all.
    pub fn len(&self) -> usize {
        self.placed.len() + self.unplaced.len()
    }

    /// Returns whether there are no errors.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Finds the input an error at `field` belongs to.
fn input_for(field: &str, inputs: &[String]) -> Option<String> {
    if inputs.iter().any(|input| input == field) {
        return Some(field.to_string());
    }
    let mut candidate = strip_indices(field);
    loop {
        if inputs.contains(&candidate) {
            return Some(candidate);
        }
        // A required object (`last_seen_place`) is shown at its first input.
        let prefix = format!("{candidate}.");
        if let Some(child) = inputs.iter().find(|input| input.starts_with(&prefix)) {
            return Some(child.clone());
        }
        let parent_end = candidate.rfind('.')?;
        candidate.truncate(parent_end);
    }
}

/// Drops list indices: `child.languages[2]` becomes `child.languages`.
fn strip_indices(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut depth = 0_u32;
    for c in field.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Turns a wire path into an HTML id: `child.age_years_min` becomes `f-child-age_years_min`.
pub fn input_id(path: &str) -> String {
    let cleaned: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("f-{cleaned}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Vec<String> {
        [
            "child.name",
            "child.sex",
            "child.age_years_min",
            "child.languages",
            "child.identification_marks[0].type",
            "last_seen_place.state_code",
            "last_seen_place.district_code",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn error(field: &str, code: &str) -> FieldError {
        FieldError {
            field: field.to_string(),
            code: code.to_string(),
            message: String::new(),
        }
    }

    #[test]
    fn exact_path_is_placed() {
        let errors = FieldErrors::place(&[error("child.sex", "required")], &inputs());

        assert_eq!(errors.codes_for("child.sex"), vec!["required".to_string()]);
        assert!(errors.unplaced().is_empty());
    }

    #[test]
    fn list_item_goes_to_list_input() {
        let errors = FieldErrors::place(&[error("child.languages[3]", "invalid_value")], &inputs());

        assert_eq!(
            errors.codes_for("child.languages"),
            vec!["invalid_value".to_string()]
        );
    }

    #[test]
    fn indexed_input_keeps_its_index() {
        let errors = FieldErrors::place(
            &[error("child.identification_marks[0].type", "invalid_value")],
            &inputs(),
        );

        assert_eq!(
            errors.codes_for("child.identification_marks[0].type"),
            vec!["invalid_value".to_string()]
        );
    }

    #[test]
    fn required_object_goes_to_first_input() {
        let errors = FieldErrors::place(&[error("last_seen_place", "required")], &inputs());

        assert_eq!(
            errors.codes_for("last_seen_place.state_code"),
            vec!["required".to_string()]
        );
    }

    #[test]
    fn unknown_field_stays_unplaced() {
        let errors = FieldErrors::place(&[error("colour", "unknown_field")], &inputs());

        assert_eq!(errors.unplaced().len(), 1);
        assert_eq!(errors.len(), 1);
        assert!(errors.placed().is_empty());
    }

    #[test]
    fn child_of_unknown_object_goes_to_parent_input() {
        let errors = FieldErrors::place(&[error("child.name.first", "invalid_type")], &inputs());

        assert_eq!(
            errors.codes_for("child.name"),
            vec!["invalid_type".to_string()]
        );
    }

    #[test]
    fn input_id_is_html_safe() {
        assert_eq!(
            input_id("child.identification_marks[0].type"),
            "f-child-identification_marks-0--type"
        );
    }
}
