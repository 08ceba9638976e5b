//! Methods of [`AuthedClient`] for photos of children: upload, list, image bytes and hiding.

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::Deserialize;
use uuid::Uuid;

use crate::access::ReportKind;
use crate::authed::AuthedClient;
use crate::client::Result;
use crate::error::ClientError;

/// A face the server detected in a photo, in pixels of the working image.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FaceBox {
    pub index: u32,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    /// Detector confidence, 0–1.
    pub score: f32,
}

/// A stored photo's metadata (`PhotoView`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PhotoView {
    pub id: Uuid,
    pub report_id: Uuid,
    /// Date as `YYYY-MM-DD`.
    #[serde(default)]
    pub taken_on: Option<String>,
    /// Photographer or origin of the photo, as the uploader wrote it.
    #[serde(default)]
    pub source: Option<String>,
    /// `guardian_consent`, `cwc_permission` or `not_recorded`.
    pub consent: String,
    pub width: u32,
    pub height: u32,
    pub uploaded_by: Uuid,
    pub created_at: String,
    /// Another stored photo that is the same picture: a data-quality warning, not proof of
    /// identity.
    #[serde(default)]
    pub duplicate_of: Option<Uuid>,
    /// `faces_found`, `no_usable_face` or `off`.
    pub face_evidence: String,
    #[serde(default)]
    pub faces: Vec<FaceBox>,
    /// Index of the face marked as the child's; `None` when not chosen.
    #[serde(default)]
    pub chosen_face: Option<i32>,
}

/// Body of `GET /{missing,found}-reports/{id}/photos`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct PhotoList {
    items: Vec<PhotoView>,
}

/// An image to upload with its optional metadata; empty text fields are not sent.
#[derive(Debug, Clone, Default)]
pub struct NewPhoto {
    pub bytes: Vec<u8>,
    /// MIME type of `bytes`, e.g. `image/jpeg`.
    pub content_type: String,
    pub file_name: String,
    /// Date as `YYYY-MM-DD`.
    pub taken_on: Option<String>,
    pub source: Option<String>,
    /// `guardian_consent`, `cwc_permission` or `not_recorded`.
    pub consent: Option<String>,
}

impl AuthedClient {
    /// Uploads a photo to a report as `multipart/form-data` (`POST …/{id}/photos`, 201). Fails
    /// with 413 for a file over 20 MiB, 415 for an unsupported type and 422 with field `file`,
    /// `taken_on` or `consent` for invalid content.
    pub async fn upload_photo(
        &self,
        kind: ReportKind,
        report_id: Uuid,
        photo: NewPhoto,
    ) -> Result<PhotoView> {
        let file = Part::bytes(photo.bytes)
            .file_name(photo.file_name)
            .mime_str(&photo.content_type)
            .map_err(|error| {
                ClientError::Transport(format!("invalid content type of the photo: {error}"))
            })?;
        let mut form = Form::new().part("file", file);
        let texts = [
            ("taken_on", photo.taken_on),
            ("source", photo.source),
            ("consent", photo.consent),
        ];
        for (name, value) in texts {
            if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
                form = form.text(name, value);
            }
        }
        let path = format!("/{}/{report_id}/photos", kind.collection());
        let request = self.request(Method::POST, &path)?.multipart(form);
        self.client().execute(request).await
    }

    /// Lists the visible photos of a report (`GET …/{id}/photos`).
    pub async fn report_photos(&self, kind: ReportKind, report_id: Uuid) -> Result<Vec<PhotoView>> {
        let path = format!("/{}/{report_id}/photos", kind.collection());
        let list: PhotoList = self.get(&path).await?;
        Ok(list.items)
    }

    /// Fetches the working JPEG of a photo (`GET /photos/{id}`).
    pub async fn photo_bytes(&self, photo_id: Uuid) -> Result<Vec<u8>> {
        let request = self.request(Method::GET, &format!("/photos/{photo_id}"))?;
        self.client().execute_raw(request).await
    }

    /// Fetches the thumbnail JPEG of a photo, longest side at most 256 px
    /// (`GET /photos/{id}/thumbnail`).
    pub async fn thumbnail_bytes(&self, photo_id: Uuid) -> Result<Vec<u8>> {
        let request = self.request(Method::GET, &format!("/photos/{photo_id}/thumbnail"))?;
        self.client().execute_raw(request).await
    }

    /// Marks which face in the photo is the child's (`POST /photos/{id}/face`); only the owning
    /// unit may.
    pub async fn choose_face(&self, photo_id: Uuid, face_index: i32) -> Result<PhotoView> {
        self.post(&format!("/photos/{photo_id}/face"), &serde_json::json!({"face_index": face_index})).await
    }

    /// Hides a photo from its report (`DELETE /photos/{id}`); only the owning unit may.
    pub async fn hide_photo(&self, photo_id: Uuid) -> Result<()> {
        let request = self.request(Method::DELETE, &format!("/photos/{photo_id}"))?;
        self.client().execute_empty(request).await
    }
}
