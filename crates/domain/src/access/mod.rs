//! Who is acting, what their organisation may do, and the jurisdiction their reads are limited to.
//!
//! This is the first cut of the access model: six organisation types and four roles. The store turns
//! [`Actor::scope`] into a SQL filter, so lists never return rows outside it; the two units party to
//! a suggestion additionally see each other's reports for comparison.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::code_enum;

code_enum!(
    /// Kind of body a user works for.
    OrgType {
        PoliceStation = "police_station",
        Cwc = "cwc",
        Cci = "cci",
        Dcpu = "dcpu",
        Scps = "scps",
        SystemAdmin = "system_admin",
    }
);

code_enum!(
    /// A user's role within their organisation.
    Role { Officer = "officer", Supervisor = "supervisor", OrgAdmin = "org_admin", Viewer = "viewer" }
);

/// The area whose records an actor may list and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Every record in the country.
    Nation,
    /// Records owned by units in one State/UT.
    State(u16),
    /// Records owned by units in one district.
    District(u16),
    /// No child records at all (system administration).
    Nothing,
}

/// An authenticated user acting through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub organisation_id: Uuid,
    pub org_type: OrgType,
    pub role: Role,
    pub state_code: Option<u16>,
    pub district_code: Option<u16>,
}

/// Something an actor may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CreateMissingReport,
    CreateFoundReport,
    /// Change a report the actor's organisation owns.
    UpdateOwnReport,
    /// Confirm or reject a suggestion to which the actor's organisation is party.
    DecideMatch,
}

impl Actor {
    /// The jurisdiction whose child records this actor may list and read.
    pub fn scope(&self) -> Scope {
        match (self.org_type, self.state_code, self.district_code) {
            (OrgType::SystemAdmin, _, _) => Scope::Nothing,
            (OrgType::Scps, Some(state), _) => Scope::State(state),
            (_, _, Some(district)) => Scope::District(district),
            (_, Some(state), None) => Scope::State(state),
            (_, None, None) => Scope::Nothing,
        }
    }

    /// Returns whether this actor may perform `action`.
    pub fn can(&self, action: Action) -> bool {
        let writes = matches!(self.role, Role::Officer | Role::Supervisor | Role::OrgAdmin);
        let org = self.org_type;
        let allowed_org = match action {
            Action::CreateMissingReport => org == OrgType::PoliceStation,
            Action::CreateFoundReport => matches!(org, OrgType::Cwc | OrgType::Dcpu | OrgType::Cci),
            Action::UpdateOwnReport | Action::DecideMatch => {
                matches!(org, OrgType::PoliceStation | OrgType::Cwc | OrgType::Dcpu | OrgType::Cci)
            }
        };
        writes && allowed_org
    }

    /// Returns whether a record owned in `district` of `state` lies inside this actor's scope.
    pub fn covers(&self, state: u16, district: u16) -> bool {
        match self.scope() {
            Scope::Nation => true,
            Scope::State(s) => s == state,
            Scope::District(d) => d == district,
            Scope::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(org_type: OrgType, role: Role) -> Actor {
        Actor {
            user_id: Uuid::nil(),
            organisation_id: Uuid::nil(),
            org_type,
            role,
            state_code: Some(27),
            district_code: (org_type != OrgType::Scps).then_some(490),
        }
    }

    #[test]
    fn only_police_files_missing_reports() {
        assert!(actor(OrgType::PoliceStation, Role::Officer).can(Action::CreateMissingReport));
        assert!(!actor(OrgType::Cwc, Role::Officer).can(Action::CreateMissingReport));
        assert!(!actor(OrgType::PoliceStation, Role::Viewer).can(Action::CreateMissingReport));
    }

    #[test]
    fn cwc_registers_found_children() {
        assert!(actor(OrgType::Cwc, Role::Officer).can(Action::CreateFoundReport));
        assert!(!actor(OrgType::PoliceStation, Role::Officer).can(Action::CreateFoundReport));
        assert!(!actor(OrgType::Scps, Role::OrgAdmin).can(Action::CreateFoundReport));
    }

    #[test]
    fn scope_follows_the_organisation() {
        assert_eq!(actor(OrgType::Cwc, Role::Viewer).scope(), Scope::District(490));
        assert_eq!(actor(OrgType::Scps, Role::Officer).scope(), Scope::State(27));
        assert_eq!(actor(OrgType::SystemAdmin, Role::OrgAdmin).scope(), Scope::Nothing);
        assert!(actor(OrgType::Scps, Role::Officer).covers(27, 494));
        assert!(!actor(OrgType::Cwc, Role::Officer).covers(27, 494));
    }
}
