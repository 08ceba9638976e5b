//! Reading a report or suggestion id from the address.

use leptos_router::params::ParamsMap;
use uuid::Uuid;

/// Parses the `id` route parameter as a UUID. Returns `None` when it is absent or not a UUID,
/// which the pages show as "not found".
pub fn route_id(params: &ParamsMap) -> Option<Uuid> {
    params
        .get("id")
        .and_then(|text| Uuid::parse_str(&text).ok())
}
