//! The administration screen's parts: organisations, their registration and their users.

pub mod codes;
pub mod organisation_card;
pub mod register_form;
pub mod users_section;
