//! An image fetched with the bearer token and shown through a Blob object URL.

use std::sync::{Arc, Mutex, PoisonError};

use leptos::prelude::*;
use trackchild_client::ClientError;
use uuid::Uuid;
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, Url};

use crate::i18n::use_i18n;
use crate::session::use_session;

/// Rendition of a photo to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendition {
    /// JPEG with a maximum side of 256 px.
    Thumbnail,
    /// The upright working JPEG.
    Working,
}

/// The object URL a [`BlobImage`] created, and whether the component was dropped.
#[derive(Default)]
struct ObjectUrl {
    url: Option<String>,
    dropped: bool,
}

/// Renders one photo as an `<img>`. The object URL is revoked when the component is dropped.
#[component]
pub fn BlobImage(photo_id: Uuid, rendition: Rendition, alt: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let created = Arc::new(Mutex::new(ObjectUrl::default()));
    let created_for_cleanup = Arc::clone(&created);
    on_cleanup(move || {
        let mut state = created_for_cleanup
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.dropped = true;
        if let Some(url) = state.url.take() {
            let _ = Url::revoke_object_url(&url);
        }
    });

    let image: LocalResource<Result<String, ClientError>> = LocalResource::new(move || {
        let created = Arc::clone(&created);
        async move {
            let bytes = session
                .call(move |client| async move {
                    match rendition {
                        Rendition::Thumbnail => client.thumbnail_bytes(photo_id).await,
                        Rendition::Working => client.photo_bytes(photo_id).await,
                    }
                })
                .await?;
            let url = object_url(&bytes).map_err(|error| {
                ClientError::Transport(format!("creating an object URL failed: {error:?}"))
            })?;
            let mut state = created.lock().unwrap_or_else(PoisonError::into_inner);
            // A fetch that ends after the component was dropped must not leave its URL behind.
            if state.dropped {
                let _ = Url::revoke_object_url(&url);
                return Ok(url);
            }
            if let Some(previous) = state.url.replace(url.clone()) {
                let _ = Url::revoke_object_url(&previous);
            }
            Ok(url)
        }
    });

    let class = match rendition {
        Rendition::Thumbnail => "photo-thumbnail",
        Rendition::Working => "photo-working",
    };
    move || {
        match image.get() {
        None => view! { <span class=format!("{class} photo-loading")></span> }.into_any(),
        Some(Ok(url)) => {
            view! { <img class=class src=url alt=move || alt.get() data-testid=class /> }.into_any()
        }
        Some(Err(_)) => view! {
            <span class=format!("{class} photo-failed")>{move || i18n.t("photos.image_failed")}</span>
        }
        .into_any(),
    }
    }
}

/// Wraps JPEG bytes in a Blob and returns its object URL.
fn object_url(bytes: &[u8]) -> Result<String, JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    Url::create_object_url_with_blob(&blob)
}
