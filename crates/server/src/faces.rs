//! Face evidence as one field of the match score: the most similar pair of faces across the two
//! reports' photos, in levels with their own weights.
//!
//! The weights are log2 Bayes factors chosen so that a face can raise or lower a pair's
//! probability but never decide it alone: the strongest face agreement (+5 bits) is a third of
//! what an exact name agreement adds, and no usable face is neutral. The embedder was measured on
//! adult faces only (same person 0.957–0.987 cosine, different people 0.792–0.886, on 8 test
//! faces); it has not been validated on children, so these levels must be refitted on consented
//! local data before they are trusted.

use trackchild_domain::wire::FieldContribution;
use trackchild_vision::{FaceLevel, FaceThresholds, face_level};

/// One report's face evidence: embeddings of its faces, and whether it has photos at all.
pub struct FaceSide {
    pub embeddings: Vec<Vec<f32>>,
    pub has_photos: bool,
}

/// The face comparison of a pair as an explanation entry.
pub fn compare(missing: &FaceSide, found: &FaceSide) -> FieldContribution {
    let (level, weight) = if !missing.has_photos || !found.has_photos {
        ("missing", 0.0)
    } else {
        match best_level(&missing.embeddings, &found.embeddings) {
            None => ("no_usable_face", 0.0),
            Some(FaceLevel::Strong) => ("strong", 5.0),
            Some(FaceLevel::Moderate) => ("moderate", 2.5),
            Some(FaceLevel::Weak) => ("weak", 0.5),
            Some(FaceLevel::Different) => ("different", -3.0),
        }
    };
    FieldContribution {
        field: "face".into(),
        level: level.into(),
        weight,
    }
}

/// The most similar level over all face pairs; `None` when either side has no face.
fn best_level(a: &[Vec<f32>], b: &[Vec<f32>]) -> Option<FaceLevel> {
    let thresholds = FaceThresholds::default();
    let mut best: Option<FaceLevel> = None;
    for x in a
        .iter()
        .filter_map(|e| <&[f32; 128]>::try_from(e.as_slice()).ok())
    {
        for y in b
            .iter()
            .filter_map(|e| <&[f32; 128]>::try_from(e.as_slice()).ok())
        {
            let level = face_level(x, y, &thresholds);
            if best.is_none_or(|current| rank(level) > rank(current)) {
                best = Some(level);
            }
        }
    }
    best
}

fn rank(level: FaceLevel) -> u8 {
    match level {
        FaceLevel::Different => 0,
        FaceLevel::Weak => 1,
        FaceLevel::Moderate => 2,
        FaceLevel::Strong => 3,
    }
}

/// Adds a contribution to a probability: converts to log2 odds, adds the weight, converts back.
pub fn adjust(probability: f64, weight: f64) -> f64 {
    if weight == 0.0 {
        return probability;
    }
    let p = probability.clamp(1e-12, 1.0 - 1e-12);
    let bits = (p / (1.0 - p)).log2() + weight;
    1.0 / (1.0 + (-bits).exp2())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(embeddings: Vec<Vec<f32>>) -> FaceSide {
        FaceSide {
            has_photos: true,
            embeddings,
        }
    }

    fn unit(index: usize) -> Vec<f32> {
        let mut v = vec![0.0; 128];
        v[index] = 1.0;
        v
    }

    #[test]
    fn same_face_is_strong_and_raises_probability() {
        let contribution = compare(&side(vec![unit(0)]), &side(vec![unit(1), unit(0)]));

        assert_eq!(contribution.level, "strong");
        assert!(adjust(0.5, contribution.weight) > 0.95);
    }

    #[test]
    fn different_faces_lower_probability() {
        let contribution = compare(&side(vec![unit(0)]), &side(vec![unit(1)]));

        assert_eq!(contribution.level, "different");
        assert!(adjust(0.9, contribution.weight) < 0.9);
    }

    #[test]
    fn absent_faces_are_neutral() {
        let none = FaceSide {
            has_photos: false,
            embeddings: Vec::new(),
        };

        assert_eq!(compare(&none, &side(vec![unit(0)])).level, "missing");
        assert_eq!(
            compare(&side(Vec::new()), &side(vec![unit(0)])).level,
            "no_usable_face"
        );
        assert_eq!(adjust(0.42, 0.0), 0.42);
    }
}
