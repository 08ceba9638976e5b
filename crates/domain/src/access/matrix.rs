//! The role × data matrix as data: for each access group and data class, the grant and how far it
//! reaches. Grants follow the child-protection confidentiality rules (JJ Act s.74; POCSO s.23):
//! record access is need-to-know, oversight bodies get aggregates, and identifying data of a child
//! in care reaches only the units that act for that child.

use crate::codes::code_enum;

use super::org_types::AccessGroup;

code_enum!(
    /// A class of data in the matrix.
    DataClass {
        PublicAlert = "public_alert",
        MissingEfile = "missing_efile",
        FoundBasic = "found_basic",
        CncpFile = "cncp_file",
        CwcOrders = "cwc_orders",
        CciRoster = "cci_roster",
        Restricted = "restricted_attributes",
        Suspects = "suspects",
        Mis = "mis",
    }
);

code_enum!(
    /// How much a group may do with a class: none, aggregates only, limited (need-to-know, own or
    /// linked cases), read, or write.
    Grant { None = "none", Aggregate = "aggregate", Limited = "limited", Read = "read", Write = "write" }
);

code_enum!(
    /// How far a grant reaches from the actor's unit.
    Span { Unit = "unit", District = "district", State = "state", Nation = "nation", Linked = "linked" }
);

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub grant: Grant,
    pub span: Span,
}

const fn c(grant: Grant, span: Span) -> Cell {
    Cell { grant, span }
}

const NONE: Cell = c(Grant::None, Span::Unit);
const AGGREGATE: Cell = c(Grant::Aggregate, Span::Unit);

/// Span of "own district or State" grants for bodies that may sit at either level; narrowed to
/// the actor's actual jurisdiction when applied.
const OWN_LEVEL: Span = Span::State;

/// The matrix. Columns: public alert, missing e-file, found-child basic, full CNCP file, CWC
/// orders, CCI roster, restricted attributes, suspects, MIS.
pub fn cell(group: AccessGroup, class: DataClass) -> Cell {
    use AccessGroup as G;
    use Grant::{Limited as L, Read as R, Write as W};
    use Span::{District, Linked, Nation, Unit};
    let row: [Cell; 9] = match group {
        G::Citizen => [c(R, Nation), c(L, Unit), NONE, NONE, NONE, NONE, NONE, NONE, AGGREGATE],
        G::Ngo => [c(R, Nation), NONE, c(W, Unit), c(L, Linked), c(L, Linked), NONE, c(L, Linked), NONE, AGGREGATE],
        G::PoliceStation => [c(W, Unit), c(W, Unit), c(R, District), NONE, c(R, Linked), NONE, c(L, Unit), c(W, Unit), AGGREGATE],
        G::SpecialisedPolice => [c(R, Nation), c(W, OWN_LEVEL), c(R, OWN_LEVEL), NONE, c(R, Linked), NONE, c(L, Unit), c(W, OWN_LEVEL), AGGREGATE],
        G::CentralInvestigation => [c(R, Nation), c(L, Linked), c(R, Nation), NONE, NONE, NONE, NONE, c(L, Linked), AGGREGATE],
        G::Cwc => [c(R, Nation), c(R, Linked), c(W, District), c(W, District), c(W, District), c(R, District), c(R, District), c(L, Linked), AGGREGATE],
        G::DistrictProtection => [c(R, Nation), c(R, Linked), c(W, District), c(W, District), c(R, District), c(W, District), c(L, Unit), NONE, AGGREGATE],
        G::Cci => [c(R, Nation), NONE, c(R, Unit), c(W, Unit), c(R, Unit), c(W, Unit), c(L, Unit), NONE, AGGREGATE],
        G::Jjb => [NONE, NONE, NONE, c(L, District), NONE, c(R, District), c(L, Unit), NONE, AGGREGATE],
        G::StateWelfare => [c(R, Nation), NONE, AGGREGATE, AGGREGATE, AGGREGATE, c(R, OWN_LEVEL), NONE, NONE, AGGREGATE],
        G::CentralWelfare => [c(R, Nation), NONE, AGGREGATE, c(L, Linked), c(L, Linked), c(R, Nation), NONE, NONE, AGGREGATE],
        G::LegalServices => [c(R, Nation), c(L, Linked), NONE, NONE, NONE, NONE, NONE, NONE, AGGREGATE],
        G::LocalBody => [c(R, District), NONE, NONE, NONE, NONE, NONE, NONE, NONE, AGGREGATE],
        G::AggregateOnly => [c(R, Nation), NONE, NONE, NONE, NONE, NONE, NONE, NONE, AGGREGATE],
        G::Administration => [NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, AGGREGATE],
    };
    let column = DataClass::ALL.iter().position(|&d| d == class).expect("every data class has a column");
    row[column]
}
