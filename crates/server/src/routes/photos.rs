//! Photos of children: upload (multipart), list, serve, hide and erase.
//!
//! Every upload is sniffed, size- and pixel-checked before decoding, turned upright and
//! re-encoded so that no metadata (EXIF, GPS, XMP, comments) survives, then hashed for
//! near-duplicates and, when the face models are installed, searched for faces. A photo is
//! served only to users who may read the child's report, never cached, and anyone else gets 404.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{NaiveDate, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use trackchild_domain::access::{Action, Actor, Link, OrgType, Role, decide};
use trackchild_domain::codes::ReportKind;
use trackchild_domain::wire::{Page, Problem};
use trackchild_store::photos::{self, PhotoRow};
use trackchild_store::{reports, sharing};
use trackchild_vision::{Limits, PhotoError, Variant, hamming, is_near_duplicate, sanitize};
use uuid::Uuid;

use crate::access::{read_report, record, resource_of};
use crate::app::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use crate::routes::field_error;

/// Consent codes for a photo.
pub const CONSENT_CODES: &[&str] = &["guardian_consent", "cwc_permission", "not_recorded"];
/// Largest text field in an upload form, in bytes.
const MAX_FORM_FIELD_BYTES: usize = 2000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(upload_missing)
        .service(upload_found)
        .service(list_missing)
        .service(list_found)
        .service(working)
        .service(thumbnail)
        .service(remove)
        .service(choose_face);
}

/// A detected face, without its embedding (embeddings never leave the server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FaceBox {
    pub index: usize,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    /// Detector confidence, 0–1.
    pub score: f32,
}

/// A stored photo's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PhotoView {
    pub id: Uuid,
    pub report_id: Uuid,
    pub taken_on: Option<NaiveDate>,
    /// Who took the photo or where it came from, as the uploader wrote it.
    pub source: Option<String>,
    /// `guardian_consent`, `cwc_permission` or `not_recorded`.
    pub consent: String,
    pub width: i32,
    pub height: i32,
    pub uploaded_by: Uuid,
    pub created_at: String,
    /// Another stored photo that is the same picture (resized, re-compressed, grey or bordered):
    /// a data-quality alarm, never proof that two reports are the same child.
    pub duplicate_of: Option<Uuid>,
    /// `faces_found`, `no_usable_face` or `off` (face models not installed on this server).
    pub face_evidence: String,
    pub faces: Vec<FaceBox>,
    /// The face the uploader marked as the child's; `null` when not chosen (every face counts).
    pub chosen_face: Option<i32>,
}

/// Body of `POST /api/v1/photos/{photo_id}/face`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"face_index": 1}))]
pub struct ChooseFace {
    /// `index` of one of the photo's `faces`.
    pub face_index: i32,
}

