//! Face detection and embedding on real photos. Needs the models from `just models`: without
//! them each test prints a SKIPPED line and passes, unless TRACKCHILD_REQUIRE_MODELS=1.

#![cfg(feature = "faces")]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use trackchild_vision::faces::{FaceModelError, FaceModels};
use trackchild_vision::{FaceLevel, FaceThresholds, cosine, face_level};

fn models_dir() -> PathBuf {
    match std::env::var_os("TRACKCHILD_MODELS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"),
    }
}

fn models_required() -> bool {
    matches!(
        std::env::var("TRACKCHILD_REQUIRE_MODELS").as_deref(),
        Ok("1") | Ok("true")
    )
}

/// Returns the loaded models, or `None` after printing why the calling test is skipped.
fn models(test: &str) -> Option<&'static FaceModels> {
    static MODELS: OnceLock<Result<FaceModels, String>> = OnceLock::new();
    let loaded =
        MODELS.get_or_init(|| FaceModels::load(&models_dir()).map_err(|error| error.to_string()));
    match loaded {
        Ok(models) => Some(models),
        Err(error) if models_required() => {
            panic!("TRACKCHILD_REQUIRE_MODELS=1 but the models did not load: {error}")
        }
        Err(error) => {
            println!("SKIPPED {test}: {error}");
            None
        }
    }
}

fn embeddings_of(models: &FaceModels, name: &str) -> Vec<[f32; 128]> {
    let path = models_dir().join("testdata").join(name);
    let image = image::open(&path)
        .unwrap_or_else(|error| panic!("{} does not open: {error}", path.display()));
    let faces = models
        .faces(&image)
        .unwrap_or_else(|error| panic!("{name}: inference failed: {error}"));
    faces.into_iter().map(|face| face.embedding).collect()
}

#[test]
fn missing_directory_is_a_clear_error() {
    let error = FaceModels::load(Path::new("/nonexistent/trackchild-models")).unwrap_err();

    assert!(matches!(error, FaceModelError::Missing { .. }), "{error}");
    assert!(error.to_string().contains("just models"), "{error}");
}

#[test]
fn every_full_face_photo_has_one_face() {
    let Some(models) = models("every_full_face_photo_has_one_face") else {
        return;
    };

    for name in ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg"] {
        let path = models_dir().join("testdata").join(name);
        let image = image::open(&path).expect("the test photo opens");
        let faces = models.faces(&image).expect("inference succeeds");

        assert_eq!(faces.len(), 1, "{name}: {faces:?}");
        let face = &faces[0];
        assert!(face.score >= 0.7, "{name}: score {}", face.score);
        let eyes_level = (face.landmarks[0].y - face.landmarks[1].y).abs() < face.bbox.height * 0.2;
        assert!(
            eyes_level,
            "{name}: eyes at {:?} and {:?}",
            face.landmarks[0], face.landmarks[1]
        );
    }
}

#[test]
fn same_person_scores_above_different_person() {
    let Some(models) = models("same_person_scores_above_different_person") else {
        return;
    };
    let people = [
        ("obama", "obama.jpg"),
        ("obama", "obama2.jpg"),
        ("obama", "obama3.jpg"),
        ("obama", "obama_partial_face.jpg"),
        ("obama", "obama_partial_face2.jpg"),
        ("biden", "biden.jpg"),
        ("collins", "astronaut.png"),
        ("cameraman", "camera.png"),
    ];
    let mut faces = Vec::new();
    for (person, name) in people {
        for embedding in embeddings_of(models, name) {
            faces.push((person, name, embedding));
        }
    }

    let mut same = Vec::new();
    let mut different = Vec::new();
    for (i, a) in faces.iter().enumerate() {
        for b in &faces[i + 1..] {
            let similarity = cosine(&a.2, &b.2);
            println!("{:>24} {:>24}  cosine {similarity:.4}", a.1, b.1);
            if a.0 == b.0 {
                same.push(similarity)
            } else {
                different.push(similarity)
            }
        }
    }

    let lowest_same = same.iter().copied().fold(f32::INFINITY, f32::min);
    let highest_different = different.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    println!(
        "faces {}, same-person pairs {}, different-person pairs {}",
        faces.len(),
        same.len(),
        different.len()
    );
    println!(
        "lowest same-person cosine {lowest_same:.4}, highest different-person cosine {highest_different:.4}"
    );
    assert!(
        !same.is_empty() && !different.is_empty(),
        "both kinds of pair were found"
    );
    assert!(
        lowest_same > highest_different,
        "same {lowest_same} vs different {highest_different}"
    );
}

#[test]
fn levels_grade_same_and_different_person() {
    let Some(models) = models("levels_grade_same_and_different_person") else {
        return;
    };
    let obama = embeddings_of(models, "obama.jpg");
    let obama2 = embeddings_of(models, "obama2.jpg");
    let biden = embeddings_of(models, "biden.jpg");
    let thresholds = FaceThresholds::default();

    let same = face_level(&obama[0], &obama2[0], &thresholds);
    let different = face_level(&obama[0], &biden[0], &thresholds);

    assert!(
        matches!(same, FaceLevel::Strong | FaceLevel::Moderate),
        "{same:?}"
    );
    assert_eq!(different, FaceLevel::Different);
}

#[test]
fn blank_image_has_no_face() {
    let Some(models) = models("blank_image_has_no_face") else {
        return;
    };
    let blank = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        300,
        200,
        image::Rgb([128, 128, 128]),
    ));

    let faces = models.faces(&blank).expect("inference succeeds");

    assert!(faces.is_empty(), "{faces:?}");
}

#[test]
fn noise_and_odd_sizes_do_not_fail() {
    let Some(models) = models("noise_and_odd_sizes_do_not_fail") else {
        return;
    };
    let mut state = 7u64;
    let mut noise = |width: u32, height: u32| {
        image::RgbImage::from_fn(width, height, |_, _| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            image::Rgb([
                (state >> 56) as u8,
                (state >> 48) as u8,
                (state >> 40) as u8,
            ])
        })
    };

    for (width, height) in [(1, 1), (3, 500), (500, 3), (257, 129), (640, 480)] {
        let image = image::DynamicImage::ImageRgb8(noise(width, height));
        let result = models.faces(&image);
        assert!(result.is_ok(), "{width}x{height}: {:?}", result.err());
    }
}

#[test]
fn models_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}

    assert_send_sync::<FaceModels>();
}
