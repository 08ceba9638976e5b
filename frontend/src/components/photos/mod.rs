//! Photos of a child: thumbnails, the working image, upload with in-browser shrinking.

pub mod add_photo_form;
pub mod blob_image;
pub mod match_photos;
pub mod photos_section;
pub mod shrink;
