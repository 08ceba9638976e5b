//! Photo handling for TrackChild: sanitising uploads, perceptual hashes for near-duplicates,
//! photo storage behind a trait, and (with the `faces` feature) offline face detection and
//! embedding.
//!
//! This crate does no HTTP and no database work. The server decides who may upload or see a
//! photo, records consent and audit events, and stores the ids returned here.
//!
//! - [`sanitize`] turns untrusted upload bytes into a re-encoded working JPEG and thumbnail with
//!   no metadata, or a [`PhotoError`] with a stable code.
//! - [`perceptual_hash`], [`hamming`] and [`NEAR_DUPLICATE_MAX_DISTANCE`] find the same picture
//!   uploaded twice.
//! - [`PhotoStore`] and [`FsPhotoStore`] keep the sanitised bytes by photo id and [`Variant`].
//! - [`face_level`] and [`cosine`] grade two face embeddings; the `faces` feature adds
//!   `FaceModels`, which finds faces and computes those embeddings.

mod error;
mod hash;
mod limits;
mod sanitize;
mod similarity;
mod sniff;
mod store;

#[cfg(feature = "faces")]
pub mod faces;

pub use error::PhotoError;
pub use hash::{NEAR_DUPLICATE_MAX_DISTANCE, hamming, is_near_duplicate, perceptual_hash};
pub use limits::Limits;
pub use sanitize::{SanitizedPhoto, sanitize};
pub use similarity::{FaceLevel, FaceThresholds, cosine, face_level};
pub use sniff::{ImageKind, Sniffed, sniff};
pub use store::{FsPhotoStore, PhotoStore, StoreError, Variant};
