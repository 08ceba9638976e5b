//! The Photos section of a report: thumbnails with their details and, for the owning unit, the
//! upload form.

use leptos::prelude::*;
use trackchild_client::wire::Me;
use trackchild_client::{ClientError, PhotoView, ReportKind};
use uuid::Uuid;

use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::photos::add_photo_form::AddPhotoForm;
use crate::components::photos::blob_image::{BlobImage, Rendition};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Renders the photos of a report; `may_add` shows the upload form.
#[component]
pub fn PhotosSection(kind: ReportKind, report_id: Uuid, may_add: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Bumped after an upload so the list is fetched again.
    let revision = RwSignal::new(0_u32);
    let photos: LocalResource<Result<Vec<PhotoView>, ClientError>> =
        LocalResource::new(move || {
            revision.track();
            async move {
                session
                    .call(move |client| async move { client.report_photos(kind, report_id).await })
                    .await
            }
        });

    let list = move || {
        photos.get().map(|loaded| match loaded {
            Err(error) => view! { <ProblemMessage error=error /> }.into_any(),
            Ok(items) if items.is_empty() => {
                view! { <p class="empty">{move || i18n.t("photos.empty")}</p> }.into_any()
            }
            Ok(items) => view! {
                <ul class="photo-list" data-testid="photo-list">
                    {items.into_iter().map(|photo| view! { <PhotoCard photo=photo may_choose=may_add /> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };

    view! {
        <section class="photos" data-testid="photos-section">
            <h2>{move || i18n.t("photos.title")}</h2>
            {list}
            {may_add.then(|| view! {
                <AddPhotoForm kind=kind report_id=report_id on_uploaded=move || revision.update(|n| *n += 1) />
            })}
        </section>
    }
}

/// Renders one photo: its thumbnail, which opens the working image, and its details. With
/// several faces, `may_choose` offers to mark the child's face.
#[component]
fn PhotoCard(photo: PhotoView, may_choose: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let photo_id = photo.id;
    let chosen = RwSignal::new(photo.chosen_face);
    let choose = Action::new_local(move |index: &i32| {
        let index = *index;
        async move { session.call(move |client| async move { client.choose_face(photo_id, index).await }).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = choose.value().get() {
            chosen.set(updated.chosen_face);
        }
    });
    let several_faces = photo.faces.len() > 1;
    let face_scores: Vec<(i32, String)> = photo.faces.iter().map(|f| (i32::try_from(f.index).unwrap_or(0), format!("{:.0}", f.score * 100.0))).collect();
    let open = RwSignal::new(false);
    let alt = Signal::derive(move || i18n.t("photos.alt"));
    let consent = photo.consent.clone();
    let face_evidence = photo.face_evidence.clone();
    let face_count = photo.faces.len().to_string();

    view! {
        <li class="photo-card" data-testid="photo-card">
            <button type="button" class="photo-open" on:click=move |_| open.set(true)
                attr:aria-label=move || i18n.t("photos.open")>
                <BlobImage photo_id=photo_id rendition=Rendition::Thumbnail alt=alt />
            </button>
            <dl class="facts photo-facts">
                <div class="fact">
                    <dt>{move || i18n.t("photos.taken_on")}</dt>
                    <dd>{photo.taken_on.clone().unwrap_or_else(|| "—".to_string())}</dd>
                </div>
                <div class="fact">
                    <dt>{move || i18n.t("photos.source")}</dt>
                    <dd>{photo.source.clone().unwrap_or_else(|| "—".to_string())}</dd>
                </div>
                <div class="fact">
                    <dt>{move || i18n.t("photos.consent")}</dt>
                    <dd>{move || i18n.code("consent", &consent)}</dd>
                </div>
                <div class="fact">
                    <dt>{move || i18n.t("photos.face_evidence")}</dt>
                    <dd data-testid="face-evidence">
                        {move || i18n.t_fill(
                            &format!("face_evidence.{}", known_face_evidence(&face_evidence)),
                            &[("count", &face_count), ("code", &face_evidence)],
                        )}
                    </dd>
                </div>
            </dl>
            {(several_faces && may_choose).then(|| view! {
                <fieldset class="face-choice" data-testid="face-choice">
                    <legend>{move || i18n.t("photos.choose_face")}</legend>
                    {face_scores.into_iter().map(|(index, score)| {
                        let number = (index + 1).to_string();
                        view! {
                            <button type="button" class="button secondary" data-testid="choose-face"
                                aria-pressed=move || (chosen.get() == Some(index)).to_string()
                                on:click=move |_| { choose.dispatch(index); }>
                                {move || i18n.t_fill("photos.face_n", &[("n", &number), ("score", &score)])}
                                {move || (chosen.get() == Some(index)).then(|| view! { <span>" ✓ "{i18n.t("photos.face_chosen")}</span> })}
                            </button>
                        }
                    }).collect_view()}
                    {move || choose.value().get().and_then(Result::err).map(|error| view! { <ProblemMessage error=error /> })}
                </fieldset>
            })}
            {photo.duplicate_of.map(|_| view! {
                <p class="alert warning" data-testid="photo-duplicate">{move || i18n.t("photos.duplicate")}</p>
            })}
            {move || open.get().then(|| view! {
                <div class="photo-viewer" role="dialog" aria-modal="true" data-testid="photo-viewer">
                    <BlobImage photo_id=photo_id rendition=Rendition::Working alt=alt />
                    <button type="button" class="button" on:click=move |_| open.set(false) data-testid="photo-viewer-close">
                        {move || i18n.t("photos.close")}
                    </button>
                </div>
            })}
        </li>
    }
}

/// Catalogue suffix of a face-evidence code; a code a newer server sends reads as `_unknown`.
fn known_face_evidence(code: &str) -> &'static str {
    match code {
        "faces_found" => "faces_found",
        "no_usable_face" => "no_usable_face",
        "off" => "off",
        _ => "_unknown",
    }
}

/// Checks whether the signed-in user may add photos: a member of the owning unit who is not a viewer.
/// The server checks again on upload.
pub fn may_add_photos(me: Option<&Me>, owner_organisation_id: Uuid) -> bool {
    me.is_some_and(|me| me.organisation.id == owner_organisation_id && me.role != "viewer")
}
