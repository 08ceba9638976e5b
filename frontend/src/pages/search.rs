//! Searching every report by name, case number, FIR number or phone, including reports of other
//! units, which show as minimal cards with break-glass.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use trackchild_client::ClientError;
use trackchild_client::wire::{Page, SearchHit};

use crate::components::access::search_hit_card::SearchHitCard;
use crate::components::feedback::loading::Loading;
use crate::components::feedback::problem_message::ProblemMessage;
use crate::components::layout::page_title::PageTitle;
use crate::geography::{loaded_states, states_resource};
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Shortest query the server accepts, in characters.
const MIN_QUERY_CHARS: usize = 2;

/// Search page. The query lives in `?q=` so that back and reload keep the results.
#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query_map = use_query_map();
    let submitted = Memo::new(move |_| query_map.with(|map| map.get("q").unwrap_or_default()));
    let text = RwSignal::new(submitted.get_untracked());
    let states = loaded_states(states_resource(session));

    let results: LocalResource<Option<Result<Page<SearchHit>, ClientError>>> =
        LocalResource::new(move || {
            let q = submitted.get();
            async move {
                if q.trim().chars().count() < MIN_QUERY_CHARS {
                    return None;
                }
                Some(
                    session
                        .call(move |client| {
                            let q = q.clone();
                            async move { client.search(q.trim()).await }
                        })
                        .await,
                )
            }
        });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let q = text.get_untracked();
        let encoded = String::from(js_sys::encode_uri_component(q.trim()));
        navigate(&format!("/search?q={encoded}"), Default::default());
    };

    let body = move || {
        results.get().map(|loaded| match loaded {
            None => ().into_any(),
            Some(Err(error)) => view! { <ProblemMessage error=error /> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => {
                view! { <p class="empty" data-testid="search-empty">{move || i18n.t("search.no_results")}</p> }.into_any()
            }
            Some(Ok(page)) => view! {
                <ul class="list search-results" data-testid="search-results">
                    {page.items.into_iter().map(|hit| view! { <SearchHitCard hit=hit states=states /> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };

    view! {
        <main class="page search-page">
            <PageTitle key="search.title" />
            <h1>{move || i18n.t("search.title")}</h1>
            <form class="search-form" role="search" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="search-q">{move || i18n.t("search.query")}</label>
                    <input
                        id="search-q"
                        type="search"
                        minlength="2"
                        maxlength="200"
                        prop:value=move || text.get()
                        on:input=move |event| text.set(event_target_value(&event))
                        data-testid="search-input"
                    />
                </div>
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || text.with(|q| q.trim().chars().count() < MIN_QUERY_CHARS)
                    data-testid="search-submit"
                >
                    {move || i18n.t("search.submit")}
                </button>
            </form>
            <Transition fallback=Loading>{body}</Transition>
        </main>
    }
}
