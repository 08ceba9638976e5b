//! The reference geography (States/UTs and districts), fetched once per page load and shared.

use std::cell::RefCell;

use leptos::prelude::*;
use trackchild_client::ClientError;
use trackchild_client::wire::StateInfo;

use crate::session::Session;

thread_local! {
    // The list changes only when an administrator adds a district, so one fetch per page load
    // is enough; wasm32 runs on one thread.
    static CACHE: RefCell<Option<Vec<StateInfo>>> = const { RefCell::new(None) };
}

/// Creates a resource with every State/UT and its districts, from the cache when already fetched.
pub fn states_resource(session: Session) -> LocalResource<Result<Vec<StateInfo>, ClientError>> {
    LocalResource::new(move || async move {
        if let Some(states) = CACHE.with(|cache| cache.borrow().clone()) {
            return Ok(states);
        }
        let states = session
            .call(|client| async move { client.states().await })
            .await?;
        CACHE.with(|cache| *cache.borrow_mut() = Some(states.clone()));
        Ok(states)
    })
}

/// Returns the loaded States, or an empty list while loading or after a failure.
pub fn loaded_states(
    resource: LocalResource<Result<Vec<StateInfo>, ClientError>>,
) -> Signal<Vec<StateInfo>> {
    Signal::derive(move || resource.get().and_then(Result::ok).unwrap_or_default())
}
