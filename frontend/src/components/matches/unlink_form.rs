//! Undoing a wrong confirmation: a required note saying why, and the undo button.

use leptos::prelude::*;
use trackchild_client::wire::UnlinkMatch;

use crate::i18n::use_i18n;

/// Renders the note and the undo button, which stays disabled until the note has text.
/// `on_unlink` receives the request.
#[component]
pub fn UnlinkForm(
    on_unlink: Callback<UnlinkMatch>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(String::new());
    let empty = move || note.with(|note| note.trim().is_empty());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let note = note.get_untracked().trim().to_string();
        if !note.is_empty() {
            on_unlink.run(UnlinkMatch { note });
        }
    };

    view! {
        <form class="decision unlink" on:submit=submit novalidate=true>
            <p class="hint">{move || i18n.t("match.unlink_hint")}</p>
            <div class="field">
                <label for="unlink-note">
                    {move || i18n.t("match.unlink_note")}
                    <span class="required-mark" aria-hidden="true">" *"</span>
                </label>
                <textarea
                    id="unlink-note"
                    rows="2"
                    aria-required="true"
                    prop:value=move || note.get()
                    on:input=move |event| note.set(event_target_value(&event))
                    data-testid="unlink-note"
                ></textarea>
            </div>
            <button
                type="submit"
                class="button danger"
                disabled=move || pending.get() || empty()
                data-testid="unlink-button"
            >
                {move || i18n.t("match.unlink")}
            </button>
        </form>
    }
}
