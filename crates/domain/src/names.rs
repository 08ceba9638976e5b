//! Placeholder while the name normaliser is written; replaced by the real module.
