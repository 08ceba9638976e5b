//! Near-duplicate detection: edited copies of a picture stay within the threshold and
//! different pictures do not. Needs no model files.

mod support;

use image::imageops::FilterType;
use image::{DynamicImage, GenericImage, Rgb, RgbImage};
use support::*;
use trackchild_vision::{Limits, NEAR_DUPLICATE_MAX_DISTANCE, hamming, perceptual_hash, sanitize};

fn hash(image: &RgbImage) -> u64 {
    perceptual_hash(&DynamicImage::ImageRgb8(image.clone()))
}

fn with_border(image: &RgbImage, width: u32) -> RgbImage {
    let mut framed = RgbImage::from_pixel(
        image.width() + 2 * width,
        image.height() + 2 * width,
        Rgb([255, 255, 255]),
    );
    framed
        .copy_from(image, width, width)
        .expect("the frame is larger than the picture");
    framed
}

fn edits(original: &RgbImage) -> Vec<(&'static str, RgbImage)> {
    let resized = image::imageops::resize(
        original,
        original.width() / 2,
        original.height() / 2,
        FilterType::Triangle,
    );
    let enlarged = image::imageops::resize(
        original,
        original.width() * 3 / 2,
        original.height() * 3 / 2,
        FilterType::CatmullRom,
    );
    let recompressed = decode(&jpeg(original, 40)).to_rgb8();
    let grey =
        DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(original.clone()).to_luma8()).to_rgb8();
    let border = with_border(original, original.width() / 50);
    vec![
        ("resized to half", resized),
        ("enlarged by half", enlarged),
        ("jpeg quality 40", recompressed),
        ("converted to grey", grey),
        ("2% white border", border),
    ]
}

#[test]
fn edited_copies_stay_near() {
    for seed in 1..=8 {
        let original = scene(480, 360, seed);
        let original_hash = hash(&original);

        for (edit, copy) in edits(&original) {
            let distance = hamming(original_hash, hash(&copy));
            println!("seed {seed}, {edit}: distance {distance}");
            assert!(
                distance <= NEAR_DUPLICATE_MAX_DISTANCE,
                "seed {seed}, {edit}: distance {distance}"
            );
        }
    }
}

#[test]
fn different_pictures_stay_apart() {
    let hashes: Vec<u64> = (1..=20).map(|seed| hash(&scene(480, 360, seed))).collect();

    let mut closest = u32::MAX;
    for (i, &a) in hashes.iter().enumerate() {
        for &b in &hashes[i + 1..] {
            closest = closest.min(hamming(a, b));
        }
    }

    println!("closest distance between 20 different scenes: {closest}");
    assert!(
        closest > NEAR_DUPLICATE_MAX_DISTANCE,
        "closest distance {closest}"
    );
}

#[test]
fn hash_survives_sanitize_and_reupload() {
    let upload = jpeg(&scene(900, 600, 11), 92);
    let first = sanitize(&upload, &Limits::default()).expect("the upload is accepted");

    let second =
        sanitize(&first.working_jpeg, &Limits::default()).expect("the re-upload is accepted");
    let reencoded = sanitize(&png(&decode(&upload).to_rgb8()), &Limits::default())
        .expect("the PNG copy is accepted");

    assert!(hamming(first.perceptual_hash, second.perceptual_hash) <= NEAR_DUPLICATE_MAX_DISTANCE);
    assert!(
        hamming(first.perceptual_hash, reencoded.perceptual_hash) <= NEAR_DUPLICATE_MAX_DISTANCE
    );
}

#[test]
fn hamming_counts_differing_bits() {
    assert_eq!(hamming(0, 0), 0);
    assert_eq!(hamming(0, u64::MAX), 64);
    assert_eq!(hamming(0b1011, 0b0001), 2);
}
