//! Who is acting and what they may do: the organisation catalogue, the role × data matrix, and the
//! one function, [`decide`], that turns (actor, action, resource) into allow, deny or allow with
//! redaction.
//!
//! The store applies the same rules in SQL through [`Actor::read_span`], so lists and searches
//! never return rows outside the actor's view; [`decide`] is the reference the tests check both
//! against.

pub mod matrix;
pub mod org_types;
pub mod password;

use uuid::Uuid;

use crate::codes::code_enum;

pub use matrix::{Cell, DataClass, Grant, Span, cell};
pub use org_types::{AccessGroup, CATALOGUE, Level, OrgType, OrgTypeInfo};

code_enum!(
    /// A user's role within their organisation.
    Role { Officer = "officer", Supervisor = "supervisor", OrgAdmin = "org_admin", Viewer = "viewer" }
);

/// An authenticated user or service account acting through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub organisation_id: Uuid,
    pub org_type: OrgType,
    pub role: Role,
    pub state_code: Option<u16>,
    pub district_code: Option<u16>,
}

/// Where a record sits relative to the actor's organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Owned by the actor's own unit.
    SameUnit,
    /// Owned by another unit in the actor's district.
    SameDistrict,
    /// Owned by a unit in another district of the actor's State.
    SameState,
    /// Owned by a unit in another State.
    OtherState,
}

impl Relation {
    pub const ALL: [Relation; 4] = [Relation::SameUnit, Relation::SameDistrict, Relation::SameState, Relation::OtherState];
}

/// How a record outside the actor's span was opened to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Link {
    None,
    /// The actor's unit is party to a suggestion involving the record, or the owner shared it.
    PartyOrShared,
    /// The actor used break-glass with a written reason (audited; the owner is notified).
    BreakGlass,
}

impl Link {
    pub const ALL: [Link; 3] = [Link::None, Link::PartyOrShared, Link::BreakGlass];
}

/// Something an actor may try to do with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the full record.
    Read,
    /// Create or change the record.
    Write,
    /// Confirm or reject a suggestion about the record.
    Decide,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Read, Action::Write, Action::Decide];
}

/// A record as the access rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    pub class: DataClass,
    pub relation: Relation,
    pub link: Link,
}

/// The outcome of [`decide`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Deny,
    Allow,
    /// Allowed, with these restricted fields set to `null` and listed in `redacted`.
    AllowRedacted(Vec<&'static str>),
}

impl Decision {
    pub fn allows(&self) -> bool {
        !matches!(self, Decision::Deny)
    }
}

/// Restricted (class R) fields of the report schema, withheld unless the role needs them.
pub const RESTRICTED_FIELDS: &[&str] = &["complainant_phone"];

/// Decides whether `actor` may perform `action` on `resource`.
pub fn decide(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    let group = actor.org_type.group();
    let cell = cell(group, resource.class);
    let allowed = match action {
        Action::Read => may_read(actor, cell, resource),
        Action::Write => may_write(actor, cell, resource.relation),
        Action::Decide => may_decide(actor, cell, resource),
    };
    if !allowed {
        return Decision::Deny;
    }
    if action != Action::Read || sees_restricted(actor, resource) {
        Decision::Allow
    } else {
        Decision::AllowRedacted(RESTRICTED_FIELDS.to_vec())
    }
}

fn may_read(actor: &Actor, cell: Cell, resource: &Resource) -> bool {
    let record_grant = cell.grant >= Grant::Limited;
    let in_span = record_grant && reaches(actor, cell.span, resource.relation);
    let linked = match resource.link {
        Link::None => false,
        Link::PartyOrShared => record_grant,
        Link::BreakGlass => may_break_glass(actor),
    };
    in_span || linked
}

fn may_write(actor: &Actor, cell: Cell, relation: Relation) -> bool {
    let writes = actor.role != Role::Viewer && cell.grant == Grant::Write;
    writes && reaches(actor, cell.span, relation)
}

/// Either party's unit decides a suggestion: the owner of the record, or a unit linked to it as
/// the other party, each needing write access to its own side.
fn may_decide(actor: &Actor, cell: Cell, resource: &Resource) -> bool {
    let party = resource.relation == Relation::SameUnit || resource.link == Link::PartyOrShared;
    let writer = actor.role != Role::Viewer && writes_any_case_file(actor.org_type.group());
    party && writer && cell.grant >= Grant::Limited
}

