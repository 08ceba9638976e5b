//! Size limits applied to an upload before and during decoding.

/// Limits on one upload and on the images derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum upload size in bytes, checked before anything is parsed.
    pub max_bytes: u64,
    /// Maximum width × height, checked from the image header before the pixels are decoded.
    pub max_pixels: u64,
    /// Maximum width and maximum height in pixels, each checked from the header.
    pub max_side: u32,
    /// Maximum bytes the decoder may allocate (the `image` crate's `max_alloc`).
    pub max_decoder_alloc: u64,
    /// Maximum longest side of the stored working image in pixels; larger images are scaled down.
    pub working_max_side: u32,
    /// Maximum longest side of the stored thumbnail in pixels.
    pub thumbnail_max_side: u32,
    /// JPEG quality (1-100) of the working image.
    pub working_quality: u8,
    /// JPEG quality (1-100) of the thumbnail.
    pub thumbnail_quality: u8,
}

impl Default for Limits {
    /// Limits for phone photos. 20 MiB and 50 megapixels admit a current phone's full-size
    /// picture, and a 1600 px working image keeps faces detailed enough for matching.
    fn default() -> Self {
        Limits {
            max_bytes: 20 * 1024 * 1024,
            max_pixels: 50_000_000,
            max_side: 12_000,
            max_decoder_alloc: 512 * 1024 * 1024,
            working_max_side: 1600,
            thumbnail_max_side: 256,
            working_quality: 85,
            thumbnail_quality: 80,
        }
    }
}
