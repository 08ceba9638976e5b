//! Per-photo costs: sanitising a phone-sized JPEG, hashing a working image, and (when the
//! models are present) decode-detect-align-embed on a test photo.
//!
//! Run with `cargo bench -p trackchild-vision --bench photos`. Face benchmarks look for the
//! models in $TRACKCHILD_MODELS_DIR or `<repo>/models` and are skipped when absent.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, Rgb, RgbImage};
use trackchild_vision::{Limits, perceptual_hash, sanitize};

/// Draws a photo-like test image: smooth gradients with a seeded noise texture, so the JPEG
/// is about as hard to decode as a camera's (an estimate, not measured against camera files).
fn photo_like(width: u32, height: u32) -> RgbImage {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state % 24) as u32;
        Rgb([
            ((x * 255 / width + noise) % 256) as u8,
            ((y * 255 / height + noise) % 256) as u8,
            (((x + y) * 127 / (width + height) + noise) % 256) as u8,
        ])
    })
}

fn jpeg_bytes(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(image)
        .expect("encoding an in-memory image succeeds");
    out
}

fn bench_sanitize_and_hash(c: &mut Criterion) {
    let phone_photo = jpeg_bytes(&photo_like(4032, 3024));
    let limits = Limits::default();
    c.bench_function("sanitize 4032x3024 JPEG (12 MP phone photo)", |b| {
        b.iter(|| sanitize(black_box(&phone_photo), &limits).expect("the benchmark photo is valid"))
    });

    let working = DynamicImage::ImageRgb8(photo_like(1600, 1200));
    c.bench_function("perceptual_hash 1600x1200 working image", |b| {
        b.iter(|| perceptual_hash(black_box(&working)))
    });
}

#[cfg(feature = "faces")]
fn models_dir() -> std::path::PathBuf {
    match std::env::var_os("TRACKCHILD_MODELS_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"),
    }
}

#[cfg(feature = "faces")]
fn bench_faces(c: &mut Criterion) {
    use trackchild_vision::faces::FaceModels;

    let dir = models_dir();
    let models = match FaceModels::load(&dir) {
        Ok(models) => models,
        Err(error) => {
            println!("SKIPPED face benchmarks: {error}");
            return;
        }
    };
    for name in ["obama.jpg", "obama2.jpg"] {
        let bytes =
            std::fs::read(dir.join("testdata").join(name)).expect("the test photo is readable");
        c.bench_function(&format!("decode-detect-align-embed {name}"), |b| {
            b.iter(|| {
                let image = image::ImageReader::new(std::io::Cursor::new(black_box(&bytes)))
                    .with_guessed_format()
                    .expect("reading from memory cannot fail")
                    .decode()
                    .expect("the test photo decodes");
                models.faces(&image).expect("inference succeeds")
            })
        });
    }
    let chip = RgbImage::from_pixel(150, 150, Rgb([128, 100, 90]));
    c.bench_function("embed one 150x150 chip", |b| {
        b.iter(|| {
            models
                .embed_chip(black_box(&chip))
                .expect("inference succeeds")
        })
    });
}

#[cfg(not(feature = "faces"))]
fn bench_faces(_: &mut Criterion) {
    println!("SKIPPED face benchmarks: built without the `faces` feature");
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(2))
}

criterion_group! { name = benches; config = config(); targets = bench_sanitize_and_hash, bench_faces }
criterion_main!(benches);
