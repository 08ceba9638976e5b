//! Photo upload and serving: metadata stripped, orientation applied, bad files refused without
//! storing anything, near-duplicates flagged, and photos hidden from other jurisdictions.

use std::io::Cursor;

use image::{ImageBuffer, Rgb};
use reqwest::multipart::{Form, Part};
use trackchild_domain::examples::missing_report_example;

use crate::helpers::{PASSWORD, TestApp, on_both_backends};

const SECRET: &str = "GPS 18.5286N 73.8743E secret place";

/// A JPEG of `width`×`height` with a gradient, so hashes and re-encoding behave like a photo.
fn jpeg(width: u32, height: u32, quality: u8) -> Vec<u8> {
    // Large blocks of different brightness: structure that survives resizing, as in a photo.
    const LEVELS: [u8; 12] = [30, 200, 90, 240, 10, 160, 120, 60, 220, 40, 180, 100];
    let image = ImageBuffer::from_fn(width, height, |x, y| {
        let block = (x * 4 / width.max(1) + (y * 3 / height.max(1)) * 4) as usize;
        let level = LEVELS[block % LEVELS.len()];
        Rgb([level, level.wrapping_add(40), 255 - level])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut bytes), quality)
        .encode_image(&image)
        .unwrap();
    bytes
}

