//! TrackChild's browser app: a Leptos single-page app that police stations and child welfare
//! committees use to file missing and found children and review suggested matches.
//!
//! It talks to the server only through `trackchild-client`, keeps the access token in memory and
//! shows every text, including wire codes and error codes, through the translation catalogue in
//! `i18n/`. It builds only for wasm32; `scripts/build-spa.sh` turns it into `frontend/dist`.

mod app;
mod components;
mod format;
mod forms;
mod geography;
mod i18n;
mod pages;
mod session;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point called by the generated JavaScript when the module loads.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
