//! TrackChild's HTTP server: the actix-web app, authentication, handlers, the OpenAPI document,
//! the background matcher and demo data. This is the only crate that knows HTTP.

pub mod access;
pub mod app;
pub mod auth;
pub mod demo;
pub mod error;
pub mod faces;
pub mod matcher;
pub mod openapi;
pub mod routes;
