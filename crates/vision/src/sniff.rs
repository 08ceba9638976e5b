//! Image type detection from magic bytes, ignoring file names and declared content types.

/// An accepted image container, as recognised from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    WebP,
}

const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The result of looking at an upload's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Kind(ImageKind),
    /// The bytes are a strict prefix of a signature: the start of an image cut short.
    TooShort,
    Unknown,
}

/// Identifies JPEG, PNG or WebP from the signature at the start of `bytes`.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(JPEG_MAGIC) {
        return Sniffed::Kind(ImageKind::Jpeg);
    }
    if bytes.starts_with(PNG_MAGIC) {
        return Sniffed::Kind(ImageKind::Png);
    }
    let is_webp = bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    if is_webp {
        return Sniffed::Kind(ImageKind::WebP);
    }
    if is_signature_prefix(bytes) {
        return Sniffed::TooShort;
    }
    Sniffed::Unknown
}

fn is_signature_prefix(bytes: &[u8]) -> bool {
    let riff_prefix = bytes.len() < 12
        && (bytes.len() <= 4 && b"RIFF".starts_with(bytes)
            || bytes.starts_with(b"RIFF")
                && (bytes.len() <= 8 || b"WEBP".starts_with(&bytes[8..])));
    let other_prefix = [JPEG_MAGIC, PNG_MAGIC]
        .iter()
        .any(|magic| bytes.len() < magic.len() && magic.starts_with(bytes));
    !bytes.is_empty() && (riff_prefix || other_prefix)
}

impl ImageKind {
    /// Returns the format name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "JPEG",
            ImageKind::Png => "PNG",
            ImageKind::WebP => "WebP",
        }
    }

    pub(crate) fn format(self) -> image::ImageFormat {
        match self {
            ImageKind::Jpeg => image::ImageFormat::Jpeg,
            ImageKind::Png => image::ImageFormat::Png,
            ImageKind::WebP => image::ImageFormat::WebP,
        }
    }
}
