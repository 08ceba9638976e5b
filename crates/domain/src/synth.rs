//! Placeholder while the synthetic cohort generator is written; replaced by the real module.
