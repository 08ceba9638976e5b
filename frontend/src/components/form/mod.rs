//! Form building blocks: labelled inputs that show the server's errors next to themselves.

pub mod child_fields;
pub mod error_summary;
pub mod field_error_text;
pub mod language_checkboxes;
pub mod marks_editor;
pub mod place_fields;
pub mod select_field;
pub mod text_field;
