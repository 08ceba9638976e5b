//! Reaching reports outside the user's unit: search, break-glass and the audit trail.

pub mod audit_section;
pub mod break_glass_dialog;
pub mod hit_action;
pub mod search_hit_card;
