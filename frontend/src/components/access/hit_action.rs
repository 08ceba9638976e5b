//! The action offered for a report found by search: a link that opens it, or break-glass.

use leptos::prelude::*;
use leptos_router::components::A;
use trackchild_client::ReportKind;
use uuid::Uuid;

use crate::components::access::break_glass_dialog::BreakGlassDialog;
use crate::components::admin::codes::may_break_glass;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Renders a link to a report the user may read (`visible`). For any other report it explains
/// that the report is not shared and, where the user's unit may break glass, offers the dialog.
/// A kind this version does not know renders nothing.
#[component]
pub fn HitAction(
    kind: Option<ReportKind>,
    report_id: Uuid,
    visible: bool,
    case_number: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog_open = RwSignal::new(false);
    let breaks_glass = use_session().me().is_some_and(|me| may_break_glass(&me));

    match (kind, visible) {
        (Some(kind), true) => view! {
            <A
                href=format!("/{}/{}", kind.collection(), report_id)
                attr:class="button"
                attr:data-testid="hit-open"
            >
                {move || i18n.t("search.open")}
            </A>
        }
        .into_any(),
        (Some(_), false) if !breaks_glass => view! {
            <p class="hint">{move || i18n.t("search.restricted_no_break_glass")}</p>
        }
        .into_any(),
        (Some(kind), false) => view! {
            <p class="hint">{move || i18n.t("search.restricted")}</p>
            <button
                type="button"
                class="button danger"
                on:click=move |_| dialog_open.set(true)
                data-testid="break-glass-open"
            >
                {move || i18n.t("break_glass.open")}
            </button>
            <Show when=move || dialog_open.get()>
                <BreakGlassDialog
                    kind=kind
                    report_id=report_id
                    case_number=case_number.clone()
                    on_close=Callback::new(move |()| dialog_open.set(false))
                />
            </Show>
        }
        .into_any(),
        (None, _) => ().into_any(),
    }
}
