//! 64-bit perceptual hashes for spotting the same picture uploaded more than once.

use image::DynamicImage;
use image_hasher::{HashAlg, HasherConfig};

/// Largest Hamming distance between two [`perceptual_hash`] values that still counts as the
/// same picture.
///
/// Chosen from the synthetic pictures in `tests/hash.rs`. There, halving, enlarging, JPEG
/// quality 40, conversion to grey and a 2% white border moved a hash by at most 8 bits. The
/// closest of 20 different pictures were 18 bits apart, and 12 sits between the two. NOTE: measured on
/// synthetic images only; re-check on real report photos before relying on the exact value.
pub const NEAR_DUPLICATE_MAX_DISTANCE: u32 = 12;

/// Computes a 64-bit pHash-style perceptual hash: the `image_hasher` crate's median hash of the
/// 8x8 lowest DCT coefficients of the grey image. Colour is ignored, so a grey copy hashes
/// like the original.
pub fn perceptual_hash(image: &DynamicImage) -> u64 {
    let hasher = HasherConfig::new()
        .hash_size(8, 8)
        .hash_alg(HashAlg::Median)
        .preproc_dct()
        .to_hasher();
    let hash = hasher.hash_image(image);
    let bytes = hash.as_bytes();
    let mut value = [0u8; 8];
    let take = bytes.len().min(8);
    value[..take].copy_from_slice(&bytes[..take]);
    u64::from_be_bytes(value)
}

/// Returns the number of bits in which two hashes differ (0 to 64).
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Returns true when two hashes are within [`NEAR_DUPLICATE_MAX_DISTANCE`] bits. A match means
/// "probably the same picture", which flags a duplicate report or a data-quality problem. It is
/// no evidence that two different pictures show the same child.
pub fn is_near_duplicate(a: u64, b: u64) -> bool {
    hamming(a, b) <= NEAR_DUPLICATE_MAX_DISTANCE
}
