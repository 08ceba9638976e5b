//! Methods of [`AuthedClient`] for administration, search, break-glass and audit trails.

use serde::Deserialize;
use trackchild_domain::wire::{
    AccessGrant, AuditEntryView, BreakGlassRequest, NewOrganisationRequest, NewUserRequest,
    OrgTypeView, OrganisationDetail, Page, PasswordReset, RegistrationDecision, SearchHit,
    UserView,
};
use uuid::Uuid;

use crate::authed::AuthedClient;
use crate::client::Result;

/// Kind of report in a path: `missing` or `found`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Missing,
    Found,
}

impl ReportKind {
    /// Parses the `kind` of a [`SearchHit`]; `None` for any other text.
    pub fn parse(kind: &str) -> Option<Self> {
        match kind {
            "missing" => Some(ReportKind::Missing),
            "found" => Some(ReportKind::Found),
            _ => None,
        }
    }

    /// Collection segment of the report's URL, e.g. `missing-reports`.
    pub fn collection(self) -> &'static str {
        match self {
            ReportKind::Missing => "missing-reports",
            ReportKind::Found => "found-reports",
        }
    }
}

/// Body of `GET /capabilities`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Capabilities {
    /// Whether the server compares faces in photos.
    pub face_evidence: bool,
}

impl AuthedClient {
    /// Lists the organisation types a body can be registered as (`GET /organisation-types`).
    pub async fn organisation_types(&self) -> Result<Vec<OrgTypeView>> {
        self.get("/organisation-types").await
    }

    /// Lists the caller's organisation and the bodies it registered, with their registration
    /// status (`GET /organisations`).
    pub async fn organisations(&self) -> Result<Page<OrganisationDetail>> {
        self.get("/organisations").await
    }

    /// Registers a body under the caller's organisation (`POST /organisations`, 201). Fails with
    /// 403 `forbidden` when the caller may not register that type, 422 for an invalid body.
    pub async fn register_organisation(
        &self,
        request: &NewOrganisationRequest,
    ) -> Result<OrganisationDetail> {
        self.post("/organisations", request).await
    }

    /// Approves a pending registration (`POST /organisations/{id}/approve`).
    pub async fn approve_organisation(
        &self,
        id: Uuid,
        decision: &RegistrationDecision,
    ) -> Result<OrganisationDetail> {
        self.post(&format!("/organisations/{id}/approve"), decision)
            .await
    }

    /// Rejects a pending registration (`POST /organisations/{id}/reject`).
    pub async fn reject_organisation(
        &self,
        id: Uuid,
        decision: &RegistrationDecision,
    ) -> Result<OrganisationDetail> {
        self.post(&format!("/organisations/{id}/reject"), decision)
            .await
    }

    /// Lists the users of an organisation (`GET /organisations/{id}/users`).
    pub async fn organisation_users(&self, id: Uuid) -> Result<Page<UserView>> {
        self.get(&format!("/organisations/{id}/users")).await
    }

    /// Creates a user in an organisation (`POST /organisations/{id}/users`, 201). The password
    /// must be at least 12 characters, else 422 `weak_password` on `password`.
    pub async fn create_user(
        &self,
        organisation_id: Uuid,
        user: &NewUserRequest,
    ) -> Result<UserView> {
        self.post(&format!("/organisations/{organisation_id}/users"), user)
            .await
    }

    /// Sets a user's password as an administrator (`POST /users/{id}/password`, 204).
    pub async fn reset_password(&self, user_id: Uuid, reset: &PasswordReset) -> Result<()> {
        self.post_empty(&format!("/users/{user_id}/password"), reset)
            .await
    }

    /// Searches reports by name, case number, FIR number or phone (`GET /search?q=`). Reports the
    /// caller may not read come back as minimal cards with `visible: false`.
    pub async fn search(&self, q: &str) -> Result<Page<SearchHit>> {
        let mut url = self.client().url("/search")?;
        url.query_pairs_mut().append_pair("q", q);
        self.get_url(url).await
    }

    /// Opens a report the caller may not otherwise read, for 24 hours
    /// (`POST /{kind}-reports/{id}/break-glass`, 201). The reason must be at least 20 characters;
    /// it is logged and sent to the owning unit.
    pub async fn break_glass(
        &self,
        kind: ReportKind,
        id: Uuid,
        request: &BreakGlassRequest,
    ) -> Result<AccessGrant> {
        self.post(&format!("/{}/{id}/break-glass", kind.collection()), request)
            .await
    }

    /// Returns a report's audit trail (`GET /{kind}-reports/{id}/audit`). Only the owning unit and
    /// oversight bodies may read it; everyone else gets 404 `not_found`.
    pub async fn audit_trail(&self, kind: ReportKind, id: Uuid) -> Result<Page<AuditEntryView>> {
        self.get(&format!("/{}/{id}/audit", kind.collection()))
            .await
    }

    /// Returns the optional features this server has enabled (`GET /capabilities`).
    pub async fn capabilities(&self) -> Result<Capabilities> {
        self.get("/capabilities").await
    }
}
