//! Reaching reports outside the user's unit: search, break-glass and the audit trail.

pub mod audit_section;
pub mod break_glass_dialog;
pub mod search_hit_card;
