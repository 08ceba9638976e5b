//! One component per screen, named after its route.

pub mod admin;
pub mod dashboard;
pub mod found_report_detail;
pub mod login;
pub mod match_review;
pub mod missing_report_detail;
pub mod new_found_report;
pub mod new_missing_report;
pub mod not_found;
pub mod route_id;
pub mod search;
pub mod submit_outcome;
