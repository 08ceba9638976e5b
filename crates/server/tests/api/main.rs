//! API tests: the real server on port 0, on SQLite and PostgreSQL, called through
//! `trackchild-client` (attack tests use raw requests).

mod access;
mod attacks;
mod auth;
mod helpers;
mod matching;
mod openapi;
mod photos;
mod reports;
