//! The catalogue of stakeholder bodies: every organisation type with its stable code, level, full
//! name and the access group whose row of the role × data matrix it follows.

use serde::Serialize;

use crate::codes::code_enum;

code_enum!(
    /// Kind of body a user works for.
    OrgType {
        // Central
        Mwcd = "mwcd",
        Ncpcr = "ncpcr",
        Cpsu = "cpsu",
        Mha = "mha",
        Ncrb = "ncrb",
        Cbi = "cbi",
        Mopr = "mopr",
        Mle = "mle",
        Nalsa = "nalsa",
        // State
        Dwcd = "dwcd",
        Scps = "scps",
        Scpcr = "scpcr",
        Spsu = "spsu",
        Sara = "sara",
        Cid = "cid",
        Scrb = "scrb",
        Dgp = "dgp",
        MetroPolice = "metro_police",
        Mps = "mps",
        Prd = "prd",
        // District
        Dcps = "dcps",
        Dswo = "dswo",
        Cwc = "cwc",
        Jjb = "jjb",
        Cci = "cci",
        Saa = "saa",
        Dcpu = "dcpu",
        Dcrb = "dcrb",
        Ahtu = "ahtu",
        Sp = "sp",
        Sjpu = "sjpu",
        // Sub-division
        Sdpo = "sdpo",
        Sdo = "sdo",
        // Block or police station
        Bdo = "bdo",
        Bcpc = "bcpc",
        PoliceStation = "police_station",
        PanchayatPradhan = "panchayat_pradhan",
        // Village
        Vcpc = "vcpc",
        GramPradhan = "gram_pradhan",
        // Others
        Ngo = "ngo",
        Citizen = "citizen",
        SystemAdmin = "system_admin",
    }
);

code_enum!(
    /// Level of the administrative tree at which a body works.
    Level {
        Nation = "nation",
        State = "state",
        District = "district",
        SubDivision = "sub_division",
        Block = "block",
        Village = "village",
        Other = "other",
    }
);

code_enum!(
    /// A row of the role × data matrix: bodies that see child data the same way.
    AccessGroup {
        Citizen = "citizen",
        Ngo = "ngo_childline",
        PoliceStation = "police_station",
        SpecialisedPolice = "specialised_police",
        CentralInvestigation = "central_investigation",
        Cwc = "cwc",
        DistrictProtection = "district_protection",
        Cci = "cci_saa",
        Jjb = "jjb",
        StateWelfare = "state_welfare",
        CentralWelfare = "central_welfare",
        LegalServices = "legal_services",
        LocalBody = "local_body",
        AggregateOnly = "aggregate_only",
        Administration = "administration",
    }
);

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OrgTypeInfo {
    pub org_type: OrgType,
    pub level: Level,
    pub full_name: &'static str,
    pub group: AccessGroup,
    /// `true` where the expansion of the portal's abbreviation could not be confirmed.
    pub expansion_uncertain: bool,
}

const fn info(org_type: OrgType, level: Level, full_name: &'static str, group: AccessGroup) -> OrgTypeInfo {
    OrgTypeInfo { org_type, level, full_name, group, expansion_uncertain: false }
}

const fn uncertain(org_type: OrgType, level: Level, full_name: &'static str, group: AccessGroup) -> OrgTypeInfo {
    OrgTypeInfo { org_type, level, full_name, group, expansion_uncertain: true }
}

use AccessGroup as G;
use Level as L;

