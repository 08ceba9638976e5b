//! Placeholder while the matcher is written; replaced by the real module.
