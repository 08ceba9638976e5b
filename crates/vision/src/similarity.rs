//! Grading two face embeddings into the evidence levels the matcher uses.
//!
//! This module needs no model, so the matcher can grade stored embeddings without the `faces`
//! feature.

/// How strongly two face embeddings suggest the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaceLevel {
    Strong,
    Moderate,
    Weak,
    Different,
}

impl FaceLevel {
    /// Returns the stable snake_case name of the level, for explanations and storage.
    pub fn code(self) -> &'static str {
        match self {
            FaceLevel::Strong => "strong",
            FaceLevel::Moderate => "moderate",
            FaceLevel::Weak => "weak",
            FaceLevel::Different => "different",
        }
    }
}

/// Lower bounds of cosine similarity for each level; a value below `weak` is
/// [`FaceLevel::Different`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceThresholds {
    pub strong: f32,
    pub moderate: f32,
    pub weak: f32,
}

impl Default for FaceThresholds {
    /// Thresholds for dlib's ResNet embeddings, chosen from the measurements in docs/FACES.md.
    /// NOTE: fitted on a handful of adult faces; no model here was validated on children, and
    /// these must be re-fitted on consented local data before they carry weight.
    fn default() -> Self {
        FaceThresholds {
            strong: 0.93,
            moderate: 0.90,
            weak: 0.86,
        }
    }
}

/// Returns the cosine similarity of two embeddings, or 0 when either has zero length or a
/// non-finite value.
pub fn cosine(a: &[f32; 128], b: &[f32; 128]) -> f32 {
    let mut dot = 0.0f64;
    let mut norm_a = 0.0f64;
    let mut norm_b = 0.0f64;
    for (&x, &y) in a.iter().zip(b.iter()) {
        dot += f64::from(x) * f64::from(y);
        norm_a += f64::from(x) * f64::from(x);
        norm_b += f64::from(y) * f64::from(y);
    }
    let denominator = (norm_a * norm_b).sqrt();
    if denominator == 0.0 || !denominator.is_finite() || !dot.is_finite() {
        return 0.0;
    }
    (dot / denominator) as f32
}

/// Grades the cosine similarity of two embeddings with `thresholds`.
pub fn face_level(a: &[f32; 128], b: &[f32; 128], thresholds: &FaceThresholds) -> FaceLevel {
    let similarity = cosine(a, b);
    if similarity >= thresholds.strong {
        FaceLevel::Strong
    } else if similarity >= thresholds.moderate {
        FaceLevel::Moderate
    } else if similarity >= thresholds.weak {
        FaceLevel::Weak
    } else {
        FaceLevel::Different
    }
}
