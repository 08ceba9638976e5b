//! Face evidence, offline: MediaPipe BlazeFace finds faces and six keypoints, a similarity
//! transform aligns each face to dlib's 150x150 chip layout, and dlib's face-recognition
//! ResNet turns the chip into a 128-value embedding. Both networks run on `tract-onnx`.
//!
//! The model files are not in the repository; `scripts/models/setup.sh` fetches, verifies and
//! converts them into a `models/` directory. Without that directory [`FaceModels::load`]
//! returns [`FaceModelError::Missing`], and callers run with face evidence off.
//!
//! Grading two embeddings lives in [`crate::face_level`], which needs no model.

mod align;
mod detect;
mod runtime;

use std::path::{Path, PathBuf};

use image::DynamicImage;

pub use align::{CHIP_SIZE, chip_template};

/// File names inside the models directory.
pub const DETECTOR_FULL_RANGE_FILE: &str = "blazeface_back_256.onnx";
pub const DETECTOR_SHORT_RANGE_FILE: &str = "blazeface_front_128.onnx";
pub const EMBEDDER_FILE: &str = "dlib_face_recognition_resnet_v1.onnx";

/// A point in the pixel coordinates of the image passed to [`FaceModels::faces`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// An axis-aligned box in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

/// One face found in an image.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectedFace {
    pub bbox: BoundingBox,
    /// BlazeFace keypoints in its order: the two eyes, nose tip, mouth centre and the two ear
    /// tragions. The first eye is the one further left in the image.
    pub landmarks: [Point; 6],
    /// Detector confidence, 0 to 1.
    pub score: f32,
    /// dlib ResNet embedding of the aligned face, as the network outputs it (not normalised);
    /// compare with [`crate::cosine`].
    pub embedding: [f32; 128],
}

/// A failure to load or run the face models.
#[derive(Debug, thiserror::Error)]
pub enum FaceModelError {
    #[error(
        "face model file {path} is missing; run `just models` to fetch and convert the models, \
         or run without face evidence"
    )]
    Missing { path: PathBuf },

    #[error("face model {path} could not be loaded: {reason}")]
    Load { path: PathBuf, reason: String },

    #[error("face model inference failed: {0}")]
    Inference(String),
}

/// The loaded detector and embedder. Loading takes about a second; load once and share
/// (the type is `Send + Sync`).
pub struct FaceModels {
    full_range: runtime::Network,
    short_range: runtime::Network,
    embedder: runtime::Network,
}

impl std::fmt::Debug for FaceModels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceModels").finish_non_exhaustive()
    }
}

/// Options for [`FaceModels::faces_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectOptions {
    /// Minimum detector confidence for a face, 0 to 1.
    pub min_score: f32,
    /// Faces whose box is narrower than this many image pixels are dropped, because their
    /// embeddings are unreliable.
    pub min_face_width: f32,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            min_score: 0.7,
            min_face_width: 40.0,
        }
    }
}

impl FaceModels {
    /// Loads the three ONNX files from `dir`.
    pub fn load(dir: &Path) -> Result<FaceModels, FaceModelError> {
        let path = |name: &str| {
            let path = dir.join(name);
            if path.is_file() {
                Ok(path)
            } else {
                Err(FaceModelError::Missing { path })
            }
        };
        let full_range = path(DETECTOR_FULL_RANGE_FILE)?;
        let short_range = path(DETECTOR_SHORT_RANGE_FILE)?;
        let embedder = path(EMBEDDER_FILE)?;
        Ok(FaceModels {
            full_range: runtime::Network::load(&full_range, &[1, 256, 256, 3])?,
            short_range: runtime::Network::load(&short_range, &[1, 128, 128, 3])?,
            embedder: runtime::Network::load(
                &embedder,
                &[1, 3, CHIP_SIZE as usize, CHIP_SIZE as usize],
            )?,
        })
    }

    /// Finds the faces in `image` with default options, best score first, and embeds each.
    pub fn faces(&self, image: &DynamicImage) -> Result<Vec<DetectedFace>, FaceModelError> {
        self.faces_with(image, &DetectOptions::default())
    }

    /// Finds the faces in `image`, best score first, and embeds each.
    ///
    /// The full-range detector (256x256 input, for faces up to a few metres away) runs first.
    /// When it finds nothing, the short-range one (128x128, for faces filling the frame) runs.
    pub fn faces_with(
        &self,
        image: &DynamicImage,
        options: &DetectOptions,
    ) -> Result<Vec<DetectedFace>, FaceModelError> {
        let rgb = image.to_rgb8();
        let mut found = detect::detect(&self.full_range, 256, &rgb, options.min_score)?;
        if found.is_empty() {
            found = detect::detect(&self.short_range, 128, &rgb, options.min_score)?;
        }
        found.retain(|face| face.bbox.width >= options.min_face_width);

        let mut faces = Vec::with_capacity(found.len());
        for detection in found {
            let chip = align::face_chip(&rgb, &detection.landmarks);
            let embedding = self.embed_chip(&chip)?;
            faces.push(DetectedFace {
                bbox: detection.bbox,
                landmarks: detection.landmarks,
                score: detection.score,
                embedding,
            });
        }
        Ok(faces)
    }

    /// Embeds an already aligned 150x150 RGB chip.
    pub fn embed_chip(&self, chip: &image::RgbImage) -> Result<[f32; 128], FaceModelError> {
        self.embedder.embed(chip)
    }
}
