//! Pieces that show a report: its child, its status, its row in a list.

pub mod child_facts;
pub mod possible_duplicates;
pub mod report_row;
pub mod status_badge;
