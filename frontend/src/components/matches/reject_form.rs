//! Rejecting a suggestion: the reason code and a note.

use leptos::prelude::*;
use trackchild_client::codes::RejectReason;
use trackchild_client::wire::RejectMatch;

use crate::i18n::use_i18n;

/// Reason select, note and reject button. The button stays disabled until a reason is chosen.
#[component]
pub fn RejectForm(
    on_reject: Callback<RejectMatch>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let chosen = move || RejectReason::parse(&reason.get());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(reason_code) = RejectReason::parse(&reason.get_untracked()) else {
            return;
        };
        let note = Some(note.get_untracked().trim().to_string()).filter(|n| !n.is_empty());
        on_reject.run(RejectMatch { reason_code, note });
    };

    view! {
        <form class="decision reject" on:submit=submit novalidate=true>
            <div class="field">
                <label for="reject-reason">{move || i18n.t("match.reject_reason")}</label>
                <select
                    id="reject-reason"
                    on:change=move |event| reason.set(event_target_value(&event))
                    data-testid="reject-reason"
                >
                    <option value="">{move || i18n.t("form.choose")}</option>
                    {RejectReason::ALL
                        .iter()
                        .map(|&value| view! {
                            <option value=value.as_str()>{move || i18n.code("reject_reason", value.as_str())}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="reject-note">{move || i18n.t("match.note")}</label>
                <textarea
                    id="reject-note"
                    rows="2"
                    prop:value=move || note.get()
                    on:input=move |event| note.set(event_target_value(&event))
                    data-testid="reject-note"
                ></textarea>
            </div>
            <button
                type="submit"
                class="button danger"
                disabled=move || pending.get() || chosen().is_none()
                data-testid="reject-button"
            >
                {move || i18n.t("match.reject")}
            </button>
        </form>
    }
}
