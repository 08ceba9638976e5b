//! Shrinking a chosen photo in the browser before upload, so phones send less over slow networks.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlImageElement, Url};

/// Maximum length in pixels of the longer side of an uploaded photo.
pub const MAX_SIDE: u32 = 1600;

/// JPEG quality, 0–1, of a shrunk photo.
const JPEG_QUALITY: f64 = 0.85;

/// Bytes to upload with their MIME type and file name.
pub struct PreparedImage {
    pub bytes: Vec<u8>,
    pub content_type: String,
    pub file_name: String,
}

/// Returns the file unchanged when its longer side is at most [`MAX_SIDE`], else a JPEG redrawn on a
/// canvas with the longer side at [`MAX_SIDE`]. A file the browser cannot decode is sent unchanged,
/// so the server reports why it is invalid.
pub async fn prepare_upload(file: &File) -> Result<PreparedImage, JsValue> {
    let original = PreparedImage {
        bytes: blob_bytes(file).await?,
        content_type: file.type_(),
        file_name: file.name(),
    };
    let Ok(image) = decode(file).await else {
        return Ok(original);
    };
    let (width, height) = (image.natural_width(), image.natural_height());
    let Some((new_width, new_height)) = shrunk_size(width, height) else {
        return Ok(original);
    };

    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(new_width);
    canvas.set_height(new_height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    context.draw_image_with_html_image_element_and_dw_and_dh(
        &image,
        0.0,
        0.0,
        f64::from(new_width),
        f64::from(new_height),
    )?;

    let exported = Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            "image/jpeg",
            &JsValue::from_f64(JPEG_QUALITY),
        );
    });
    let blob: Blob = JsFuture::from(exported).await?.dyn_into()?;
    let stem = original
        .file_name
        .rsplit_once('.')
        .map_or(original.file_name.as_str(), |(stem, _)| stem);
    Ok(PreparedImage {
        bytes: blob_bytes(&blob).await?,
        content_type: "image/jpeg".to_string(),
        file_name: format!("{stem}.jpg"),
    })
}

/// Size with the longer side at [`MAX_SIDE`] and the aspect ratio kept, or `None` when the image
/// is already small enough.
pub fn shrunk_size(width: u32, height: u32) -> Option<(u32, u32)> {
    let longer = width.max(height);
    if longer <= MAX_SIDE || longer == 0 {
        return None;
    }
    let scale = f64::from(MAX_SIDE) / f64::from(longer);
    let scaled = |side: u32| ((f64::from(side) * scale).round() as u32).max(1);
    Some((scaled(width), scaled(height)))
}

async fn decode(file: &File) -> Result<HtmlImageElement, JsValue> {
    let url = Url::create_object_url_with_blob(file)?;
    let image = HtmlImageElement::new()?;
    let loaded = Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&url);
    let result = JsFuture::from(loaded).await;
    let _ = Url::revoke_object_url(&url);
    result.map(|_| image)
}

async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(blob.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_image_is_kept() {
        assert_eq!(shrunk_size(1600, 1200), None);
        assert_eq!(shrunk_size(640, 480), None);
    }

    #[test]
    fn large_image_keeps_aspect_ratio() {
        assert_eq!(shrunk_size(4000, 3000), Some((1600, 1200)));
        assert_eq!(shrunk_size(3000, 4000), Some((1200, 1600)));
    }
}