/// Inserts an EXIF block with an orientation and an ASCII description (standing in for GPS data)
/// right after the JPEG start marker.
fn with_exif(jpeg: &[u8], orientation: u16, description: &str) -> Vec<u8> {
    let text = format!("{description}\0");
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    let data_offset = 8 + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&0x010Eu16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&(text.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&(data_offset as u32).to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(text.as_bytes());
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A well-formed PNG that declares `width`×`height` but carries almost no pixel data: what a
/// decompression bomb looks like before it is inflated.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    for (kind, data) in [
        (&b"IHDR"[..], ihdr),
        (
            &b"IDAT"[..],
            vec![0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        ),
        (&b"IEND"[..], Vec::new()),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(&data);
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    png
}

/// CRC-32 (IEEE), as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn upload(
    app: &TestApp,
    token: &str,
    report: uuid::Uuid,
    bytes: Vec<u8>,
    file_name: &str,
) -> reqwest::Response {
    let form = Form::new()
        .part("file", Part::bytes(bytes).file_name(file_name.to_string()))
        .text("taken_on", "2026-10-11")
        .text("source", "mother's phone")
        .text("consent", "guardian_consent");
    app.http()
        .post(app.url(&format!("/api/v1/missing-reports/{report}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn gps_exif_is_stripped_and_orientation_applied(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let original = with_exif(&jpeg(80, 40, 90), 6, SECRET);
    assert!(
        contains(&original, SECRET.as_bytes()),
        "the fixture carries the secret"
    );

    let response = upload(
        &app,
        &police.access_token(),
        report.id,
        original,
        "child.jpg",
    )
    .await;

    assert_eq!(response.status(), 201);
    let photo: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(40), Some(80)),
        "orientation 6 turns the picture upright: {photo}"
    );
    let served = app
        .http()
        .get(app.url(&format!("/api/v1/photos/{}", photo["id"].as_str().unwrap())))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();
    assert_eq!(
        served.headers().get("cache-control").unwrap(),
        "private, no-store"
    );
    assert_eq!(served.headers().get("content-type").unwrap(), "image/jpeg");
    let bytes = served.bytes().await.unwrap();
    assert!(
        !contains(&bytes, SECRET.as_bytes()),
        "the GPS text survived"
    );
    assert!(!contains(&bytes, b"Exif\0\0"), "an EXIF block survived");
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (40, 80));
    let thumb = app
        .http()
        .get(app.url(&format!(
            "/api/v1/photos/{}/thumbnail",
            photo["id"].as_str().unwrap()
        )))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(!contains(&thumb, SECRET.as_bytes()));
}
on_both_backends!(gps_exif_is_stripped_and_orientation_applied);

async fn bad_uploads_are_refused_and_store_nothing(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let token = police.access_token();
    let good = jpeg(64, 64, 90);
    let truncated = good[..good.len() / 2].to_vec();
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00fake zip archive".to_vec();
    let bomb = png_header_only(20_000, 20_000);

    let cases = [
        ("truncated", truncated, "child.jpg", "truncated"),
        ("zip as png", zip, "child.png", "unsupported_type"),
        ("20000x20000", bomb, "big.png", "too_many_pixels"),
        ("empty", Vec::new(), "empty.jpg", "required"),
    ];
    for (description, bytes, name, code) in cases {
        let response = upload(&app, &token, report.id, bytes, name).await;
        assert_eq!(response.status(), 422, "{description}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            problem["errors"][0]["code"], code,
            "{description}: {problem}"
        );
    }
    let json = app
        .http()
        .post(app.url(&format!("/api/v1/missing-reports/{}/photos", report.id)))
        .bearer_auth(&token)
        .json(&serde_json::json!({"file": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 415);

    let listed: serde_json::Value = app
        .http()
        .get(app.url(&format!("/api/v1/missing-reports/{}/photos", report.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));
    let files = std::fs::read_dir(&app.state.settings.photo_dir)
        .unwrap()
        .count();
    assert_eq!(files, 0, "no file was written");
}
on_both_backends!(bad_uploads_are_refused_and_store_nothing);

async fn recompressed_copy_is_flagged_as_duplicate(app: TestApp) {
    let police = app.login("demo-police").await;
    let first_report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let second_report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let token = police.access_token();

    let first: serde_json::Value =
        upload(&app, &token, first_report.id, jpeg(400, 300, 95), "a.jpg")
            .await
            .json()
            .await
            .unwrap();
    let copy: serde_json::Value =
        upload(&app, &token, second_report.id, jpeg(200, 150, 40), "b.jpg")
            .await
            .json()
            .await
            .unwrap();

    assert_eq!(first["duplicate_of"], serde_json::Value::Null);
    assert_eq!(copy["duplicate_of"], first["id"], "{copy}");
    let inbox: serde_json::Value = app
        .http()
        .get(app.url("/api/v1/inbox"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "photo_duplicate"),
        "{inbox}"
    );
}
on_both_backends!(recompressed_copy_is_flagged_as_duplicate);

async fn photo_is_hidden_outside_jurisdiction(app: TestApp) {
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let photo: serde_json::Value = upload(
        &app,
        &police.access_token(),
        report.id,
        jpeg(64, 64, 90),
        "a.jpg",
    )
    .await
    .json()
    .await
    .unwrap();
    let id = photo["id"].as_str().unwrap().to_string();
    let satara_cwc = app.login("demo-cwc").await;
    let state = app.login("demo-state").await;

    for (who, client) in [
        ("CWC of another district", &satara_cwc),
        ("State society", &state),
    ] {
        let working = app
            .http()
            .get(app.url(&format!("/api/v1/photos/{id}")))
            .bearer_auth(client.access_token())
            .send()
            .await
            .unwrap();
        let thumb = app
            .http()
            .get(app.url(&format!("/api/v1/photos/{id}/thumbnail")))
            .bearer_auth(client.access_token())
            .send()
            .await
            .unwrap();
        let list = app
            .http()
            .get(app.url(&format!("/api/v1/missing-reports/{}/photos", report.id)))
            .bearer_auth(client.access_token())
            .send()
            .await
            .unwrap();
        assert_eq!(working.status(), 404, "{who}");
        assert_eq!(thumb.status(), 404, "{who}");
        assert_eq!(list.status(), 404, "{who}");
    }
    let upload_by_other = upload(
        &app,
        &satara_cwc.access_token(),
        report.id,
        jpeg(64, 64, 90),
        "x.jpg",
    )
    .await;
    assert_eq!(upload_by_other.status(), 404);
    let _ = PASSWORD;
}
on_both_backends!(photo_is_hidden_outside_jurisdiction);

async fn owner_hides_and_administrator_erases(app: TestApp) {
    let police = app.login("demo-police").await;
    let admin = app.login("demo-admin").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let photo: serde_json::Value = upload(
        &app,
        &police.access_token(),
        report.id,
        jpeg(64, 64, 90),
        "a.jpg",
    )
    .await
    .json()
    .await
    .unwrap();
    let id = photo["id"].as_str().unwrap().to_string();
    let url = app.url(&format!("/api/v1/photos/{id}"));

    let erase_by_officer = app
        .http()
        .delete(format!("{url}?erase=true"))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();
    let hide = app
        .http()
        .delete(&url)
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();
    let after_hide = app
        .http()
        .get(&url)
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();
    let erase = app
        .http()
        .delete(format!("{url}?erase=true"))
        .bearer_auth(admin.access_token())
        .send()
        .await
        .unwrap();

    assert_eq!(erase_by_officer.status(), 403);
    assert_eq!(hide.status(), 204);
    assert_eq!(after_hide.status(), 404);
    assert_eq!(erase.status(), 204);
    let remaining: usize = std::fs::read_dir(&app.state.settings.photo_dir)
        .unwrap()
        .flatten()
        .map(|d| std::fs::read_dir(d.path()).map(|r| r.count()).unwrap_or(0))
        .sum();
    assert_eq!(remaining, 0, "erasing deletes the files");
}
on_both_backends!(owner_hides_and_administrator_erases);

/// Stores a face embedding for every photo of a report, as the face models would.
fn plant_face(app: &TestApp, report: uuid::Uuid, hot_index: usize) {
    use diesel::RunQueryDsl;
    let mut embedding = vec![0.0f32; 128];
    embedding[hot_index] = 1.0;
    let text = serde_json::to_string(&embedding).unwrap();
    app.db
        .store
        .write(|conn| {
            let sql = format!("INSERT INTO face_embeddings (photo_id, face_index, embedding) SELECT id, 0, '{text}' FROM photos WHERE report_id = '{report}'");
            diesel::sql_query(sql).execute(conn)?;
            Ok(())
        })
        .unwrap();
}

async fn face_evidence_enters_the_score(app: TestApp) {
    let police = app.login("demo-police").await;
    let cwc = app.login("demo-cwc").await;
    let missing = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let found = cwc
        .create_found_report_json(&trackchild_domain::examples::found_report_example())
        .await
        .unwrap();
    let first = crate::helpers::eventually(|| async {
        police
            .missing_report_matches(missing.id, &trackchild_client::ListQuery::first())
            .await
            .ok()
            .and_then(|p| p.items.into_iter().next())
    })
    .await
    .expect("suggested");
    let face = first
        .explanation
        .iter()
        .find(|c| c.field == "face")
        .expect("face slot in the explanation");
    assert_eq!(face.level, "missing");

    upload(
        &app,
        &police.access_token(),
        missing.id,
        jpeg(64, 64, 90),
        "m.jpg",
    )
    .await;
    let form = Form::new()
        .part("file", Part::bytes(jpeg(80, 64, 80)).file_name("f.jpg"))
        .text("consent", "cwc_permission");
    let response = app
        .http()
        .post(app.url(&format!("/api/v1/found-reports/{}/photos", found.id)))
        .bearer_auth(cwc.access_token())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    plant_face(&app, missing.id, 3);
    plant_face(&app, found.id, 3);
    cwc.patch_found_report(
        found.id,
        1,
        &serde_json::json!({"child": {"height_cm": 141}}),
    )
    .await
    .unwrap();

    let strong = crate::helpers::eventually(|| async {
        let page = police
            .missing_report_matches(missing.id, &trackchild_client::ListQuery::first())
            .await
            .ok()?;
        let pair = page
            .items
            .into_iter()
            .find(|m| m.found_report_id == found.id)?;
        pair.explanation
            .iter()
            .any(|c| c.field == "face" && c.level == "strong")
            .then_some(pair)
    })
    .await
    .expect("the face comparison was rescored as strong");
    let weight = strong
        .explanation
        .iter()
        .find(|c| c.field == "face")
        .unwrap()
        .weight;
    assert!(weight > 0.0, "a strong face supports the pair: {weight}");
    assert!(
        weight < 16.0,
        "a face never outweighs an exact name: {weight}"
    );
    let body = serde_json::to_string(&strong).unwrap();
    assert!(
        !body.contains("embedding"),
        "embeddings never leave the server"
    );
}
on_both_backends!(face_evidence_enters_the_score);

async fn uploader_picks_the_childs_face(app: TestApp) {
    use diesel::RunQueryDsl;
    let police = app.login("demo-police").await;
    let report = police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();
    let photo: serde_json::Value = upload(
        &app,
        &police.access_token(),
        report.id,
        jpeg(64, 64, 90),
        "group.jpg",
    )
    .await
    .json()
    .await
    .unwrap();
    let photo_id = photo["id"].as_str().unwrap().to_string();
    let boxes = r#"[{"index":0,"left":1,"top":1,"width":10,"height":10,"score":0.9},{"index":1,"left":30,"top":1,"width":10,"height":10,"score":0.8}]"#;
    app.db
        .store
        .write(|conn| {
            diesel::sql_query(format!("UPDATE photos SET faces = '{boxes}', face_evidence = 'faces_found' WHERE id = '{photo_id}'")).execute(conn)?;
            for index in 0..2 {
                let mut embedding = vec![0.0f32; 128];
                embedding[index] = 1.0;
                let text = serde_json::to_string(&embedding).unwrap();
                diesel::sql_query(format!("INSERT INTO face_embeddings (photo_id, face_index, embedding) VALUES ('{photo_id}', {index}, '{text}')")).execute(conn)?;
            }
            Ok(())
        })
        .unwrap();
    let url = app.url(&format!("/api/v1/photos/{photo_id}/face"));
    let before = app
        .db
        .store
        .read(|conn| trackchild_store::photos::embeddings_of_report(conn, &report.id.to_string()))
        .unwrap()
        .0
        .len();

    let absent = app
        .http()
        .post(&url)
        .bearer_auth(police.access_token())
        .json(&serde_json::json!({"face_index": 5}))
        .send()
        .await
        .unwrap();
    let by_other = app
        .http()
        .post(&url)
        .bearer_auth(app.login("demo-cwc").await.access_token())
        .json(&serde_json::json!({"face_index": 1}))
        .send()
        .await
        .unwrap();
    let chosen: serde_json::Value = app
        .http()
        .post(&url)
        .bearer_auth(police.access_token())
        .json(&serde_json::json!({"face_index": 1}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(before, 2, "with no face chosen every face counts");
    assert_eq!(absent.status(), 409);
    assert_eq!(by_other.status(), 404);
    assert_eq!(chosen["chosen_face"], 1, "{chosen}");
    let after = app
        .db
        .store
        .read(|conn| trackchild_store::photos::embeddings_of_report(conn, &report.id.to_string()))
        .unwrap()
        .0;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0][1], 1.0, "only the chosen face enters the score");
}
on_both_backends!(uploader_picks_the_childs_face);
