//! Form state and validation-error placement, apart from the components that render them.

pub mod field_errors;
pub mod model;
