//! Photo metadata and face embeddings. The image bytes live in a photo store, not here.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::schema::{face_embeddings, photos};
use crate::{DbConnection, StoreError, StoreResult, timestamp};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = photos)]
pub struct PhotoRow {
    pub id: String,
    pub report_id: String,
    pub uploaded_by: String,
    pub created_at: String,
    pub taken_on: Option<String>,
    pub source: Option<String>,
    pub consent: String,
    pub width: i32,
    pub height: i32,
    pub phash: String,
    pub source_kind: String,
    pub duplicate_of: Option<String>,
    pub faces: String,
    pub face_evidence: String,
    pub hidden_at: Option<String>,
    pub hidden_by: Option<String>,
    pub erased_at: Option<String>,
}

/// Inserts a photo and its face embeddings.
pub fn insert(conn: &mut DbConnection, row: &PhotoRow, embeddings: &[Vec<f32>]) -> StoreResult<()> {
    diesel::insert_into(photos::table).values(row).execute(conn)?;
    for (index, embedding) in embeddings.iter().enumerate() {
        let text = serde_json::to_string(embedding).map_err(|e| StoreError::Internal(e.into()))?;
        diesel::insert_into(face_embeddings::table)
            .values((face_embeddings::photo_id.eq(&row.id), face_embeddings::face_index.eq(i32::try_from(index).unwrap_or(i32::MAX)), face_embeddings::embedding.eq(text)))
            .execute(conn)?;
    }
    Ok(())
}

/// A photo by id, whether hidden or not; erased photos are not found.
pub fn get(conn: &mut DbConnection, id: &str) -> StoreResult<PhotoRow> {
    photos::table
        .filter(photos::id.eq(id))
        .filter(photos::erased_at.is_null())
        .select(PhotoRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The visible photos of a report, oldest first.
pub fn of_report(conn: &mut DbConnection, report_id: &str) -> StoreResult<Vec<PhotoRow>> {
    Ok(photos::table
        .filter(photos::report_id.eq(report_id))
        .filter(photos::hidden_at.is_null())
        .filter(photos::erased_at.is_null())
        .order(photos::id.asc())
        .select(PhotoRow::as_select())
        .load(conn)?)
}

/// (photo id, report id, perceptual hash) of every photo not erased, for near-duplicate search.
pub fn hashes(conn: &mut DbConnection) -> StoreResult<Vec<(String, String, String)>> {
    Ok(photos::table.filter(photos::erased_at.is_null()).select((photos::id, photos::report_id, photos::phash)).load(conn)?)
}

/// Hides a photo (it stays stored, for the audit trail).
pub fn hide(conn: &mut DbConnection, id: &str, by: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(photos::table.filter(photos::id.eq(id))).set((photos::hidden_at.eq(Some(timestamp(now))), photos::hidden_by.eq(Some(by)))).execute(conn)?;
    Ok(())
}

/// Marks a photo erased and deletes its embeddings; the caller deletes the image files.
pub fn erase(conn: &mut DbConnection, id: &str, by: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::delete(face_embeddings::table.filter(face_embeddings::photo_id.eq(id))).execute(conn)?;
    diesel::update(photos::table.filter(photos::id.eq(id)))
        .set((photos::erased_at.eq(Some(timestamp(now))), photos::hidden_by.eq(Some(by)), photos::faces.eq("[]")))
        .execute(conn)?;
    Ok(())
}

/// Face embeddings of a report's visible photos, and whether the report has any visible photo.
pub fn embeddings_of_report(conn: &mut DbConnection, report_id: &str) -> StoreResult<(Vec<Vec<f32>>, bool)> {
    let photo_ids: Vec<String> = photos::table
        .filter(photos::report_id.eq(report_id))
        .filter(photos::hidden_at.is_null())
        .filter(photos::erased_at.is_null())
        .select(photos::id)
        .load(conn)?;
    if photo_ids.is_empty() {
        return Ok((Vec::new(), false));
    }
    let texts: Vec<String> = face_embeddings::table.filter(face_embeddings::photo_id.eq_any(&photo_ids)).select(face_embeddings::embedding).load(conn)?;
    let embeddings = texts.iter().filter_map(|t| serde_json::from_str::<Vec<f32>>(t).ok()).filter(|e| e.len() == 128).collect();
    Ok((embeddings, true))
}
