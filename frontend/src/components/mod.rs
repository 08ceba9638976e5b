//! Components grouped by the area of the screen they serve; one component per file.

pub mod access;
pub mod admin;
pub mod feedback;
pub mod form;
pub mod layout;
pub mod matches;
pub mod photos;
pub mod report;
