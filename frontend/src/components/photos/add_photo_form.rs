//! The form that adds a photo to a report: camera or gallery, taken-on date, source, consent.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use trackchild_client::wire::FieldError;
use trackchild_client::{ClientError, NewPhoto, ReportKind};
use uuid::Uuid;

use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::form::select_field::{SelectField, code_options};
use crate::components::form::text_field::TextField;
use crate::components::photos::shrink::prepare_upload;
use crate::forms::field_errors::FieldErrors;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Step of one upload, shown next to the button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UploadState {
    Idle,
    Shrinking,
    Uploading,
    Uploaded,
}

/// Wire paths of the form's inputs, for placing the server's field errors.
const INPUTS: [&str; 4] = ["file", "taken_on", "source", "consent"];

/// Renders the upload form; `on_uploaded` runs after the server stored a photo.
#[component]
pub fn AddPhotoForm(
    kind: ReportKind,
    report_id: Uuid,
    on_uploaded: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let file_input: NodeRef<html::Input> = NodeRef::new();
    let taken_on = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let consent = RwSignal::new(String::new());
    let state = RwSignal::new(UploadState::Idle);
    let errors = RwSignal::new(FieldErrors::default());
    let file_codes = RwSignal::new(Vec::<String>::new());
    let failure = RwSignal::new(None::<ClientError>);
    let consent_options = code_options(
        i18n,
        "consent",
        vec!["guardian_consent", "cwc_permission", "not_recorded"],
    );

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if matches!(
            state.get_untracked(),
            UploadState::Shrinking | UploadState::Uploading
        ) {
            return;
        }
        errors.set(FieldErrors::default());
        failure.set(None);
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            file_codes.set(vec!["required".to_string()]);
            return;
        };
        file_codes.set(Vec::new());
        state.set(UploadState::Shrinking);
        spawn_local(async move {
            let prepared = match prepare_upload(&file).await {
                Ok(prepared) => prepared,
                Err(_) => {
                    file_codes.set(vec!["invalid_image".to_string()]);
                    state.set(UploadState::Idle);
                    return;
                }
            };
            state.set(UploadState::Uploading);
            let photo = NewPhoto {
                bytes: prepared.bytes,
                content_type: prepared.content_type,
                file_name: prepared.file_name,
                taken_on: Some(taken_on.get_untracked()),
                source: Some(source.get_untracked()),
                consent: Some(consent.get_untracked()),
            };
            let result = session
                .call(move |client| {
                    let photo = photo.clone();
                    async move { client.upload_photo(kind, report_id, photo).await }
                })
                .await;
            match result {
                Ok(_) => {
                    state.set(UploadState::Uploaded);
                    if let Some(input) = file_input.get_untracked() {
                        input.set_value("");
                    }
                    on_uploaded();
                }
                Err(error) => {
                    state.set(UploadState::Idle);
                    show_error(error, file_codes, errors, failure);
                }
            }
        });
    };

    let busy = move || matches!(state.get(), UploadState::Shrinking | UploadState::Uploading);
    let status = move || match state.get() {
        UploadState::Idle => None,
        UploadState::Shrinking => Some(i18n.t("photos.shrinking")),
        UploadState::Uploading => Some(i18n.t("photos.uploading")),
        UploadState::Uploaded => Some(i18n.t("photos.uploaded")),
    };
    let file_error = move || {
        let codes = file_codes.get();
        (!codes.is_empty()).then(|| {
            let text = codes
                .iter()
                .map(|code| i18n.code("photo_error", code))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <p class="field-error" id="photo-file-error" data-testid="error-file">{text}</p> }
        })
    };

    view! {
        <form class="add-photo" on:submit=submit data-testid="add-photo-form" novalidate>
            <h3>{move || i18n.t("photos.add")}</h3>
            <div class="field" class:invalid=move || !file_codes.get().is_empty()>
                <label for="photo-file">{move || i18n.t("photos.file")}</label>
                <p class="hint">{move || i18n.t("photos.file_hint")}</p>
                <input
                    id="photo-file"
                    type="file"
                    accept="image/*"
                    capture="environment"
                    node_ref=file_input
                    data-testid="input-photo-file"
                    aria-describedby="photo-file-error"
                />
                {file_error}
            </div>
            <TextField path="taken_on" label="photos.taken_on" value=taken_on errors=errors input_type="date" />
            <TextField path="source" label="photos.source" value=source errors=errors hint="photos.source_hint" />
            <SelectField path="consent" label="photos.consent" value=consent options=consent_options errors=errors />
            {move || failure.get().map(|error| view! { <ProblemMessage error=error /> })}
            <button type="submit" class="button primary" disabled=busy data-testid="upload-photo">
                {move || i18n.t("photos.submit")}
            </button>
            <p class="hint" role="status" data-testid="upload-status">{status}</p>
        </form>
    }
}

/// Shows a failed upload at the field it concerns: file errors under the file input, other field
/// errors under their inputs, anything else as an alert.
fn show_error(
    error: ClientError,
    file_codes: RwSignal<Vec<String>>,
    errors: RwSignal<FieldErrors>,
    failure: RwSignal<Option<ClientError>>,
) {
    match error.status() {
        Some(413) => return file_codes.set(vec!["too_large".to_string()]),
        Some(415) => return file_codes.set(vec!["unsupported_type".to_string()]),
        _ => {}
    }
    let (file_errors, other_errors): (Vec<FieldError>, Vec<FieldError>) = error
        .field_errors()
        .iter()
        .cloned()
        .partition(|field_error| field_error.field == "file");
    if file_errors.is_empty() && other_errors.is_empty() {
        failure.set(Some(error));
        return;
    }
    file_codes.set(
        file_errors
            .into_iter()
            .map(|field_error| field_error.code)
            .collect(),
    );
    let inputs: Vec<String> = INPUTS.iter().map(|input| input.to_string()).collect();
    errors.set(FieldErrors::place(&other_errors, &inputs));
}