/// Adds a photo to a missing report (multipart: `file`, optional `taken_on`, `source`, `consent`).
#[utoipa::path(
    post, path = "/api/v1/missing-reports/{id}/photos", tag = "photos", params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "Fields: file (JPEG, PNG or WebP), taken_on (YYYY-MM-DD), source, consent"),
    responses(
        (status = 201, body = PhotoView),
        (status = 404, body = Problem),
        (status = 413, description = "Over 20 MiB", body = Problem),
        (status = 415, description = "Not multipart/form-data", body = Problem),
        (status = 422, description = "Not an image, truncated, too many pixels, or a bad field", body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/missing-reports/{id}/photos")]
async fn upload_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    upload(
        state,
        actor,
        req,
        ReportKind::Missing,
        id.into_inner(),
        payload,
    )
    .await
}

/// Adds a photo to a found report (multipart: `file`, optional `taken_on`, `source`, `consent`).
#[utoipa::path(
    post, path = "/api/v1/found-reports/{id}/photos", tag = "photos", params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "Fields: file (JPEG, PNG or WebP), taken_on (YYYY-MM-DD), source, consent"),
    responses(
        (status = 201, body = PhotoView),
        (status = 404, body = Problem),
        (status = 413, description = "Over 20 MiB", body = Problem),
        (status = 415, description = "Not multipart/form-data", body = Problem),
        (status = 422, description = "Not an image, truncated, too many pixels, or a bad field", body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/found-reports/{id}/photos")]
async fn upload_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    upload(
        state,
        actor,
        req,
        ReportKind::Found,
        id.into_inner(),
        payload,
    )
    .await
}

/// The photos of a missing report.
#[utoipa::path(get, path = "/api/v1/missing-reports/{id}/photos", tag = "photos", params(("id" = Uuid, Path)), responses((status = 200, body = Page<PhotoView>), (status = 404, body = Problem)), security(("bearer" = [])))]
#[get("/missing-reports/{id}/photos")]
async fn list_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<PhotoView>>> {
    list(state, actor, ReportKind::Missing, id.into_inner()).await
}

/// The photos of a found report.
#[utoipa::path(get, path = "/api/v1/found-reports/{id}/photos", tag = "photos", params(("id" = Uuid, Path)), responses((status = 200, body = Page<PhotoView>), (status = 404, body = Problem)), security(("bearer" = [])))]
#[get("/found-reports/{id}/photos")]
async fn list_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<PhotoView>>> {
    list(state, actor, ReportKind::Found, id.into_inner()).await
}

/// The working image (upright JPEG, longest side at most 1600 px, no metadata).
#[utoipa::path(get, path = "/api/v1/photos/{photo_id}", tag = "photos", params(("photo_id" = Uuid, Path)), responses((status = 200, description = "JPEG", content_type = "image/jpeg"), (status = 404, body = Problem)), security(("bearer" = [])))]
#[get("/photos/{photo_id}")]
async fn working(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    serve(state, actor, id.into_inner(), Variant::Working).await
}

/// The thumbnail (upright JPEG, longest side at most 256 px, no metadata).
#[utoipa::path(get, path = "/api/v1/photos/{photo_id}/thumbnail", tag = "photos", params(("photo_id" = Uuid, Path)), responses((status = 200, description = "JPEG", content_type = "image/jpeg"), (status = 404, body = Problem)), security(("bearer" = [])))]
#[get("/photos/{photo_id}/thumbnail")]
async fn thumbnail(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    serve(state, actor, id.into_inner(), Variant::Thumbnail).await
}

/// Query of `DELETE /api/v1/photos/{photo_id}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RemoveQuery {
    /// Erase the image files as well (administrators only, for a photo uploaded to the wrong
    /// child); without it the photo is hidden and kept.
    pub erase: Option<bool>,
}

/// Hides a photo (the owning unit), or erases it (an administrator of the owning unit or system
/// administration). Both are audited.
#[utoipa::path(delete, path = "/api/v1/photos/{photo_id}", tag = "photos", params(("photo_id" = Uuid, Path), RemoveQuery), responses((status = 204, description = "Hidden or erased"), (status = 403, body = Problem), (status = 404, body = Problem)), security(("bearer" = [])))]
#[delete("/photos/{photo_id}")]
async fn remove(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    query: web::Query<RemoveQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let erase = query.erase.unwrap_or(false);
    let photo = load_photo(&state, id).await?;
    let report_id = trackchild_store::parse_uuid(&photo.report_id)?;
    let kind = report_kind(&state, report_id).await?;
    let system_admin = actor.org_type == OrgType::SystemAdmin && actor.role == Role::OrgAdmin;
    if !system_admin {
        let readable = read_report(&state, &actor, kind, report_id, false).await?;
        let writes = decide(
            &actor,
            Action::Write,
            &resource_of(&actor, &readable.report, kind, Link::None),
        )
        .allows();
        let owner_admin = readable.report.row.owner_org_id == actor.organisation_id.to_string()
            && actor.role == Role::OrgAdmin;
        if !writes || (erase && !owner_admin) {
            return Err(ApiError::Forbidden(if erase {
                "erase photos"
            } else {
                "hide this photo"
            }));
        }
    }

    let store = state.store.clone();
    let by = actor.user_id.to_string();
    let photo_id = photo.id.clone();
    web::block(move || {
        store.write(|conn| {
            if erase {
                photos::erase(conn, &photo_id, &by, Utc::now())
            } else {
                photos::hide(conn, &photo_id, &by, Utc::now())
            }
        })
    })
    .await??;
    if erase {
        let files = state.photos.clone();
        web::block(move || {
            files.delete(id, Variant::Working)?;
            files.delete(id, Variant::Thumbnail)
        })
        .await?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("deleting photo files: {e}")))?;
    }
    let action = if erase { "erase_photo" } else { "hide_photo" };
    record(
        &state,
        Some(&actor),
        action,
        Some(kind.as_str()),
        Some(report_id),
        "succeeded",
        serde_json::json!({"photo_id": id}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Marks which face in a photo with several faces is the child's; only that face then enters
/// the match score. For the unit that owns the report.
#[utoipa::path(
    post, path = "/api/v1/photos/{photo_id}/face", tag = "photos", params(("photo_id" = Uuid, Path)), request_body = ChooseFace,
    responses((status = 200, body = PhotoView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, description = "No such face in the photo", body = Problem)),
    security(("bearer" = []))
)]
#[post("/photos/{photo_id}/face")]
async fn choose_face(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<serde_json::Value>,
) -> ApiResult<web::Json<PhotoView>> {
    let request: ChooseFace = crate::routes::parse_strict(body.into_inner(), &["face_index"])?;
    let id = id.into_inner();
    let photo = load_photo(&state, id).await?;
    let report_id = trackchild_store::parse_uuid(&photo.report_id)?;
    let kind = report_kind(&state, report_id).await?;
    let readable = read_report(&state, &actor, kind, report_id, false).await?;
    if !decide(
        &actor,
        Action::Write,
        &resource_of(&actor, &readable.report, kind, readable.link),
    )
    .allows()
    {
        return Err(ApiError::Forbidden("choose the face in this photo"));
    }

    let store = state.store.clone();
    let photo_id = photo.id.clone();
    let updated = web::block(move || {
        store.write(|conn| {
            photos::choose_face(conn, &photo_id, request.face_index)?;
            trackchild_store::jobs::enqueue(conn, report_id, Utc::now())?;
            photos::get(conn, &photo_id)
        })
    })
    .await??;
    state.matcher.notify();
    record(
        &state,
        Some(&actor),
        "choose_face",
        Some(kind.as_str()),
        Some(report_id),
        "succeeded",
        serde_json::json!({"photo_id": id, "face_index": request.face_index}),
    )
    .await?;
    Ok(web::Json(view(&updated)?))
}

