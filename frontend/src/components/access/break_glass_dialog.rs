//! The break-glass dialog: the written reason for opening a report the user's unit cannot read.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use trackchild_client::wire::BreakGlassRequest;
use trackchild_client::{ClientError, ReportKind};
use uuid::Uuid;

use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::form::text_field::TextField;
use crate::forms::field_errors::FieldErrors;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Renders a modal dialog asking why the report is needed. On success it opens the report, which
/// the user may then read for 24 hours; `on_close` runs when the user cancels. The server checks
/// the reason's length (at least 20 characters) and its error shows under the field.
#[component]
pub fn BreakGlassDialog(
    kind: ReportKind,
    report_id: Uuid,
    case_number: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let failure = RwSignal::new(None::<ClientError>);
    let pending = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        errors.set(FieldErrors::default());
        let request = BreakGlassRequest {
            reason: reason.get_untracked().trim().to_string(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = session
                .call(move |client| {
                    let request = request.clone();
                    async move { client.break_glass(kind, report_id, &request).await }
                })
                .await;
            pending.set(false);
            match result {
                Ok(grant) => {
                    let href = format!("/{}/{}", kind.collection(), grant.report_id);
                    navigate(&href, Default::default());
                }
                Err(error) if !error.field_errors().is_empty() => {
                    let placed = FieldErrors::place(error.field_errors(), &["reason".to_string()]);
                    errors.set(placed);
                    failure.set(Some(error));
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="break-glass-title"
                data-testid="break-glass-dialog"
            >
                <h2 id="break-glass-title">
                    {move || i18n.t_fill("break_glass.title", &[("case", case_number.as_str())])}
                </h2>
                <p class="alert info">{move || i18n.t("break_glass.explain")}</p>
                <form on:submit=submit novalidate=true>
                    <TextField
                        path="reason"
                        label="break_glass.reason"
                        hint="break_glass.reason_hint"
                        value=reason
                        errors=errors
                        required=true
                        multiline=true
                    />
                    {move || {
                        failure
                            .get()
                            .filter(|error| error.field_errors().is_empty())
                            .map(|error| view! { <ProblemMessage error=error /> })
                    }}
                    <div class="actions">
                        <button
                            type="submit"
                            class="button danger"
                            disabled=move || pending.get() || reason.with(|text| text.trim().is_empty())
                            data-testid="break-glass-submit"
                        >
                            {move || i18n.t("break_glass.submit")}
                        </button>
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| on_close.run(())
                            data-testid="break-glass-cancel"
                        >
                            {move || i18n.t("common.cancel")}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}
