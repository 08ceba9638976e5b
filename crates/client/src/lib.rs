//! Typed HTTP client for the TrackChild v1 API, used by the SPA (wasm32, through the browser's
//! fetch) and by the server's API tests (native, through rustls with the ring provider).
//!
//! Authentication is in the types: [`Client`] can only log in, refresh or read reference data;
//! [`Client::login`] returns an [`AuthedClient`] that carries the tokens and has a method for
//! every endpoint. Every call returns [`ClientError`], whose `Api` variant contains the server's
//! RFC 9457 problem with its stable `code` and field errors.
//!
//! This crate knows HTTP and the wire types of `trackchild-domain`; it holds no UI text.

mod access;
mod authed;
mod client;
mod error;
mod photos;

pub use access::{Capabilities, ReportKind};
pub use authed::{AuthedClient, ListQuery};
pub use client::{API_PREFIX, Client, Result};
pub use error::{ClientError, UNEXPECTED_RESPONSE};
pub use photos::{FaceBox, NewPhoto, PhotoView};
pub use reqwest::{Method, RequestBuilder, Url};
pub use trackchild_domain::codes;
pub use trackchild_domain::wire;