/// Fields of an upload form.
struct Upload {
    file: Vec<u8>,
    taken_on: Option<NaiveDate>,
    source: Option<String>,
    consent: String,
}

async fn upload(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    kind: ReportKind,
    id: Uuid,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let readable = read_report(&state, &actor, kind, id, false).await?;
    if !decide(
        &actor,
        Action::Write,
        &resource_of(&actor, &readable.report, kind, readable.link),
    )
    .allows()
    {
        return Err(ApiError::Forbidden("add photos to this report"));
    }
    let form = read_form(&req, payload, &state.settings.photo_limits, state.today()).await?;

    let limits = state.settings.photo_limits.clone();
    let bytes = form.file;
    let sanitized = web::block(move || sanitize(&bytes, &limits))
        .await?
        .map_err(photo_error)?;
    let faces = detect_faces(&state, &sanitized.working_jpeg).await?;

    let photo_id = Uuid::now_v7();
    let files = state.photos.clone();
    let (working_bytes, thumb) = (
        sanitized.working_jpeg.clone(),
        sanitized.thumbnail_jpeg.clone(),
    );
    web::block(move || {
        files.put(photo_id, Variant::Working, &working_bytes)?;
        files.put(photo_id, Variant::Thumbnail, &thumb)
    })
    .await?
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("storing photo files: {e}")))?;

    let phash = format!("{:016x}", sanitized.perceptual_hash);
    let boxes: Vec<FaceBox> = faces
        .iter()
        .enumerate()
        .map(|(index, f)| FaceBox {
            index,
            left: f.0[0],
            top: f.0[1],
            width: f.0[2],
            height: f.0[3],
            score: f.1,
        })
        .collect();
    let evidence = match (&state.faces, boxes.is_empty()) {
        (None, _) => "off",
        (Some(_), true) => "no_usable_face",
        (Some(_), false) => "faces_found",
    };
    let row = PhotoRow {
        id: photo_id.to_string(),
        report_id: id.to_string(),
        uploaded_by: actor.user_id.to_string(),
        created_at: trackchild_store::timestamp(Utc::now()),
        taken_on: form.taken_on.map(|d| d.to_string()),
        source: form.source,
        consent: form.consent,
        width: i32::try_from(sanitized.width).unwrap_or(i32::MAX),
        height: i32::try_from(sanitized.height).unwrap_or(i32::MAX),
        phash,
        source_kind: sanitized.source_kind.name().to_string(),
        duplicate_of: None,
        faces: serde_json::to_string(&boxes).map_err(|e| ApiError::Internal(e.into()))?,
        face_evidence: evidence.to_string(),
        hidden_at: None,
        hidden_by: None,
        erased_at: None,
        chosen_face: if boxes.len() == 1 { Some(0) } else { None },
    };
    let embeddings: Vec<Vec<f32>> = faces.into_iter().map(|f| f.2).collect();
    let stored = store_with_duplicates(
        &state,
        row,
        embeddings,
        sanitized.perceptual_hash,
        &readable.report.row.owner_org_id,
    )
    .await?;
    // A new face can change the report's suggestions.
    let store = state.store.clone();
    web::block(move || store.write(|conn| trackchild_store::jobs::enqueue(conn, id, Utc::now())))
        .await??;
    state.matcher.notify();
    record(
        &state,
        Some(&actor),
        "upload_photo",
        Some(kind.as_str()),
        Some(id),
        "succeeded",
        serde_json::json!({"photo_id": photo_id, "duplicate_of": stored.duplicate_of}),
    )
    .await?;

    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/photos/{photo_id}")))
        .json(view(&stored)?))
}