fn writes_any_case_file(group: AccessGroup) -> bool {
    [DataClass::MissingEfile, DataClass::FoundBasic].iter().any(|&class| cell(group, class).grant == Grant::Write)
}

/// Break-glass is open to every body that works with cases or oversees them, never to citizens or
/// to system administration.
pub fn may_break_glass(actor: &Actor) -> bool {
    let group = actor.org_type.group();
    let excluded = matches!(group, AccessGroup::Citizen | AccessGroup::Administration | AccessGroup::AggregateOnly | AccessGroup::LocalBody);
    !excluded && actor.role != Role::Viewer
}

fn sees_restricted(actor: &Actor, resource: &Resource) -> bool {
    let cell = cell(actor.org_type.group(), DataClass::Restricted);
    match cell.grant {
        Grant::Read | Grant::Write => reaches(actor, cell.span, resource.relation),
        Grant::Limited => resource.relation == Relation::SameUnit,
        Grant::None | Grant::Aggregate => false,
    }
}

/// Whether a span reaches a record with this relation, given the actor's own jurisdiction.
fn reaches(actor: &Actor, span: Span, relation: Relation) -> bool {
    match effective_span(actor, span) {
        Span::Unit | Span::Linked => relation == Relation::SameUnit,
        Span::District => matches!(relation, Relation::SameUnit | Relation::SameDistrict),
        Span::State => relation != Relation::OtherState,
        Span::Nation => true,
    }
}

/// Narrows "own district or State" grants to the level the actor's organisation works at.
fn effective_span(actor: &Actor, span: Span) -> Span {
    match (span, actor.org_type.level()) {
        (Span::State, Level::District | Level::SubDivision | Level::Block | Level::Village) => Span::District,
        (Span::State, Level::Nation) if actor.state_code.is_none() => Span::Nation,
        (span, _) => span,
    }
}

/// The jurisdiction whose records of `class` this actor may list, for the store's SQL filter.
/// Records linked to the actor (suggestions, shares, break-glass) are added separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadSpan {
    Nothing,
    Unit(Uuid),
    District(u16),
    State(u16),
    Nation,
}

impl Actor {
    /// The records of `class` this actor may list: the SQL form of [`decide`]'s read rule
    /// without links.
    pub fn read_span(&self, class: DataClass) -> ReadSpan {
        let cell = cell(self.org_type.group(), class);
        if cell.grant < Grant::Limited {
            return ReadSpan::Nothing;
        }
        match (effective_span(self, cell.span), self.district_code, self.state_code) {
            (Span::Unit | Span::Linked, _, _) => ReadSpan::Unit(self.organisation_id),
            (Span::District, Some(district), _) => ReadSpan::District(district),
            (Span::District, None, _) => ReadSpan::Unit(self.organisation_id),
            (Span::State, _, Some(state)) => ReadSpan::State(state),
            (Span::State, _, None) => ReadSpan::Unit(self.organisation_id),
            (Span::Nation, _, _) => ReadSpan::Nation,
        }
    }

    /// Whether records of `class` linked to this actor (suggestions, shares) are readable.
    pub fn reads_linked(&self, class: DataClass) -> bool {
        cell(self.org_type.group(), class).grant >= Grant::Limited
    }

    /// The relation of a record owned by `owner` in `state`/`district` to this actor.
    pub fn relation_to(&self, owner: Uuid, state: u16, district: Option<u16>) -> Relation {
        if owner == self.organisation_id {
            Relation::SameUnit
        } else if district.is_some() && district == self.district_code {
            Relation::SameDistrict
        } else if Some(state) == self.state_code {
            Relation::SameState
        } else {
            Relation::OtherState
        }
    }

    /// Whether this actor may create records of `class` (always owned by their own unit).
    pub fn may_create(&self, class: DataClass) -> bool {
        may_write(self, cell(self.org_type.group(), class), Relation::SameUnit)
    }

    /// Whether this actor manages users of their own organisation.
    pub fn administers_users(&self) -> bool {
        self.role == Role::OrgAdmin
    }
}

#[cfg(test)]
mod tests;
