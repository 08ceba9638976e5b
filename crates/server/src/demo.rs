//! Demo data for `serve --demo`: the six demo accounts and a synthetic cohort of reports from Pune,
//! Satara and Patna with planted true pairs. Runs only on an empty database.

use chrono::{NaiveDate, Utc};
use trackchild_domain::access::{OrgType, Role};
use trackchild_domain::codes::{MissingStatus, ReportKind};
use trackchild_domain::names::transliterate_to_latin;
use trackchild_domain::search::name_search_keys;
use trackchild_domain::synth::{Cohort, CohortOptions, generate};
use trackchild_store::orgs::{self, NewOrganisation, NewUser, OrganisationRow};
use trackchild_store::reports::{self, NewReport};
use trackchild_store::{DbConnection, Store, StoreResult};

const MAHARASHTRA: u16 = 27;
const BIHAR: u16 = 10;
const PUNE: u16 = 490;
const SATARA: u16 = 494;
const PATNA: u16 = 212;

/// Sizes of the demo cohort.
pub const DEMO_MISSING: usize = 2000;
pub const DEMO_FOUND: usize = 500;
pub const DEMO_TRUE_PAIRS: usize = 150;

/// One demo account: user name, display name, organisation and role.
struct DemoAccount {
    username: &'static str,
    display_name: &'static str,
    organisation: &'static str,
    org_type: OrgType,
    state_code: Option<u16>,
    district_code: Option<u16>,
    role: Role,
}

const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "demo-police",
        display_name: "Demo police officer",
        organisation: "Pune City Police Station",
        org_type: OrgType::PoliceStation,
        state_code: Some(MAHARASHTRA),
        district_code: Some(PUNE),
        role: Role::Officer,
    },
    DemoAccount {
        username: "demo-cwc",
        display_name: "Demo CWC member",
        organisation: "Child Welfare Committee, Satara",
        org_type: OrgType::Cwc,
        state_code: Some(MAHARASHTRA),
        district_code: Some(SATARA),
        role: Role::Officer,
    },
    DemoAccount {
        username: "demo-cci",
        display_name: "Demo CCI superintendent",
        organisation: "Government Children's Home, Satara",
        org_type: OrgType::Cci,
        state_code: Some(MAHARASHTRA),
        district_code: Some(SATARA),
        role: Role::Officer,
    },
    DemoAccount {
        username: "demo-dcpu",
        display_name: "Demo DCPU officer",
        organisation: "District Child Protection Unit, Pune",
        org_type: OrgType::Dcpu,
        state_code: Some(MAHARASHTRA),
        district_code: Some(PUNE),
        role: Role::Officer,
    },
    DemoAccount {
        username: "demo-state",
        display_name: "Demo SCPS officer",
        organisation: "Maharashtra State Child Protection Society",
        org_type: OrgType::Scps,
        state_code: Some(MAHARASHTRA),
        district_code: None,
        role: Role::Supervisor,
    },
    DemoAccount {
        username: "demo-admin",
        display_name: "Demo administrator",
        organisation: "TrackChild system administration",
        org_type: OrgType::SystemAdmin,
        state_code: None,
        district_code: None,
        role: Role::OrgAdmin,
    },
];

/// Units that own the demo cohort's reports but have no login.
const OWNER_UNITS: &[(&str, OrgType, u16, u16)] = &[
    (
        "Satara City Police Station",
        OrgType::PoliceStation,
        MAHARASHTRA,
        SATARA,
    ),
    (
        "Patna Kotwali Police Station",
        OrgType::PoliceStation,
        BIHAR,
        PATNA,
    ),
    (
        "Child Welfare Committee, Pune",
        OrgType::Cwc,
        MAHARASHTRA,
        PUNE,
    ),
    ("Child Welfare Committee, Patna", OrgType::Cwc, BIHAR, PATNA),
];

/// What seeding did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seeded {
    /// The database already held data; nothing was added.
    AlreadyPopulated,
    Created {
        missing: usize,
        found: usize,
    },
}

/// What to seed.
#[derive(Debug, Clone)]
pub struct DemoOptions<'a> {
    /// Password of every demo account.
    pub password: &'a str,
    /// Date in India; no generated date lies after it.
    pub today: NaiveDate,
    /// Also generate the synthetic cohort of reports (tests often want the accounts only).
    pub reports: bool,
}

