//! `/api/v1/geography`: the reference States/UTs and districts with LGD codes.

use actix_web::{HttpResponse, get};
use trackchild_domain::geo::geography;
use trackchild_domain::wire::{DistrictInfo, StateInfo};

/// All 36 States/UTs with their districts, for place pickers.
#[utoipa::path(get, path = "/api/v1/geography/states", tag = "reference data", responses((status = 200, body = Vec<StateInfo>)))]
#[get("/geography/states")]
pub async fn states() -> HttpResponse {
    let geo = geography();
    let states: Vec<StateInfo> = geo
        .states()
        .iter()
        .map(|state| StateInfo {
            state_code: state.code,
            name: state.name.clone(),
            iso_code: state.iso_code.clone(),
            districts: geo
                .districts_of(state.code)
                .map(|d| DistrictInfo {
                    district_code: d.code,
                    name: d.name.clone(),
                })
                .collect(),
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(states)
}
