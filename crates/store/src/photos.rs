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
    /// Index of the face the uploader marked as the child's; `None` uses every face.
    pub chosen_face: Option<i32>,
}

/// Inserts a photo and its face embeddings.
pub fn insert(conn: &mut DbConnection, row: &PhotoRow, embeddings: &[Vec<f32>]) -> StoreResult<()> {
    diesel::insert_into(photos::table)
        .values(row)
        .execute(conn)?;
    for (index, embedding) in embeddings.iter().enumerate() {
        let text = serde_json::to_string(embedding).map_err(|e| StoreError::Internal(e.into()))?;
        diesel::insert_into(face_embeddings::table)
            .values((
                face_embeddings::photo_id.eq(&row.id),
                face_embeddings::face_index.eq(i32::try_from(index).unwrap_or(i32::MAX)),
                face_embeddings::embedding.eq(text),
            ))
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
    Ok(photos::table
        .filter(photos::erased_at.is_null())
        .select((photos::id, photos::report_id, photos::phash))
        .load(conn)?)
}

/// Hides a photo (it stays stored, for the audit trail).
pub fn hide(conn: &mut DbConnection, id: &str, by: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(photos::table.filter(photos::id.eq(id)))
        .set((
            photos::hidden_at.eq(Some(timestamp(now))),
            photos::hidden_by.eq(Some(by)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks a photo erased and deletes its embeddings; the caller deletes the image files.
pub fn erase(conn: &mut DbConnection, id: &str, by: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::delete(face_embeddings::table.filter(face_embeddings::photo_id.eq(id)))
        .execute(conn)?;
    diesel::update(photos::table.filter(photos::id.eq(id)))
        .set((
            photos::erased_at.eq(Some(timestamp(now))),
            photos::hidden_by.eq(Some(by)),
            photos::faces.eq("[]"),
        ))
        .execute(conn)?;
    Ok(())
}

/// Face embeddings of a report's visible photos, and whether the report has any visible photo.
pub fn embeddings_of_report(
    conn: &mut DbConnection,
    report_id: &str,
) -> StoreResult<(Vec<Vec<f32>>, bool)> {
    let photo_ids: Vec<String> = photos::table
        .filter(photos::report_id.eq(report_id))
        .filter(photos::hidden_at.is_null())
        .filter(photos::erased_at.is_null())
        .select(photos::id)
        .load(conn)?;
    if photo_ids.is_empty() {
        return Ok((Vec::new(), false));
    }
    let chosen: Vec<(String, Option<i32>)> = photos::table
        .filter(photos::id.eq_any(&photo_ids))
        .select((photos::id, photos::chosen_face))
        .load(conn)?;
    let rows: Vec<(String, i32, String)> = face_embeddings::table
        .filter(face_embeddings::photo_id.eq_any(&photo_ids))
        .select((
            face_embeddings::photo_id,
            face_embeddings::face_index,
            face_embeddings::embedding,
        ))
        .load(conn)?;
    // A photo with a chosen face contributes only that face; others contribute every face.
    let wanted = |photo: &str, index: i32| {
        chosen
            .iter()
            .find(|(id, _)| id == photo)
            .and_then(|(_, c)| *c)
            .is_none_or(|c| c == index)
    };
    let embeddings = rows
        .iter()
        .filter(|(photo, index, _)| wanted(photo, *index))
        .filter_map(|(_, _, text)| serde_json::from_str::<Vec<f32>>(text).ok())
        .filter(|e| e.len() == 128)
        .collect();
    Ok((embeddings, true))
}

/// Marks which detected face is the child's; a conflict when the photo has no such face.
pub fn choose_face(conn: &mut DbConnection, id: &str, face_index: i32) -> StoreResult<()> {
    let faces: i64 = face_embeddings::table
        .filter(face_embeddings::photo_id.eq(id))
        .filter(face_embeddings::face_index.eq(face_index))
        .count()
        .get_result(conn)?;
    let boxes: String = photos::table
        .filter(photos::id.eq(id))
        .select(photos::faces)
        .first(conn)?;
    let listed = serde_json::from_str::<Vec<serde_json::Value>>(&boxes)
        .map(|b| usize::try_from(face_index).is_ok_and(|i| i < b.len()))
        .unwrap_or(false);
    if faces == 0 && !listed {
        return Err(StoreError::Conflict(format!(
            "the photo has no face number {face_index}"
        )));
    }
    diesel::update(photos::table.filter(photos::id.eq(id)))
        .set(photos::chosen_face.eq(Some(face_index)))
        .execute(conn)?;
    Ok(())
}
