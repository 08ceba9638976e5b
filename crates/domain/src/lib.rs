//! TrackChild's domain: the case model, validation, lifecycles, access rules, reference geography
//! and the matcher.
//!
//! This crate does no I/O and has no async runtime, so it builds for wasm32 (with default features
//! off) and is shared by the server, the client and the SPA. It never imports diesel, actix or tokio.

pub mod access;
pub mod case_number;
pub mod codes;
pub mod examples;
pub mod geo;
pub mod input;
pub mod matching;
pub mod wire;
pub mod names;
pub mod search;
pub mod synth;
