//! Suggested matches: list rows, the side-by-side comparison, the explanation and the decisions.

pub mod confirm_form;
pub mod explanation_chart;
pub mod reject_form;
pub mod side_by_side;
pub mod suggestion_row;
pub mod suggestions_section;
pub mod unlink_form;
