//! Test images made in code: scenes with shapes and seeded noise, JPEG/PNG/WebP encoders, and
//! byte-level builders for EXIF blocks and hostile headers.

#![allow(dead_code)]

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage};

/// A small xorshift generator, so that test images are the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }
}

/// Draws a scene: a gradient in one of four directions, a few filled rectangles and circles placed by `seed`,
/// and light noise.
pub fn scene(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut rng = Rng::new(seed);
    let base = [
        rng.below(256) as f32,
        rng.below(256) as f32,
        rng.below(256) as f32,
    ];
    let direction = rng.below(4);
    let mut image = RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let t = match direction {
            0 => (fx + fy) / 2.0,
            1 => (1.0 - fx + fy) / 2.0,
            2 => fx,
            _ => 1.0 - fy,
        };
        Rgb([
            (base[0] * (1.0 - t) + 255.0 * t * 0.5) as u8,
            (base[1] * t + 40.0) as u8,
            (base[2] * (1.0 - t * 0.7)) as u8,
        ])
    });
    for _ in 0..6 {
        let colour = Rgb([
            rng.below(256) as u8,
            rng.below(256) as u8,
            rng.below(256) as u8,
        ]);
        let (cx, cy) = (
            rng.below(u64::from(width)) as i64,
            rng.below(u64::from(height)) as i64,
        );
        let radius = (rng.below(u64::from(width / 4)) + u64::from(width / 12)) as i64;
        let circle = rng.below(2) == 0;
        for y in 0..height as i64 {
            for x in 0..width as i64 {
                let (dx, dy) = (x - cx, y - cy);
                let inside = if circle {
                    dx * dx + dy * dy <= radius * radius
                } else {
                    dx.abs() <= radius && dy.abs() <= radius / 2
                };
                if inside {
                    image.put_pixel(x as u32, y as u32, colour);
                }
            }
        }
    }
    for pixel in image.pixels_mut() {
        for channel in pixel.0.iter_mut() {
            let noise = rng.below(11) as i16 - 5;
            *channel = (i16::from(*channel) + noise).clamp(0, 255) as u8;
        }
    }
    image
}

pub fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .expect("encoding an in-memory RGB image succeeds");
    out
}

pub fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encoding an in-memory RGB image succeeds");
    out
}

pub fn webp(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encoding an in-memory RGB image succeeds");
    out
}

pub fn decode(bytes: &[u8]) -> DynamicImage {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("reading from memory cannot fail")
        .decode()
        .expect("the test image decodes")
}

/// Text placed in the EXIF, XMP and comment segments, so a test can search the output for it.
pub const SECRET: &[u8] = b"SECRET-LOCATION-28.6139N-77.2090E";

/// Builds a little-endian TIFF block with Orientation, ImageDescription (holding [`SECRET`])
/// and a GPS IFD with latitude and longitude.
pub fn exif_tiff(orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());

    // IFD0 at offset 8 with 3 entries: 2 + 3*12 + 4 = 42 bytes, so data starts at 50.
    let description_offset = 50u32;
    let gps_ifd_offset = description_offset + SECRET.len() as u32 + 1;
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        tiff.extend_from_slice(&tag.to_le_bytes());
        tiff.extend_from_slice(&kind.to_le_bytes());
        tiff.extend_from_slice(&count.to_le_bytes());
        tiff.extend_from_slice(&value.to_le_bytes());
    };
    tiff.extend_from_slice(&3u16.to_le_bytes());
    entry(
        &mut tiff,
        0x010E,
        2,
        SECRET.len() as u32 + 1,
        description_offset,
    );
    entry(&mut tiff, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut tiff, 0x8825, 4, 1, gps_ifd_offset);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(
        tiff.len() as u32,
        description_offset,
        "the IFD0 layout puts data at offset 50"
    );
    tiff.extend_from_slice(SECRET);
    tiff.push(0);

    // GPS IFD: 4 entries (2 + 48 + 4 = 54 bytes), then two arrays of 3 rationals.
    let latitude_offset = gps_ifd_offset + 54;
    let longitude_offset = latitude_offset + 24;
    tiff.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut tiff, 0x0002, 5, 3, latitude_offset);
    entry(&mut tiff, 0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0"));
    entry(&mut tiff, 0x0004, 5, 3, longitude_offset);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (numerator, denominator) in [
        (28u32, 1u32),
        (36, 1),
        (5004, 100),
        (77, 1),
        (12, 1),
        (3240, 100),
    ] {
        tiff.extend_from_slice(&numerator.to_le_bytes());
        tiff.extend_from_slice(&denominator.to_le_bytes());
    }
    tiff
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// Inserts EXIF (with GPS and the given orientation), XMP, an ICC profile stub and a comment
/// right after the JPEG's start-of-image marker.
pub fn with_metadata(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&exif_tiff(orientation));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>".to_vec();
    xmp.extend_from_slice(SECRET);
    xmp.extend_from_slice(b"</exif:GPSLatitude></x:xmpmeta>");
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend_from_slice(SECRET);

    let mut out = jpeg[..2].to_vec();
    out.extend(segment(0xE1, &exif));
    out.extend(segment(0xE1, &xmp));
    out.extend(segment(0xE2, &icc));
    out.extend(segment(0xFE, SECRET));
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// Builds a well-formed PNG header declaring `width`x`height` RGB pixels, followed by a tiny IDAT and
/// IEND: a decompression bomb's shape without its payload.
pub fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    out.extend(png_chunk(b"IHDR", &ihdr));
    // A zlib stream of one empty stored block.
    out.extend(png_chunk(
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
        ],
    ));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// Rewrites the frame header (SOF0) of a baseline JPEG to declare `width`x`height`.
pub fn jpeg_with_declared_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let sof = out
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("the image crate writes baseline JPEGs with SOF0");
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    out
}
