//! The exhaustive access test: every organisation type × role × action × data class × relation ×
//! link is checked against an oracle written from the published role × data matrix, independently
//! of `matrix.rs`.

use super::*;

/// The role × data matrix as published, one row per access group, cells in the published notation:
/// `W`, `R`, `L`, `A` or `-`, with the reach in brackets.
const PUBLISHED: &[(AccessGroup, [&str; 9])] = &[
    (AccessGroup::Citizen, ["R(nation)", "L(own)", "-", "-", "-", "-", "-", "-", "A"]),
    (AccessGroup::Ngo, ["R(nation)", "-", "W(own)", "L(assigned)", "L(assigned)", "-", "L(assigned)", "-", "A"]),
    (AccessGroup::PoliceStation, ["W(own)", "W(own)", "R(district)", "-", "R(linked)", "-", "L(own)", "W(own)", "A"]),
    (AccessGroup::SpecialisedPolice, ["R(nation)", "W(level)", "R(level)", "-", "R(linked)", "-", "L(own)", "W(level)", "A"]),
    (AccessGroup::CentralInvestigation, ["R(nation)", "L(linked)", "R(nation)", "-", "-", "-", "-", "L(linked)", "A"]),
    (AccessGroup::Cwc, ["R(nation)", "R(linked)", "W(district)", "W(district)", "W(district)", "R(district)", "R(district)", "L(linked)", "A"]),
    (AccessGroup::DistrictProtection, ["R(nation)", "R(linked)", "W(district)", "W(district)", "R(district)", "W(district)", "L(own)", "-", "A"]),
    (AccessGroup::Cci, ["R(nation)", "-", "R(own)", "W(own)", "R(own)", "W(own)", "L(own)", "-", "A"]),
    (AccessGroup::Jjb, ["-", "-", "-", "L(district)", "-", "R(district)", "L(own)", "-", "A"]),
    (AccessGroup::StateWelfare, ["R(nation)", "-", "A", "A", "A", "R(level)", "-", "-", "A"]),
    (AccessGroup::CentralWelfare, ["R(nation)", "-", "A", "L(linked)", "L(linked)", "R(nation)", "-", "-", "A"]),
    (AccessGroup::LegalServices, ["R(nation)", "L(linked)", "-", "-", "-", "-", "-", "-", "A"]),
    (AccessGroup::LocalBody, ["R(district)", "-", "-", "-", "-", "-", "-", "-", "A"]),
    (AccessGroup::AggregateOnly, ["R(nation)", "-", "-", "-", "-", "-", "-", "-", "A"]),
    (AccessGroup::Administration, ["-", "-", "-", "-", "-", "-", "-", "-", "A"]),
];

fn published(group: AccessGroup, class: DataClass) -> &'static str {
    let row = PUBLISHED.iter().find(|(g, _)| *g == group).expect("every group is published").1;
    row[DataClass::ALL.iter().position(|c| *c == class).expect("class column")]
}

/// Relations a reach covers for an actor at `level`.
fn covered(reach: &str, level: Level, has_state: bool) -> Vec<Relation> {
    use Relation::*;
    let local = matches!(level, Level::District | Level::SubDivision | Level::Block | Level::Village);
    match reach {
        "own" | "assigned" | "linked" => vec![SameUnit],
        "district" => vec![SameUnit, SameDistrict],
        "level" if local => vec![SameUnit, SameDistrict],
        "level" if level == Level::Nation && !has_state => vec![SameUnit, SameDistrict, SameState, OtherState],
        "level" => vec![SameUnit, SameDistrict, SameState],
        "nation" => vec![SameUnit, SameDistrict, SameState, OtherState],
        other => panic!("unknown reach {other}"),
    }
}

fn expected(actor: &Actor, action: Action, resource: &Resource) -> bool {
    let text = published(actor.org_type.group(), resource.class);
    let letter = &text[..1];
    let reach = text.get(2..text.len().saturating_sub(1)).unwrap_or("");
    let record_level = matches!(letter, "W" | "R" | "L");
    let level = actor.org_type.level();
    let in_reach = record_level && covered(reach, level, actor.state_code.is_some()).contains(&resource.relation);
    let glass_groups = !matches!(actor.org_type.group(), AccessGroup::Citizen | AccessGroup::Administration | AccessGroup::AggregateOnly | AccessGroup::LocalBody);
    match action {
        Action::Read => {
            in_reach
                || (resource.link == Link::PartyOrShared && record_level)
                || (resource.link == Link::BreakGlass && glass_groups && actor.role != Role::Viewer)
        }
        Action::Write => letter == "W" && actor.role != Role::Viewer && in_reach,
        Action::Decide => {
            let group = actor.org_type.group();
            let writes_cases = published(group, DataClass::MissingEfile).starts_with('W') || published(group, DataClass::FoundBasic).starts_with('W');
            let party = resource.relation == Relation::SameUnit || resource.link == Link::PartyOrShared;
            party && writes_cases && actor.role != Role::Viewer && record_level
        }
    }
}

