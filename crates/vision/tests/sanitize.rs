//! Behaviour of `sanitize` on good, hostile and broken uploads; needs no model files.

mod support;

use image::GenericImageView;
use support::*;
use trackchild_vision::{Limits, PhotoError, sanitize};

fn limits() -> Limits {
    Limits::default()
}

#[test]
fn gps_exif_xmp_icc_and_comment_are_stripped() {
    let upload = with_metadata(&jpeg(&scene(320, 240, 1), 90), 1);
    assert!(contains(&upload, b"Exif\0\0"), "the fixture carries EXIF");
    assert!(
        contains(&upload, SECRET),
        "the fixture carries the location text"
    );

    let photo = sanitize(&upload, &limits()).expect("a valid JPEG with metadata is accepted");

    for output in [&photo.working_jpeg, &photo.thumbnail_jpeg] {
        assert!(!contains(output, b"Exif"), "no EXIF header survives");
        assert!(!contains(output, SECRET), "no location text survives");
        assert!(
            !contains(output, b"http://ns.adobe.com/xap"),
            "no XMP survives"
        );
        assert!(!contains(output, b"ICC_PROFILE"), "no ICC profile survives");
        assert!(!contains(output, &[0xFF, 0xE1]), "no APP1 segment survives");
        assert!(
            !contains(output, &[0xFF, 0xFE]),
            "no comment segment survives"
        );
    }
}

