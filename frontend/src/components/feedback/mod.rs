//! Loading and error states.

pub mod loading;
pub mod problem_message;
