//! Turning untrusted upload bytes into clean JPEGs: type sniffing, limits checked before the
//! pixels are decoded, EXIF orientation, and re-encoding that leaves no metadata behind.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, RgbImage};

use crate::hash::perceptual_hash;
use crate::sniff::{ImageKind, Sniffed, sniff};
use crate::{Limits, PhotoError};

/// A photo re-encoded from decoded pixels only, so no EXIF, GPS, XMP, ICC profile or comment
/// from the upload survives in either JPEG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanitizedPhoto {
    /// Upright baseline JPEG whose longest side is at most [`Limits::working_max_side`].
    pub working_jpeg: Vec<u8>,
    /// Upright JPEG whose longest side is at most [`Limits::thumbnail_max_side`].
    pub thumbnail_jpeg: Vec<u8>,
    /// Width of `working_jpeg` in pixels.
    pub width: u32,
    /// Height of `working_jpeg` in pixels.
    pub height: u32,
    /// 64-bit perceptual hash of the working image; compare with [`crate::hamming`].
    pub perceptual_hash: u64,
    /// The container the upload really was, whatever its file name or content type claimed.
    pub source_kind: ImageKind,
}

/// Checks, decodes and re-encodes an uploaded photo.
///
/// The byte limit is checked first, then the type from the magic bytes. Next comes the
/// container's structure: a JPEG needs its end marker, a PNG its `IEND` chunk, and a WebP all
/// the bytes its RIFF header declares. Then the dimensions are read from the header. Only then are the pixels
/// decoded, under the `image` crate's width, height and allocation limits. The EXIF
/// orientation is applied, and the result is scaled down and encoded afresh.
pub fn sanitize(bytes: &[u8], limits: &Limits) -> Result<SanitizedPhoto, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    let size = bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(PhotoError::TooLarge {
            bytes: size,
            max: limits.max_bytes,
        });
    }

    let kind = match sniff(bytes) {
        Sniffed::Kind(kind) => kind,
        Sniffed::TooShort => return Err(PhotoError::Truncated { kind: "image" }),
        Sniffed::Unknown => return Err(PhotoError::UnsupportedType),
    };
    check_complete(bytes, kind)?;

    let image = decode_upright(bytes, kind, limits)?;
    let working = to_rgb_on_white(&shrink_to(&image, limits.working_max_side));
    let thumbnail = shrink_to(
        &DynamicImage::ImageRgb8(working.clone()),
        limits.thumbnail_max_side,
    )
    .to_rgb8();

    Ok(SanitizedPhoto {
        working_jpeg: encode_jpeg(&working, limits.working_quality)?,
        thumbnail_jpeg: encode_jpeg(&thumbnail, limits.thumbnail_quality)?,
        width: working.width(),
        height: working.height(),
        perceptual_hash: perceptual_hash(&DynamicImage::ImageRgb8(working)),
        source_kind: kind,
    })
}

/// Rejects a container whose end is missing, because some decoders fill a cut-off image
/// with grey instead of failing.
fn check_complete(bytes: &[u8], kind: ImageKind) -> Result<(), PhotoError> {
    let complete = match kind {
        ImageKind::Jpeg => jpeg_has_end_marker(bytes),
        ImageKind::Png => find(bytes, b"IEND").is_some(),
        ImageKind::WebP => {
            let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as u64;
            bytes.len() as u64 >= declared + 8
        }
    };
    if complete {
        Ok(())
    } else {
        Err(PhotoError::Truncated { kind: kind.name() })
    }
}

/// Returns true when an end-of-image marker follows the last start-of-scan marker. Looking
/// after the last scan matters because an EXIF thumbnail carries its own end marker.
fn jpeg_has_end_marker(bytes: &[u8]) -> bool {
    let last_scan = rfind(bytes, &[0xFF, 0xDA]).unwrap_or(0);
    rfind(&bytes[last_scan..], &[0xFF, 0xD9]).is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

fn decode_upright(
    bytes: &[u8],
    kind: ImageKind,
    limits: &Limits,
) -> Result<DynamicImage, PhotoError> {
    // Header parsing runs under the allocation limit only, so that oversized dimensions reach
    // `check_dimensions` and the error can name them. The full limits apply before decoding.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    reader.limits(header_limits(limits));
    let mut decoder = reader
        .into_decoder()
        .map_err(|error| decode_error(kind, error, None))?;

    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, limits)?;
    decoder
        .set_limits(decoder_limits(limits))
        .map_err(|error| decode_error(kind, error, Some((width, height, limits))))?;

    // A malformed EXIF block is no reason to reject the photo: it is dropped anyway.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|error| decode_error(kind, error, Some((width, height, limits))))?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn header_limits(limits: &Limits) -> image::Limits {
    let mut header_limits = image::Limits::default();
    header_limits.max_alloc = Some(limits.max_decoder_alloc);
    header_limits
}

fn decoder_limits(limits: &Limits) -> image::Limits {
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    decoder_limits.max_alloc = Some(limits.max_decoder_alloc);
    decoder_limits
}

fn check_dimensions(width: u32, height: u32, limits: &Limits) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        let reason = format!("the header declares {width}x{height} pixels");
        return Err(PhotoError::Invalid {
            kind: "image",
            reason,
        });
    }
    let too_many = u64::from(width) * u64::from(height) > limits.max_pixels
        || width > limits.max_side
        || height > limits.max_side;
    if too_many {
        return Err(too_many_pixels(width, height, limits));
    }
    Ok(())
}

fn too_many_pixels(width: u32, height: u32, limits: &Limits) -> PhotoError {
    PhotoError::TooManyPixels {
        width,
        height,
        max_pixels: limits.max_pixels,
        max_side: limits.max_side,
    }
}

fn decode_error(
    kind: ImageKind,
    error: ImageError,
    known: Option<(u32, u32, &Limits)>,
) -> PhotoError {
    match error {
        ImageError::Limits(limit) => match known {
            Some((width, height, limits)) => too_many_pixels(width, height, limits),
            // Only the allocation limit applies while the header is read, for example to a
            // huge metadata chunk.
            None => PhotoError::Invalid {
                kind: kind.name(),
                reason: limit.to_string(),
            },
        },
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::Truncated { kind: kind.name() }
        }
        other => PhotoError::Invalid {
            kind: kind.name(),
            reason: other.to_string(),
        },
    }
}

/// Scales `image` down so that its longest side is at most `max_side`; never scales up.
fn shrink_to(image: &DynamicImage, max_side: u32) -> DynamicImage {
    if image.width().max(image.height()) <= max_side {
        return image.clone();
    }
    image.resize(max_side, max_side, FilterType::Triangle)
}

/// Converts to 8-bit RGB, compositing any transparency over white so that transparent areas
/// do not turn black.
fn to_rgb_on_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a)) + 127) / 255) as u8;
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

fn encode_jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100))
        .encode_image(image)
        .map_err(|error| PhotoError::Encode(error.to_string()))?;
    Ok(out)
}
