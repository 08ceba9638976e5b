//! Wire types of the v1 API: what clients send and receive.
//!
//! These are promises to clients (state police systems depend on them), kept apart from database
//! rows. Parsing of request bodies goes through [`crate::input`], which reports every bad field at
//! once; the `Deserialize` derives here serve the client and the batch commands.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::{
    AgeBasis, BodyLocation, Build, Complexion, ConfirmBasis, FoundBy, FoundCircumstances,
    FoundStatus, MarkType, MatchStatus, MissingCircumstances, MissingStatus, RejectReason, Sex,
};

/// One identification mark: what it is, where, and free-text detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentificationMark {
    #[serde(rename = "type")]
    pub mark_type: MarkType,
    pub body_location: BodyLocation,
    #[serde(default)]
    pub description: Option<String>,
}

/// The description of a child shared by missing and found reports.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Child {
    /// Name as given, in any script; empty or absent when unknown.
    #[serde(default)]
    pub name: Option<String>,
    /// Latin transliteration of `name`; the server fills it when absent.
    #[serde(default)]
    pub name_latin: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default)]
    pub age_years_min: Option<u8>,
    #[serde(default)]
    pub age_years_max: Option<u8>,
    #[serde(default)]
    pub age_basis: Option<AgeBasis>,
    #[serde(default)]
    pub height_cm: Option<f32>,
    #[serde(default)]
    pub build: Option<Build>,
    #[serde(default)]
    pub complexion: Option<Complexion>,
    #[serde(default)]
    pub identification_marks: Vec<IdentificationMark>,
    /// ISO 639-3 codes of the languages the child speaks.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub father_name: Option<String>,
    #[serde(default)]
    pub mother_name: Option<String>,
    #[serde(default)]
    pub guardian_name: Option<String>,
    #[serde(default)]
    pub dress: Option<String>,
}

/// A place named by LGD state and district codes plus free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Place {
    pub state_code: u16,
    pub district_code: u16,
    #[serde(default)]
    pub text: Option<String>,
}

/// Body of `POST /api/v1/missing-reports`; also the shape a merge patch applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!(crate::examples::missing_report_example())))]
pub struct NewMissingReport {
    pub child: Child,
    pub last_seen_date: NaiveDate,
    pub last_seen_place: Place,
    #[serde(default)]
    pub fir_number: Option<String>,
    #[serde(default)]
    pub fir_date: Option<NaiveDate>,
    #[serde(default)]
    pub circumstances: Option<MissingCircumstances>,
    /// One of `father`, `mother`, `guardian`, `relative`, `cci_incharge`, `teacher`, `neighbour`,
    /// `other`.
    #[serde(default)]
    pub complainant_relation: Option<String>,
    #[serde(default)]
    pub complainant_phone: Option<String>,
}

/// Body of `POST /api/v1/found-reports`; also the shape a merge patch applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!(crate::examples::found_report_example())))]
pub struct NewFoundReport {
    pub child: Child,
    pub found_date: NaiveDate,
    pub found_place: Place,
    #[serde(default)]
    pub found_by: Option<FoundBy>,
    #[serde(default)]
    pub circumstances: Option<FoundCircumstances>,
}

/// The unit that owns a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Owner {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub state_code: u16,
    pub district_code: Option<u16>,
}

/// A missing-child e-file as returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingReport {
    pub id: Uuid,
    pub case_number: String,
    pub version: i64,
    pub status: MissingStatus,
    #[serde(flatten)]
    pub report: NewMissingReport,
    pub owner: Owner,
    /// The found report this child was traced to, once a suggestion is confirmed.
    pub linked_found_report_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Fields set to `null` because the caller's role may not see them.
    #[serde(default)]
    pub redacted: Vec<String>,
}

/// A found-child e-file as returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FoundReport {
    pub id: Uuid,
    pub case_number: String,
    pub version: i64,
    pub status: FoundStatus,
    #[serde(flatten)]
    pub report: NewFoundReport,
    pub owner: Owner,
    /// The missing report this child was matched to, once a suggestion is confirmed.
    pub linked_missing_report_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub redacted: Vec<String>,
}

/// How much one compared field moved the match score, in log2 odds (bits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldContribution {
    /// Compared field, e.g. `name`, `sex`, `age`, `place`, `languages`.
    pub field: String,
    /// Comparison level reached, e.g. `exact`, `phonetic`, `fuzzy`, `different`, `missing`.
    pub level: String,
    /// Log2 Bayes factor added to the score: positive supports a match, negative opposes it.
    pub weight: f64,
}

/// A suggested, confirmed or rejected pairing of a missing and a found report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchSuggestion {
    pub id: Uuid,
    pub missing_report_id: Uuid,
    pub found_report_id: Uuid,
    /// Calibrated probability, 0–1, that both reports describe the same child.
    pub probability: f64,
    pub status: MatchStatus,
    pub explanation: Vec<FieldContribution>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    #[serde(default)]
    pub basis: Vec<ConfirmBasis>,
    pub reason_code: Option<RejectReason>,
    pub note: Option<String>,
}

/// Body of `POST /api/v1/matches/{id}/confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "basis": ["photo", "parents_identified"],
    "note": "Mother identified the child by video call; birthmark on the left arm matches."
})))]
pub struct ConfirmMatch {
    pub basis: Vec<ConfirmBasis>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Body of `POST /api/v1/matches/{id}/reject`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "reason_code": "different_child",
    "note": "Parents saw the photograph; not their son."
})))]
pub struct RejectMatch {
    pub reason_code: RejectReason,
    #[serde(default)]
    pub note: Option<String>,
}

/// A page of a list: `next_cursor` is `null` on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Body of `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "username": "demo-police",
    "password": "trackchild-demo"
})))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// Body of `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`; the refresh cookie may
/// stand in for it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "refresh_token": "b5N1c2Vk-Z3Jhbml0ZQ-ZXhhbXBsZS10b2tlbg"
})))]
pub struct RefreshRequest {
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// Tokens issued at login and on refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
}

/// An organisation as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    /// Organisation type code, e.g. `police_station`, `cwc`, `cci`, `dcpu`, `scps`, `system_admin`.
    pub org_type: String,
    pub jurisdiction: Jurisdiction,
}

/// Where an organisation's authority runs: a state, optionally narrowed to a district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jurisdiction {
    /// `nation`, `state` or `district`.
    pub level: String,
    pub state_code: Option<u16>,
    pub district_code: Option<u16>,
}

/// Response of `GET /api/v1/auth/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    /// `officer`, `supervisor`, `org_admin` or `viewer`.
    pub role: String,
    pub organisation: Organisation,
}

/// One invalid field in a validation problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Dotted path of the field, e.g. `child.age_years_min` or `child.identification_marks[0].type`.
    pub field: String,
    /// Stable error code, e.g. `required`, `future_date`, `unknown_field`.
    pub code: String,
    pub message: String,
}

/// RFC 9457 problem details, with a stable `code` and, for validation, every bad field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// A state or union territory from the reference geography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateInfo {
    pub state_code: u16,
    pub name: String,
    /// ISO 3166-2 subdivision code, e.g. `IN-MH`.
    pub iso_code: String,
    pub districts: Vec<DistrictInfo>,
}

/// A district from the reference geography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictInfo {
    pub district_code: u16,
    pub name: String,
}
