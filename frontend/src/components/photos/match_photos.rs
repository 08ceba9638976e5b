//! The first photo of each child at the top of a match review, and whether faces are compared.

use leptos::prelude::*;
use trackchild_client::{ClientError, PhotoView, ReportKind};
use uuid::Uuid;

use crate::components::photos::blob_image::{BlobImage, Rendition};
use crate::i18n::use_i18n;
use crate::session::{Session, use_session};

/// Renders both children's first photos side by side, or nothing for a child without photos. A
/// failed photo list or capabilities call hides only that part, because the review works without
/// it.
#[component]
pub fn MatchPhotos(missing_id: Uuid, found_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let first_photos: LocalResource<(Option<PhotoView>, Option<PhotoView>)> =
        LocalResource::new(move || async move {
            let missing = first_photo(session, ReportKind::Missing, missing_id);
            let found = first_photo(session, ReportKind::Found, found_id);
            let (missing, found) = futures::join!(missing, found);
            (missing.ok().flatten(), found.ok().flatten())
        });
    let faces_off: LocalResource<bool> = LocalResource::new(move || async move {
        session
            .call(|client| async move { client.capabilities().await })
            .await
            .is_ok_and(|capabilities| !capabilities.face_evidence)
    });

    view! {
        {move || first_photos.get().and_then(|(missing, found)| {
            (missing.is_some() || found.is_some()).then(|| view! {
                <section class="match-photos" data-testid="match-photos">
                    <MatchPhoto photo=missing caption="missing_report.kind" />
                    <MatchPhoto photo=found caption="found_report.kind" />
                </section>
            })
        })}
        {move || faces_off.get().unwrap_or(false).then(|| view! {
            <p class="hint" data-testid="face-off">{move || i18n.t("match.face_off")}</p>
        })}
    }
}

async fn first_photo(
    session: Session,
    kind: ReportKind,
    report_id: Uuid,
) -> Result<Option<PhotoView>, ClientError> {
    let photos = session
        .call(move |client| async move { client.report_photos(kind, report_id).await })
        .await?;
    Ok(photos.into_iter().next())
}

/// Renders one child's photo: the thumbnail, which opens the working image.
#[component]
fn MatchPhoto(photo: Option<PhotoView>, caption: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let alt = Signal::derive(move || i18n.t("photos.alt"));
    let image = photo.map(|photo| {
        let photo_id = photo.id;
        view! {
            <button type="button" class="photo-open" on:click=move |_| open.set(true)
                attr:aria-label=move || i18n.t("photos.open")>
                <BlobImage photo_id=photo_id rendition=Rendition::Thumbnail alt=alt />
            </button>
            {move || open.get().then(|| view! {
                <div class="photo-viewer" role="dialog" aria-modal="true" data-testid="photo-viewer">
                    <BlobImage photo_id=photo_id rendition=Rendition::Working alt=alt />
                    <button type="button" class="button" on:click=move |_| open.set(false) data-testid="photo-viewer-close">
                        {move || i18n.t("photos.close")}
                    </button>
                </div>
            })}
        }
    });
    let empty = image.is_none();

    view! {
        <figure>
            {image}
            {empty.then(|| view! { <p class="empty">{move || i18n.t("photos.empty")}</p> })}
            <figcaption>{move || i18n.t(caption)}</figcaption>
        </figure>
    }
}
