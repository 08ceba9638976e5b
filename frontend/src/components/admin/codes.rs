//! Wire codes the administration and access screens label, and who may act on an organisation.
//!
//! The rules mirror the server's checks in `routes/admin.rs` so that the screen offers only what
//! the server allows. The server still decides: a 403 shows its translated message.

use trackchild_client::wire::{Me, OrganisationDetail};
use trackchild_domain::access::{AccessGroup, CATALOGUE, OrgType};

use crate::i18n::{FALLBACK_LANGUAGE, I18n, lookup};

/// User roles, from most to least powerful.
pub const ROLES: &[&str] = &["org_admin", "supervisor", "officer", "viewer"];

/// Kinds of child care institution a CCI or SAA registration names.
pub const CCI_TYPES: &[&str] = &[
    "childrens_home",
    "open_shelter",
    "observation_home",
    "special_home",
    "place_of_safety",
    "saa",
    "fit_facility",
];

/// Organisation types that must send CCI registration details.
pub const REGISTERED_TYPES: &[&str] = &["cci", "saa"];

/// Registration states of an organisation. Only the catalogue tests read this list.
#[cfg(test)]
pub const ORGANISATION_STATUSES: &[&str] = &["active", "pending", "rejected"];

/// Audit actions recorded against a report. Only the catalogue tests read this list.
#[cfg(test)]
pub const AUDIT_ACTIONS: &[&str] = &[
    "create_report",
    "read_report",
    "update_report",
    "break_glass",
    "share_report",
    "read_audit_trail",
    "propose_match",
    "confirm_match",
    "reject_match",
    "unlink_match",
    "upload_photo",
    "view_photo",
    "hide_photo",
    "erase_photo",
    "export",
];

/// Outcomes of an audited action. Only the catalogue tests read this list.
#[cfg(test)]
pub const AUDIT_OUTCOMES: &[&str] = &["allowed", "denied", "succeeded", "failed"];

/// Returns the name of an organisation type in the current language. Types the catalogue does not
/// translate read as `full_name` from the server, else as the English name this build knows.
pub fn org_type_label(i18n: I18n, code: &str, full_name: &str) -> String {
    let key = format!("org_type.{code}");
    if let Some(text) = lookup(i18n.language(), &key).or_else(|| lookup(FALLBACK_LANGUAGE, &key)) {
        return text.to_string();
    }
    if !full_name.is_empty() {
        return full_name.to_string();
    }
    CATALOGUE
        .iter()
        .find(|info| info.org_type.as_str() == code)
        .map_or_else(|| code.to_string(), |info| info.full_name.to_string())
}

/// Organisation type of the national administrators.
const SYSTEM_ADMIN: &str = "system_admin";

fn administers(me: &Me) -> bool {
    matches!(me.role.as_str(), "org_admin" | "supervisor")
}

fn is_system_admin(me: &Me) -> bool {
    me.organisation.org_type == SYSTEM_ADMIN && me.role == "org_admin"
}

/// Returns whether `me` may open a report through break-glass. Viewers, citizens, local bodies,
/// aggregate-only ministries and system administration may not.
pub fn may_break_glass(me: &Me) -> bool {
    let Some(org_type) = OrgType::parse(&me.organisation.org_type) else {
        return false;
    };
    let excluded = matches!(
        org_type.group(),
        AccessGroup::Citizen
            | AccessGroup::Administration
            | AccessGroup::AggregateOnly
            | AccessGroup::LocalBody
    );
    !excluded && me.role != "viewer"
}

/// Returns whether the administration screen is offered to `me`.
pub fn sees_administration(me: &Me) -> bool {
    administers(me) || me.organisation.org_type == SYSTEM_ADMIN
}

/// Returns whether `me` may register bodies under their organisation. The server also checks
/// that the type is one the caller's type registers, and the jurisdiction.
pub fn may_register(me: &Me) -> bool {
    administers(me)
}

/// Returns whether `me` may approve or reject `organisation`'s pending registration.
pub fn may_decide(me: &Me, organisation: &OrganisationDetail) -> bool {
    let mine = me.organisation.id;
    organisation.status == "pending"
        && organisation.organisation.id != mine
        && (is_system_admin(me) || (organisation.parent_id == Some(mine) && administers(me)))
}

/// Returns whether `me` may list and add users of `organisation` and reset their passwords.
pub fn may_manage_users(me: &Me, organisation: &OrganisationDetail) -> bool {
    let mine = me.organisation.id;
    is_system_admin(me)
        || (organisation.organisation.id == mine && me.role == "org_admin")
        || (organisation.parent_id == Some(mine) && administers(me))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{LANGUAGES, lookup};

    #[test]
    fn admin_codes_labelled_everywhere() {
        let groups: &[(&str, &[&str])] = &[
            ("role", ROLES),
            ("cci_type", CCI_TYPES),
            ("org_status", ORGANISATION_STATUSES),
            ("audit_action", AUDIT_ACTIONS),
            ("audit_outcome", AUDIT_OUTCOMES),
        ];
        for language in LANGUAGES {
            for (group, codes) in groups {
                for code in codes.iter().chain(&["_unknown"]) {
                    let key = format!("{group}.{code}");
                    assert!(
                        lookup(language.code, &key).is_some(),
                        "i18n/{}.json lacks {key}",
                        language.code
                    );
                }
            }
        }
    }

    #[test]
    fn org_types_labelled_everywhere() {
        for language in LANGUAGES {
            for info in CATALOGUE {
                let key = format!("org_type.{}", info.org_type.as_str());
                assert!(
                    lookup(language.code, &key).is_some(),
                    "i18n/{}.json lacks {key}",
                    language.code
                );
            }
        }
    }

    #[test]
    fn new_field_errors_labelled_everywhere() {
        let codes = ["invalid_length", "not_allowed", "weak_password", "expired"];
        for language in LANGUAGES {
            for code in codes {
                let key = format!("field_error.{code}");
                assert!(
                    lookup(language.code, &key).is_some(),
                    "i18n/{}.json lacks {key}",
                    language.code
                );
            }
        }
    }
}
