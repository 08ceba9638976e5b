//! Confirming a suggestion: the evidence it rests on (at least one basis) and a note.

use leptos::prelude::*;
use trackchild_client::codes::ConfirmBasis;
use trackchild_client::wire::ConfirmMatch;

use crate::i18n::use_i18n;

/// Basis checkboxes, a note and the confirm button, which stays disabled until a basis is
/// checked. `on_confirm` receives the decision.
#[component]
pub fn ConfirmForm(
    on_confirm: Callback<ConfirmMatch>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let basis = RwSignal::new(Vec::<ConfirmBasis>::new());
    let note = RwSignal::new(String::new());
    let toggle = move |value: ConfirmBasis, checked: bool| {
        basis.update(|list| {
            list.retain(|item| *item != value);
            if checked {
                list.push(value);
            }
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let note = Some(note.get_untracked().trim().to_string()).filter(|n| !n.is_empty());
        on_confirm.run(ConfirmMatch {
            basis: basis.get_untracked(),
            note,
        });
    };

    view! {
        <form class="decision confirm" on:submit=submit novalidate=true>
            <fieldset class="field checkbox-group">
                <legend>{move || i18n.t("match.basis")}</legend>
                {ConfirmBasis::ALL
                    .iter()
                    .map(|&value| view! {
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                on:change=move |event| toggle(value, event_target_checked(&event))
                                data-testid=format!("basis-{}", value.as_str())
                            />
                            <span>{move || i18n.code("basis", value.as_str())}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <div class="field">
                <label for="confirm-note">{move || i18n.t("match.note")}</label>
                <textarea
                    id="confirm-note"
                    rows="2"
                    prop:value=move || note.get()
                    on:input=move |event| note.set(event_target_value(&event))
                    data-testid="confirm-note"
                ></textarea>
            </div>
            <button
                type="submit"
                class="button primary"
                disabled=move || pending.get() || basis.with(Vec::is_empty)
                data-testid="confirm-button"
            >
                {move || i18n.t("match.confirm")}
            </button>
        </form>
    }
}
