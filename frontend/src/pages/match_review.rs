//! Reviewing one suggestion: both children side by side, the probability, the per-field
//! explanation, and the forms to confirm or reject it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use trackchild_client::ClientError;
use trackchild_client::codes::MatchStatus;
use trackchild_client::wire::{
    ConfirmMatch, FoundReport, MatchSuggestion, MissingReport, RejectMatch, UnlinkMatch,
};
use uuid::Uuid;

use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::layout::page_title::PageTitle;
use crate::components::matches::confirm_form::ConfirmForm;
use crate::components::matches::explanation_chart::ExplanationChart;
use crate::components::matches::reject_form::RejectForm;
use crate::components::matches::side_by_side::SideBySide;
use crate::components::matches::unlink_form::UnlinkForm;
use crate::components::photos::match_photos::MatchPhotos;
use crate::components::report::status_badge::StatusBadge;
use crate::format::percent;
use crate::geography::{loaded_states, states_resource};
use crate::i18n::use_i18n;
use crate::pages::route_id::route_id;
use crate::session::{Session, use_session};

/// A suggestion with the two reports it pairs.
#[derive(Debug, Clone)]
struct Review {
    suggestion: MatchSuggestion,
    missing: MissingReport,
    found: FoundReport,
}

async fn load_review(session: Session, id: Uuid) -> Result<Review, ClientError> {
    let suggestion = session
        .call(move |client| async move { client.match_suggestion(id).await })
        .await?;
    let (missing_id, found_id) = (suggestion.missing_report_id, suggestion.found_report_id);
    let (missing, found) = futures::join!(
        session.call(move |client| async move { client.missing_report(missing_id).await }),
        session.call(move |client| async move { client.found_report(found_id).await }),
    );
    Ok(Review {
        suggestion,
        missing: missing?,
        found: found?,
    })
}