#[test]
fn exif_orientation_comes_back_upright() {
    // Stored sideways: left half red, right half blue. Orientation 6 means the viewer must
    // rotate 90 degrees clockwise, which puts the left half on top.
    let stored = image::RgbImage::from_fn(80, 40, |x, _| {
        if x < 40 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let upload = with_metadata(&jpeg(&stored, 95), 6);

    let photo = sanitize(&upload, &limits()).expect("a rotated JPEG is accepted");
    let upright = decode(&photo.working_jpeg);

    assert_eq!((photo.width, photo.height), (40, 80));
    assert_eq!(upright.dimensions(), (40, 80));
    let top = upright.get_pixel(20, 10).0;
    let bottom = upright.get_pixel(20, 70).0;
    assert!(top[0] > 150, "top is red, got {top:?}");
    assert!(top[2] < 100, "top is red, got {top:?}");
    assert!(bottom[2] > 150, "bottom is blue, got {bottom:?}");
    assert!(bottom[0] < 100, "bottom is blue, got {bottom:?}");
}

#[test]
fn png_and_webp_are_accepted_whatever_the_name() {
    let picture = scene(200, 100, 2);

    for (name, bytes) in [("png", png(&picture)), ("webp", webp(&picture))] {
        let photo =
            sanitize(&bytes, &limits()).unwrap_or_else(|error| panic!("{name} rejected: {error}"));
        assert_eq!(
            (photo.width, photo.height),
            (200, 100),
            "{name} keeps its size"
        );
        assert!(
            photo.working_jpeg.starts_with(&[0xFF, 0xD8, 0xFF]),
            "{name} becomes a JPEG"
        );
    }
}

#[test]
fn large_photo_is_shrunk_and_thumbnailed() {
    let upload = jpeg(&scene(2400, 1200, 3), 80);

    let photo = sanitize(&upload, &limits()).expect("a large JPEG is accepted");

    assert_eq!((photo.width, photo.height), (1600, 800));
    let thumbnail = decode(&photo.thumbnail_jpeg);
    assert_eq!(thumbnail.dimensions(), (256, 128));
}

#[test]
fn empty_input_is_rejected() {
    let error = sanitize(&[], &limits()).unwrap_err();

    assert_eq!(error, PhotoError::Empty);
    assert_eq!(error.code(), "empty");
}

#[test]
fn zip_renamed_png_is_unsupported() {
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(&[0u8; 200]);

    let error = sanitize(&zip, &limits()).unwrap_err();

    assert_eq!(error.code(), "unsupported_type");
}

#[test]
fn text_and_pdf_are_unsupported() {
    for bytes in [
        &b"<html><body>photo</body></html>"[..],
        b"%PDF-1.7\n",
        b"GIF89a\x01\x00\x01\x00",
    ] {
        let error = sanitize(bytes, &limits()).unwrap_err();
        assert_eq!(
            error.code(),
            "unsupported_type",
            "input {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn truncated_files_are_rejected() {
    let picture = scene(160, 120, 4);

    for (name, bytes) in [
        ("jpeg", jpeg(&picture, 85)),
        ("png", png(&picture)),
        ("webp", webp(&picture)),
    ] {
        let cut = &bytes[..bytes.len() / 2];
        let error = sanitize(cut, &limits()).unwrap_err();
        assert_eq!(error.code(), "truncated", "{name} cut in half: {error}");
    }
    let error = sanitize(&[0xFF, 0xD8], &limits()).unwrap_err();
    assert_eq!(error.code(), "truncated", "two bytes of a JPEG signature");
}

#[test]
fn huge_png_header_is_rejected_before_decoding() {
    let bomb = png_header_only(20_000, 20_000);

    let error = sanitize(&bomb, &limits()).unwrap_err();

    assert_eq!(
        error,
        PhotoError::TooManyPixels {
            width: 20_000,
            height: 20_000,
            max_pixels: 50_000_000,
            max_side: 12_000
        }
    );
}

#[test]
fn huge_jpeg_header_is_rejected_before_decoding() {
    let bomb = jpeg_with_declared_size(&jpeg(&scene(64, 64, 5), 80), 20_000, 20_000);

    let error = sanitize(&bomb, &limits()).unwrap_err();

    assert_eq!(
        error,
        PhotoError::TooManyPixels {
            width: 20_000,
            height: 20_000,
            max_pixels: 50_000_000,
            max_side: 12_000
        }
    );
}

#[test]
fn pixel_limit_applies_below_side_limit() {
    let limits = Limits {
        max_pixels: 10_000,
        ..Limits::default()
    };

    let error = sanitize(&png(&scene(200, 100, 6)), &limits).unwrap_err();

    assert_eq!(
        error,
        PhotoError::TooManyPixels {
            width: 200,
            height: 100,
            max_pixels: 10_000,
            max_side: limits.max_side
        }
    );
}

#[test]
fn byte_limit_applies_before_parsing() {
    let limits = Limits {
        max_bytes: 100,
        ..Limits::default()
    };

    let error = sanitize(&[0u8; 101], &limits).unwrap_err();

    assert_eq!(
        error,
        PhotoError::TooLarge {
            bytes: 101,
            max: 100
        }
    );
    assert_eq!(error.code(), "too_large");
}

#[test]
fn random_and_damaged_bytes_never_panic() {
    let mut rng = Rng::new(42);
    let picture = scene(48, 32, 7);
    let valid = [
        jpeg(&picture, 80),
        png(&picture),
        webp(&picture),
        with_metadata(&jpeg(&picture, 80), 8),
    ];

    for round in 0..400 {
        let mut bytes = if round % 4 == 0 {
            (0..rng.below(600)).map(|_| rng.below(256) as u8).collect()
        } else {
            valid[round % valid.len()].clone()
        };
        let cut = rng.below(bytes.len() as u64 + 1) as usize;
        if round % 3 == 0 {
            bytes.truncate(cut.max(1));
        }
        for _ in 0..rng.below(8) {
            if !bytes.is_empty() {
                let at = rng.below(bytes.len() as u64) as usize;
                bytes[at] = rng.below(256) as u8;
            }
        }

        // Any result is fine; a panic fails the test.
        let _ = sanitize(&bytes, &limits());
    }
}

#[test]
fn extreme_aspect_ratio_is_accepted() {
    let strip = image::RgbImage::from_pixel(6000, 2, image::Rgb([10, 200, 30]));

    let photo = sanitize(&png(&strip), &limits()).expect("a thin strip is a valid image");

    assert_eq!(photo.width, 1600);
    assert!(photo.height >= 1, "height {}", photo.height);
    assert!(decode(&photo.thumbnail_jpeg).height() >= 1);
}
