//! The frame around every screen.

pub mod app_header;
pub mod language_switch;
pub mod page_title;
pub mod require_login;
