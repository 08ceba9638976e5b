//! The error returned for a photo that cannot be accepted, with a stable code per kind.

/// The reason an upload was rejected. [`PhotoError::code`] is stable and safe to send to clients;
/// the `Display` text is for logs and may change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("the photo is empty (0 bytes); send the image file itself")]
    Empty,

    #[error(
        "the photo is {bytes} bytes, above the maximum of {max} bytes; shrink it before upload"
    )]
    TooLarge { bytes: u64, max: u64 },

    #[error(
        "the photo is not a JPEG, PNG or WebP image (checked by its first bytes, not its name)"
    )]
    UnsupportedType,

    #[error("the {kind} data ends early; upload the complete file again")]
    Truncated { kind: &'static str },

    #[error(
        "the photo is {width}x{height} pixels, above the maximum of {max_pixels} pixels \
         or {max_side} pixels a side; shrink it before upload"
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
        max_side: u32,
    },

    #[error("the {kind} image could not be decoded: {reason}")]
    Invalid { kind: &'static str, reason: String },

    #[error("the sanitised photo could not be encoded: {0}")]
    Encode(String),
}

impl PhotoError {
    /// Returns the stable snake_case code for this error, for the API's problem body.
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::Empty => "empty",
            PhotoError::TooLarge { .. } => "too_large",
            PhotoError::UnsupportedType => "unsupported_type",
            PhotoError::Truncated { .. } => "truncated",
            PhotoError::TooManyPixels { .. } => "too_many_pixels",
            PhotoError::Invalid { .. } => "invalid_image",
            PhotoError::Encode(_) => "internal",
        }
    }

    /// Returns true when the client sent something unacceptable (a 4xx), false for our own
    /// failure (a 500).
    pub fn is_client_error(&self) -> bool {
        !matches!(self, PhotoError::Encode(_))
    }
}