/// Creates the demo accounts and, if asked, the cohort, when the database is empty.
pub fn seed(store: &Store, options: &DemoOptions<'_>) -> anyhow::Result<Seeded> {
    if !store.read(orgs::is_empty)? {
        return Ok(Seeded::AlreadyPopulated);
    }
    let password_hash = crate::auth::hash_password(options.password)?;
    let mut cohort = if options.reports {
        generate(&CohortOptions {
            seed: 2026,
            missing: DEMO_MISSING,
            found: DEMO_FOUND,
            true_pairs: DEMO_TRUE_PAIRS,
            today: options.today,
            districts: vec![PUNE, SATARA, PATNA],
        })
    } else {
        Cohort {
            missing: Vec::new(),
            found: Vec::new(),
            truth: Vec::new(),
        }
    };
    for child in cohort
        .missing
        .iter_mut()
        .map(|r| &mut r.child)
        .chain(cohort.found.iter_mut().map(|r| &mut r.child))
    {
        if child.name_latin.is_none() {
            child.name_latin = child.name.as_deref().map(transliterate_to_latin);
        }
    }
    let counts = store.write(|conn| {
        let mut units = Vec::new();
        for account in ACCOUNTS {
            let org_id = orgs::insert_organisation(
                conn,
                &NewOrganisation::active(
                    account.organisation,
                    account.org_type,
                    account.state_code,
                    account.district_code,
                ),
            )?;
            let user = NewUser {
                username: account.username,
                display_name: account.display_name,
                password_hash: &password_hash,
                organisation_id: org_id,
                role: account.role,
                is_demo: true,
                service_scopes: None,
            };
            orgs::insert_user(conn, &user)?;
            units.push(orgs::find_organisation(conn, &org_id.to_string())?);
        }
        for (name, org_type, state, district) in OWNER_UNITS {
            let org_id = orgs::insert_organisation(
                conn,
                &NewOrganisation::active(name, *org_type, Some(*state), Some(*district)),
            )?;
            units.push(orgs::find_organisation(conn, &org_id.to_string())?);
        }
        let creator = trackchild_store::parse_uuid(&units[0].id)?;
        for report in &cohort.missing {
            let owner = owner_for(
                &units,
                OrgType::PoliceStation,
                report.last_seen_place.state_code,
                report.last_seen_place.district_code,
            );
            let body = serde_json::to_value(report)
                .map_err(|e| trackchild_store::StoreError::Internal(e.into()))?;
            let status = if report.fir_number.is_some() {
                MissingStatus::FirRegistered
            } else {
                MissingStatus::Reported
            };
            insert(
                conn,
                ReportKind::Missing,
                &body,
                status.as_str(),
                report.last_seen_date,
                report
                    .child
                    .name_latin
                    .as_deref()
                    .or(report.child.name.as_deref()),
                report.fir_number.as_deref(),
                owner,
                creator,
            )?;
        }
        for report in &cohort.found {
            let owner = owner_for(
                &units,
                OrgType::Cwc,
                report.found_place.state_code,
                report.found_place.district_code,
            );
            let body = serde_json::to_value(report)
                .map_err(|e| trackchild_store::StoreError::Internal(e.into()))?;
            insert(
                conn,
                ReportKind::Found,
                &body,
                "reported",
                report.found_date,
                report
                    .child
                    .name_latin
                    .as_deref()
                    .or(report.child.name.as_deref()),
                None,
                owner,
                creator,
            )?;
        }
        Ok((cohort.missing.len(), cohort.found.len()))
    })?;
    Ok(Seeded::Created {
        missing: counts.0,
        found: counts.1,
    })
}

#[expect(
    clippy::too_many_arguments,
    reason = "mirrors the columns of a new report"
)]
fn insert(
    conn: &mut DbConnection,
    kind: ReportKind,
    body: &serde_json::Value,
    status: &str,
    event_date: NaiveDate,
    name_latin: Option<&str>,
    fir_number: Option<&str>,
    owner: &OrganisationRow,
    creator: uuid::Uuid,
) -> StoreResult<()> {
    let child: trackchild_domain::wire::Child = serde_json::from_value(body["child"].clone())
        .map_err(|e| trackchild_store::StoreError::Internal(e.into()))?;
    let name_keys = name_search_keys(&child);
    let phone = body["complainant_phone"]
        .as_str()
        .map(crate::routes::reports::phone_digits);
    let new = NewReport {
        kind,
        body,
        status,
        event_date,
        name_latin,
        fir_number,
        name_keys: &name_keys,
        phone_digits: phone.as_deref(),
        owner,
        created_by: creator,
        now: Utc::now(),
        case_year: chrono::Datelike::year(&Utc::now()),
    };
    reports::insert(conn, &new).map(|_| ())
}

/// The unit of `org_type` in the report's district, else one in its state, else the first one.
fn owner_for(
    units: &[OrganisationRow],
    org_type: OrgType,
    state: u16,
    district: u16,
) -> &OrganisationRow {
    let of_type = || units.iter().filter(|u| u.org_type == org_type.as_str());
    of_type()
        .find(|u| u.district_code == Some(i32::from(district)))
        .or_else(|| of_type().find(|u| u.state_code == Some(i32::from(state))))
        .or_else(|| of_type().next())
        .expect("the demo units include a police station and a CWC")
}