/// Every organisation type, in the order of the stakeholder list.
pub const CATALOGUE: &[OrgTypeInfo] = &[
    info(OrgType::Mwcd, L::Nation, "Ministry of Women and Child Development", G::CentralWelfare),
    info(OrgType::Ncpcr, L::Nation, "National Commission for Protection of Child Rights", G::CentralWelfare),
    info(OrgType::Cpsu, L::Nation, "Central Project Support Unit (Mission Vatsalya)", G::CentralWelfare),
    info(OrgType::Mha, L::Nation, "Ministry of Home Affairs", G::CentralInvestigation),
    info(OrgType::Ncrb, L::Nation, "National Crime Records Bureau", G::CentralInvestigation),
    info(OrgType::Cbi, L::Nation, "Central Bureau of Investigation", G::CentralInvestigation),
    info(OrgType::Mopr, L::Nation, "Ministry of Panchayati Raj", G::AggregateOnly),
    info(OrgType::Mle, L::Nation, "Ministry of Labour and Employment", G::AggregateOnly),
    info(OrgType::Nalsa, L::Nation, "National Legal Services Authority", G::LegalServices),
    info(OrgType::Dwcd, L::State, "Department of Women and Child Development, or Social Justice and Empowerment Department (SJ&ED)", G::StateWelfare),
    info(OrgType::Scps, L::State, "State Child Protection Society", G::StateWelfare),
    info(OrgType::Scpcr, L::State, "State Commission for Protection of Child Rights", G::CentralWelfare),
    info(OrgType::Spsu, L::State, "State Project Support Unit", G::StateWelfare),
    info(OrgType::Sara, L::State, "State Adoption Resource Agency", G::StateWelfare),
    info(OrgType::Cid, L::State, "Criminal Investigation Department", G::SpecialisedPolice),
    info(OrgType::Scrb, L::State, "State Crime Records Bureau", G::SpecialisedPolice),
    info(OrgType::Dgp, L::State, "Office of the Director General of Police", G::SpecialisedPolice),
    info(OrgType::MetroPolice, L::State, "Metropolitan (Commissionerate) Police", G::SpecialisedPolice),
    uncertain(OrgType::Mps, L::State, "MPS, as the portal lists it; read here as Missing Persons Squad", G::SpecialisedPolice),
    uncertain(OrgType::Prd, L::State, "PRD, as the portal lists it; read here as Panchayati Raj Department", G::LocalBody),
    info(OrgType::Dcps, L::District, "District Child Protection Society", G::DistrictProtection),
    info(OrgType::Dswo, L::District, "District Social Welfare Officer", G::DistrictProtection),
    info(OrgType::Cwc, L::District, "Child Welfare Committee", G::Cwc),
    info(OrgType::Jjb, L::District, "Juvenile Justice Board", G::Jjb),
    info(OrgType::Cci, L::District, "Child Care Institution", G::Cci),
    info(OrgType::Saa, L::District, "Specialised Adoption Agency", G::Cci),
    info(OrgType::Dcpu, L::District, "District Child Protection Unit", G::DistrictProtection),
    info(OrgType::Dcrb, L::District, "District Crime Records Bureau", G::SpecialisedPolice),
    info(OrgType::Ahtu, L::District, "Anti Human Trafficking Unit", G::SpecialisedPolice),
    info(OrgType::Sp, L::District, "Office of the Superintendent of Police", G::SpecialisedPolice),
    info(OrgType::Sjpu, L::District, "Special Juvenile Police Unit", G::SpecialisedPolice),
    info(OrgType::Sdpo, L::SubDivision, "Sub-Divisional Police Officer", G::SpecialisedPolice),
    info(OrgType::Sdo, L::SubDivision, "Sub-Divisional Officer (civil)", G::LocalBody),
    info(OrgType::Bdo, L::Block, "Block Development Officer", G::LocalBody),
    info(OrgType::Bcpc, L::Block, "Block Child Protection Committee", G::LocalBody),
    info(OrgType::PoliceStation, L::Block, "Police Station", G::PoliceStation),
    info(OrgType::PanchayatPradhan, L::Block, "Panchayat Samiti Pradhan", G::LocalBody),
    info(OrgType::Vcpc, L::Village, "Village Child Protection Committee", G::LocalBody),
    info(OrgType::GramPradhan, L::Village, "Gram Pradhan (head of the Gram Panchayat)", G::LocalBody),
    info(OrgType::Ngo, L::Other, "Non-governmental organisation or Childline partner", G::Ngo),
    info(OrgType::Citizen, L::Other, "Citizen or parent", G::Citizen),
    info(OrgType::SystemAdmin, L::Nation, "TrackChild system administration", G::Administration),
];

impl OrgType {
    /// The catalogue entry of this type.
    pub fn info(self) -> &'static OrgTypeInfo {
        CATALOGUE.iter().find(|i| i.org_type == self).expect("every organisation type has a catalogue entry")
    }

    pub fn level(self) -> Level {
        self.info().level
    }

    pub fn group(self) -> AccessGroup {
        self.info().group
    }

    /// Bodies registered by the level above with an approve or reject step (ICPS bodies and
    /// the adoption agencies).
    pub fn needs_approval(self) -> bool {
        matches!(self, OrgType::Scps | OrgType::Dcps | OrgType::Dcpu | OrgType::Cwc | OrgType::Jjb | OrgType::Cci | OrgType::Sara | OrgType::Saa)
    }

    /// Types whose bodies this type registers: the State department and society register
    /// State and district ICPS bodies; the district society registers district bodies.
    pub fn registers(self, child: OrgType) -> bool {
        let district_icps = matches!(child, OrgType::Dcps | OrgType::Dcpu | OrgType::Cwc | OrgType::Jjb | OrgType::Cci | OrgType::Saa);
        match self {
            OrgType::SystemAdmin => true,
            OrgType::Mwcd => matches!(child, OrgType::Dwcd | OrgType::Scps | OrgType::Sara) || child.level() == Level::Nation,
            OrgType::Dwcd => matches!(child, OrgType::Scps | OrgType::Sara | OrgType::Spsu | OrgType::Dswo) || district_icps,
            OrgType::Scps => district_icps,
            OrgType::Dcps | OrgType::Dcpu => matches!(child, OrgType::Cci | OrgType::Saa | OrgType::Bcpc | OrgType::Vcpc | OrgType::Ngo),
            OrgType::Dgp => matches!(child, OrgType::Cid | OrgType::Scrb | OrgType::MetroPolice | OrgType::Mps | OrgType::Sp | OrgType::Dcrb | OrgType::Ahtu | OrgType::Sjpu | OrgType::Sdpo | OrgType::PoliceStation),
            OrgType::Sp => matches!(child, OrgType::Sdpo | OrgType::PoliceStation | OrgType::Ahtu | OrgType::Sjpu | OrgType::Dcrb),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_one_catalogue_entry() {
        for org_type in OrgType::ALL {
            assert_eq!(CATALOGUE.iter().filter(|i| i.org_type == *org_type).count(), 1, "{org_type}");
        }
        assert_eq!(CATALOGUE.len(), OrgType::ALL.len());
    }

    #[test]
    fn uncertain_expansions_are_marked() {
        let uncertain: Vec<OrgType> = CATALOGUE.iter().filter(|i| i.expansion_uncertain).map(|i| i.org_type).collect();
        assert_eq!(uncertain, vec![OrgType::Mps, OrgType::Prd]);
        assert_eq!(OrgType::Mle.info().full_name, "Ministry of Labour and Employment");
    }

    #[test]
    fn icps_bodies_are_registered_by_the_level_above() {
        assert!(OrgType::Scps.registers(OrgType::Cwc));
        assert!(OrgType::Dcps.registers(OrgType::Cci));
        assert!(!OrgType::Cwc.registers(OrgType::Cci));
        assert!(!OrgType::PoliceStation.registers(OrgType::PoliceStation));
        assert!(OrgType::Cci.needs_approval());
        assert!(!OrgType::PoliceStation.needs_approval());
    }
}