/// Stores the photo, marking it a duplicate of the nearest earlier photo within the hash
/// distance. A duplicate on another report raises a data-quality notice to both owners.
async fn store_with_duplicates(
    state: &web::Data<AppState>,
    mut row: PhotoRow,
    embeddings: Vec<Vec<f32>>,
    hash: u64,
    owner: &str,
) -> ApiResult<PhotoRow> {
    let store = state.store.clone();
    let owner = owner.to_string();
    Ok(web::block(move || {
        store.write(|conn| {
            let nearest = photos::hashes(conn)?
                .into_iter()
                .filter_map(|(id, report, text)| u64::from_str_radix(&text, 16).ok().map(|h| (id, report, h)))
                .filter(|(_, _, h)| is_near_duplicate(hash, *h))
                .min_by_key(|(_, _, h)| hamming(hash, *h));
            if let Some((other_id, other_report, other_hash)) = nearest {
                row.duplicate_of = Some(other_id.clone());
                if other_report != row.report_id {
                    let other = reports::get_any(conn, trackchild_store::parse_uuid(&other_report)?)?;
                    let identical = other_hash == hash;
                    let detail = serde_json::json!({"photo_id": row.id, "duplicate_of": other_id, "other_report_id": other_report, "identical": identical});
                    for org in [owner.as_str(), other.row.owner_org_id.as_str()] {
                        sharing::notify(conn, org, "photo_duplicate", Some(&row.report_id), None, &detail, Utc::now())?;
                    }
                }
            }
            photos::insert(conn, &row, &embeddings)?;
            Ok(row)
        })
    })
    .await??)
}

/// Faces in the working image as (box, score, embedding); empty when the models are absent.
async fn detect_faces(
    state: &web::Data<AppState>,
    jpeg: &[u8],
) -> ApiResult<Vec<([f32; 4], f32, Vec<f32>)>> {
    let Some(models) = state.faces.clone() else {
        return Ok(Vec::new());
    };
    let jpeg = jpeg.to_vec();
    let found = web::block(move || {
        let image = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg)
            .map_err(|e| anyhow::anyhow!("decoding the working image: {e}"))?;
        models.faces(&image).map_err(|e| anyhow::anyhow!("{e}"))
    })
    .await?;
    match found {
        Ok(faces) => Ok(faces
            .into_iter()
            .map(|f| {
                (
                    [f.bbox.left, f.bbox.top, f.bbox.width, f.bbox.height],
                    f.score,
                    f.embedding.to_vec(),
                )
            })
            .collect()),
        Err(error) => {
            // The photo is still worth keeping without face evidence.
            tracing::warn!(error = %error, "face detection failed; photo stored without face evidence");
            Ok(Vec::new())
        }
    }
}