/// Renders the review of the suggestion named by the `id` route parameter.
#[component]
pub fn MatchReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| route_id(&params.get()));
    let states = loaded_states(states_resource(session));

    let confirm: Action<(Uuid, ConfirmMatch), Result<MatchSuggestion, ClientError>> =
        Action::new_local(move |(id, decision): &(Uuid, ConfirmMatch)| {
            let (id, decision) = (*id, decision.clone());
            async move {
                session
                    .call(move |client| {
                        let decision = decision.clone();
                        async move { client.confirm_match(id, &decision).await }
                    })
                    .await
            }
        });
    let reject: Action<(Uuid, RejectMatch), Result<MatchSuggestion, ClientError>> =
        Action::new_local(move |(id, decision): &(Uuid, RejectMatch)| {
            let (id, decision) = (*id, decision.clone());
            async move {
                session
                    .call(move |client| {
                        let decision = decision.clone();
                        async move { client.reject_match(id, &decision).await }
                    })
                    .await
            }
        });

    let unlink: Action<(Uuid, UnlinkMatch), Result<MatchSuggestion, ClientError>> =
        Action::new_local(move |(id, request): &(Uuid, UnlinkMatch)| {
            let (id, request) = (*id, request.clone());
            async move {
                session
                    .call(move |client| {
                        let request = request.clone();
                        async move { client.unlink_match(id, &request).await }
                    })
                    .await
            }
        });

    // Reloaded after every decision, so the statuses and links shown are the server's.
    let review: LocalResource<Option<Result<Review, ClientError>>> =
        LocalResource::new(move || {
            confirm.version().track();
            reject.version().track();
            unlink.version().track();
            let id = id.get();
            async move { Some(load_review(session, id?).await) }
        });

    let decision_error = move || {
        let confirm_error = confirm.value().get().and_then(Result::err);
        let reject_error = || reject.value().get().and_then(Result::err);
        let unlink_error = || unlink.value().get().and_then(Result::err);
        confirm_error.or_else(reject_error).or_else(unlink_error)
    };
    let pending = Signal::derive(move || {
        confirm.pending().get() || reject.pending().get() || unlink.pending().get()
    });

    let body = move || {
        review.get().map(|loaded| match loaded {
            None => view! { <p class="alert error">{move || i18n.t("error.not_found")}</p> }.into_any(),
            Some(Err(error)) => view! { <ProblemMessage error=error /> }.into_any(),
            Some(Ok(review)) => {
                let match_id = review.suggestion.id;
                let on_confirm = Callback::new(move |decision: ConfirmMatch| {
                    confirm.dispatch((match_id, decision));
                });
                let on_reject = Callback::new(move |decision: RejectMatch| {
                    reject.dispatch((match_id, decision));
                });
                let on_unlink = Callback::new(move |request: UnlinkMatch| {
                    unlink.dispatch((match_id, request));
                });
                let open = review.suggestion.status == MatchStatus::Suggested;
                let confirmed = review.suggestion.status == MatchStatus::Confirmed;
                view! {
                    <header class="detail-header">
                        <p class="kind">{move || i18n.t("match.title")}</p>
                        <p class="probability-large" data-testid="match-probability">
                            {percent(review.suggestion.probability)}
                        </p>
                        <p class="hint">{move || i18n.t("match.probability_hint")}</p>
                        <StatusBadge group="match_status" code=review.suggestion.status.as_str() />
                    </header>
                    <MatchPhotos missing_id=review.missing.id found_id=review.found.id />
                    <SideBySide missing=review.missing.clone() found=review.found.clone() states=states />
                    <ExplanationChart explanation=review.suggestion.explanation.clone() />
                    {decided_view(review.suggestion.clone())}
                    <Show when=move || open>
                        <section class="decisions">
                            <h2>{move || i18n.t("match.decide")}</h2>
                            {move || decision_error().map(|error| view! { <ProblemMessage error=error /> })}
                            <ConfirmForm on_confirm=on_confirm pending=pending />
                            <RejectForm on_reject=on_reject pending=pending />
                        </section>
                    </Show>
                    <Show when=move || confirmed>
                        <section class="decisions">
                            <h2>{move || i18n.t("match.undo")}</h2>
                            {move || decision_error().map(|error| view! { <ProblemMessage error=error /> })}
                            <UnlinkForm on_unlink=on_unlink pending=pending />
                        </section>
                    </Show>
                }
                .into_any()
            }
        })
    };

    view! {
        <main class="page review-page">
            <PageTitle key="match.title" />
            <Transition fallback=Loading>{body}</Transition>
        </main>
    }
}

/// Renders the recorded decision of a confirmed or rejected suggestion, or nothing while it is
/// open.
fn decided_view(suggestion: MatchSuggestion) -> impl IntoView {
    let i18n = use_i18n();
    let decided = suggestion.status != MatchStatus::Suggested;

    decided.then(|| {
        let basis: Vec<String> = suggestion.basis.iter().map(|b| b.as_str().to_string()).collect();
        let reason = suggestion.reason_code.map(|r| r.as_str());
        let note = suggestion.note.clone().unwrap_or_default();
        view! {
            <section class="decided" data-testid="decision">
                <h2>{move || i18n.t("match.decision")}</h2>
                <dl class="facts">
                    <Show when={
                        let empty = basis.is_empty();
                        move || !empty
                    }>
                        <div class="fact">
                            <dt>{move || i18n.t("match.basis")}</dt>
                            <dd>
                                {
                                    let basis = basis.clone();
                                    move || basis.iter().map(|code| i18n.code("basis", code)).collect::<Vec<_>>().join(", ")
                                }
                            </dd>
                        </div>
                    </Show>
                    {reason.map(|code| view! {
                        <div class="fact">
                            <dt>{move || i18n.t("match.reject_reason")}</dt>
                            <dd>{move || i18n.code("reject_reason", code)}</dd>
                        </div>
                    })}
                    <div class="fact">
                        <dt>{move || i18n.t("match.note")}</dt>
                        <dd>{note}</dd>
                    </div>
                </dl>
            </section>
        }
    })
}