fn expected_restricted_visible(actor: &Actor, resource: &Resource) -> bool {
    let text = published(actor.org_type.group(), DataClass::Restricted);
    let reach = text.get(2..text.len().saturating_sub(1)).unwrap_or("");
    match &text[..1] {
        "R" | "W" => covered(reach, actor.org_type.level(), actor.state_code.is_some()).contains(&resource.relation),
        "L" => resource.relation == Relation::SameUnit,
        _ => false,
    }
}

fn actor_of(org_type: OrgType, role: Role) -> Actor {
    let (state, district) = match org_type.level() {
        Level::Nation => (None, None),
        Level::State => (Some(27), None),
        _ => (Some(27), Some(490)),
    };
    Actor { user_id: Uuid::nil(), organisation_id: Uuid::nil(), org_type, role, state_code: state, district_code: district }
}

#[test]
fn every_combination_matches_the_published_matrix() {
    let mut checked = 0usize;
    let mut mismatches = Vec::new();
    for &org_type in OrgType::ALL {
        for &role in Role::ALL {
            let actor = actor_of(org_type, role);
            for action in Action::ALL {
                for &class in DataClass::ALL {
                    for relation in Relation::ALL {
                        for link in Link::ALL {
                            let resource = Resource { class, relation, link };
                            let decision = decide(&actor, action, &resource);
                            let allowed = expected(&actor, action, &resource);
                            if decision.allows() != allowed {
                                mismatches.push(format!("{org_type}/{role}/{action:?}/{class}/{relation:?}/{link:?}: got {decision:?}, expected allowed={allowed}"));
                            }
                            if action == Action::Read && allowed {
                                let redacted = matches!(decision, Decision::AllowRedacted(_));
                                if redacted == expected_restricted_visible(&actor, &resource) {
                                    mismatches.push(format!("{org_type}/{role}/read/{class}/{relation:?}/{link:?}: redaction {decision:?}"));
                                }
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
    }

    assert!(mismatches.is_empty(), "{} of {checked} cases differ:\n{}", mismatches.len(), mismatches.join("\n"));
    assert_eq!(checked, OrgType::ALL.len() * Role::ALL.len() * 3 * DataClass::ALL.len() * 4 * 3);
}

#[test]
fn police_station_reads_own_missing_reports_only() {
    let police = actor_of(OrgType::PoliceStation, Role::Officer);
    let own = Resource { class: DataClass::MissingEfile, relation: Relation::SameUnit, link: Link::None };
    let neighbour = Resource { relation: Relation::SameDistrict, ..own };

    assert_eq!(decide(&police, Action::Read, &own), Decision::Allow);
    assert_eq!(decide(&police, Action::Write, &own), Decision::Allow);
    assert_eq!(decide(&police, Action::Read, &neighbour), Decision::Deny);
}

#[test]
fn party_to_a_suggestion_reads_without_contact_details() {
    let cwc = actor_of(OrgType::Cwc, Role::Officer);
    let linked = Resource { class: DataClass::MissingEfile, relation: Relation::SameState, link: Link::PartyOrShared };

    assert_eq!(decide(&cwc, Action::Read, &linked), Decision::AllowRedacted(vec!["complainant_phone"]));
    assert_eq!(decide(&cwc, Action::Write, &linked), Decision::Deny);
    assert_eq!(decide(&cwc, Action::Decide, &linked), Decision::Allow);
}

#[test]
fn oversight_bodies_get_aggregates_not_records() {
    let scps = actor_of(OrgType::Scps, Role::Supervisor);
    let record = Resource { class: DataClass::FoundBasic, relation: Relation::SameState, link: Link::None };

    assert_eq!(decide(&scps, Action::Read, &record), Decision::Deny);
    assert!(decide(&scps, Action::Read, &Resource { link: Link::BreakGlass, ..record }).allows());
    assert_eq!(scps.read_span(DataClass::FoundBasic), ReadSpan::Nothing);
}

#[test]
fn viewers_never_write_or_break_glass() {
    for &org_type in OrgType::ALL {
        let viewer = actor_of(org_type, Role::Viewer);
        for &class in DataClass::ALL {
            let own = Resource { class, relation: Relation::SameUnit, link: Link::None };
            assert_eq!(decide(&viewer, Action::Write, &own), Decision::Deny, "{org_type}/{class}");
        }
        assert!(!may_break_glass(&viewer));
    }
}

#[test]
fn read_span_agrees_with_decide() {
    for &org_type in OrgType::ALL {
        let actor = actor_of(org_type, Role::Officer);
        for class in [DataClass::MissingEfile, DataClass::FoundBasic] {
            let span = actor.read_span(class);
            for relation in Relation::ALL {
                let resource = Resource { class, relation, link: Link::None };
                let by_span = match span {
                    ReadSpan::Nothing => false,
                    ReadSpan::Unit(_) => relation == Relation::SameUnit,
                    ReadSpan::District(_) => matches!(relation, Relation::SameUnit | Relation::SameDistrict),
                    ReadSpan::State(_) => relation != Relation::OtherState,
                    ReadSpan::Nation => true,
                };
                assert_eq!(by_span, decide(&actor, Action::Read, &resource).allows(), "{org_type}/{class}/{relation:?}");
            }
        }
    }
}