async fn read_form(
    req: &HttpRequest,
    payload: web::Payload,
    limits: &Limits,
    today: NaiveDate,
) -> ApiResult<Upload> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::UnsupportedMediaType);
    }
    let mut multipart = Multipart::new(req.headers(), payload);
    let (mut file, mut taken_on, mut source, mut consent) = (None, None, None, None);
    let max_file = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    while let Some(field) = multipart.next().await {
        let mut field = field
            .map_err(|e| ApiError::BadRequest(format!("the multipart body is malformed: {e}")))?;
        let name = field
            .content_disposition()
            .and_then(|d| d.get_name())
            .unwrap_or("")
            .to_string();
        let cap = if name == "file" {
            max_file
        } else {
            MAX_FORM_FIELD_BYTES
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|e| ApiError::BadRequest(format!("reading the upload failed: {e}")))?;
            if bytes.len() + chunk.len() > cap {
                return Err(if name == "file" {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::Validation(vec![field_error(
                        &name,
                        "too_long",
                        "form fields are at most 2000 bytes",
                    )])
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => file = Some(bytes),
            "taken_on" => taken_on = Some(String::from_utf8_lossy(&bytes).trim().to_string()),
            "source" => source = Some(String::from_utf8_lossy(&bytes).trim().to_string()),
            "consent" => consent = Some(String::from_utf8_lossy(&bytes).trim().to_string()),
            other => {
                return Err(ApiError::Validation(vec![field_error(
                    other,
                    "unknown_field",
                    "allowed fields: file, taken_on, source, consent",
                )]));
            }
        }
    }
    validate_form(file, taken_on, source, consent, today)
}

fn validate_form(
    file: Option<Vec<u8>>,
    taken_on: Option<String>,
    source: Option<String>,
    consent: Option<String>,
    today: NaiveDate,
) -> ApiResult<Upload> {
    let mut errors = Vec::new();
    let file = file.unwrap_or_default();
    if file.is_empty() {
        errors.push(field_error(
            "file",
            "required",
            "send the image in the multipart field `file`",
        ));
    }
    let taken_on = match taken_on
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<NaiveDate>())
    {
        None => None,
        Some(Ok(date)) if date <= today => Some(date),
        Some(Ok(date)) => {
            errors.push(field_error(
                "taken_on",
                "future_date",
                &format!("taken_on {date} is in the future"),
            ));
            None
        }
        Some(Err(_)) => {
            errors.push(field_error(
                "taken_on",
                "invalid_value",
                "taken_on must be a date in YYYY-MM-DD",
            ));
            None
        }
    };
    let consent = consent
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "not_recorded".into());
    if !CONSENT_CODES.contains(&consent.as_str()) {
        errors.push(field_error(
            "consent",
            "invalid_value",
            &format!("consent must be one of {}", CONSENT_CODES.join(", ")),
        ));
    }
    if errors.is_empty() {
        Ok(Upload {
            file,
            taken_on,
            source: source.filter(|s| !s.is_empty()),
            consent,
        })
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn photo_error(error: PhotoError) -> ApiError {
    match error {
        PhotoError::TooLarge { .. } => ApiError::PayloadTooLarge,
        other if other.is_client_error() => {
            ApiError::Validation(vec![field_error("file", other.code(), &other.to_string())])
        }
        other => ApiError::Internal(anyhow::anyhow!("processing photo: {other}")),
    }
}

async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
    id: Uuid,
) -> ApiResult<web::Json<Page<PhotoView>>> {
    read_report(&state, &actor, kind, id, true).await?;
    let store = state.store.clone();
    let rows =
        web::block(move || store.read(|conn| photos::of_report(conn, &id.to_string()))).await??;
    let items = rows.iter().map(view).collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(Page {
        items,
        next_cursor: None,
    }))
}

async fn serve(
    state: web::Data<AppState>,
    actor: Actor,
    id: Uuid,
    variant: Variant,
) -> ApiResult<HttpResponse> {
    let photo = load_photo(&state, id).await?;
    if photo.hidden_at.is_some() {
        return Err(ApiError::NotFound);
    }
    let report_id = trackchild_store::parse_uuid(&photo.report_id)?;
    let kind = report_kind(&state, report_id).await?;
    read_report(&state, &actor, kind, report_id, false).await?;

    let files = state.photos.clone();
    let bytes = web::block(move || files.get(id, variant))
        .await?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading photo files: {e}")))?
        .ok_or(ApiError::NotFound)?;
    record(
        &state,
        Some(&actor),
        "view_photo",
        Some(kind.as_str()),
        Some(report_id),
        "allowed",
        serde_json::json!({"photo_id": id}),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}

async fn load_photo(state: &web::Data<AppState>, id: Uuid) -> ApiResult<PhotoRow> {
    let store = state.store.clone();
    Ok(web::block(move || store.read(|conn| photos::get(conn, &id.to_string()))).await??)
}

async fn report_kind(state: &web::Data<AppState>, id: Uuid) -> ApiResult<ReportKind> {
    let store = state.store.clone();
    let report = web::block(move || store.read(|conn| reports::get_any(conn, id))).await??;
    Ok(report.kind()?)
}

fn view(row: &PhotoRow) -> ApiResult<PhotoView> {
    Ok(PhotoView {
        id: trackchild_store::parse_uuid(&row.id)?,
        report_id: trackchild_store::parse_uuid(&row.report_id)?,
        taken_on: row.taken_on.as_deref().and_then(|d| d.parse().ok()),
        source: row.source.clone(),
        consent: row.consent.clone(),
        width: row.width,
        height: row.height,
        uploaded_by: trackchild_store::parse_uuid(&row.uploaded_by)?,
        created_at: row.created_at.clone(),
        duplicate_of: row
            .duplicate_of
            .as_deref()
            .map(trackchild_store::parse_uuid)
            .transpose()?,
        face_evidence: row.face_evidence.clone(),
        faces: serde_json::from_str(&row.faces).unwrap_or_default(),
        chosen_face: row.chosen_face,
    })
}
