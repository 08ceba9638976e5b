//! Organisations and their users.

use chrono::Utc;
use diesel::prelude::*;
use trackchild_domain::access::{Actor, OrgType, Role};
use trackchild_domain::wire::{Jurisdiction, Me, Organisation};
use uuid::Uuid;

use crate::schema::{organisations, users};
use crate::{
    DbConnection, StoreError, StoreResult, new_id, parse_timestamp, parse_uuid, timestamp,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub org_type: String,
    pub state_code: Option<i32>,
    pub district_code: Option<i32>,
    pub created_at: String,
    pub parent_id: Option<String>,
    /// `active`, `pending` (awaiting approval by the level above) or `rejected`.
    pub status: String,
    pub sub_division_code: Option<i32>,
    pub block_code: Option<i32>,
    pub village_code: Option<i32>,
    /// Registration details as JSON (CCI type, capacity, registration number, validity).
    pub registration: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub organisation_id: String,
    pub role: String,
    pub is_demo: i32,
    pub failed_logins: i32,
    pub locked_until: Option<String>,
    pub created_at: String,
    /// `person` or `service` (a state police system's client credentials).
    pub kind: String,
    /// Space-separated scopes of a service account.
    pub scopes: Option<String>,
    pub disabled: i32,
}

/// A user with their organisation, as loaded for authentication.
#[derive(Debug, Clone)]
pub struct UserWithOrg {
    pub user: UserRow,
    pub organisation: OrganisationRow,
}

impl UserWithOrg {
    /// The acting identity for access decisions.
    pub fn actor(&self) -> StoreResult<Actor> {
        let org_type = OrgType::parse(&self.organisation.org_type).ok_or_else(|| {
            StoreError::Internal(anyhow::anyhow!(
                "unknown organisation type {:?}",
                self.organisation.org_type
            ))
        })?;
        let role = Role::parse(&self.user.role).ok_or_else(|| {
            StoreError::Internal(anyhow::anyhow!("unknown role {:?}", self.user.role))
        })?;
        Ok(Actor {
            user_id: parse_uuid(&self.user.id)?,
            organisation_id: parse_uuid(&self.organisation.id)?,
            org_type,
            role,
            state_code: self
                .organisation
                .state_code
                .and_then(|c| u16::try_from(c).ok()),
            district_code: self
                .organisation
                .district_code
                .and_then(|c| u16::try_from(c).ok()),
        })
    }

    /// The wire form for `GET /auth/me`.
    pub fn to_me(&self) -> StoreResult<Me> {
        Ok(Me {
            id: parse_uuid(&self.user.id)?,
            username: self.user.username.clone(),
            display_name: self.user.display_name.clone(),
            role: self.user.role.clone(),
            organisation: self.organisation.to_wire()?,
        })
    }
}

impl OrganisationRow {
    pub fn to_wire(&self) -> StoreResult<Organisation> {
        let state_code = self.state_code.and_then(|c| u16::try_from(c).ok());
        let district_code = self.district_code.and_then(|c| u16::try_from(c).ok());
        let level = match (state_code, district_code) {
            (_, Some(_)) => "district",
            (Some(_), None) => "state",
            (None, None) => "nation",
        };
        Ok(Organisation {
            id: parse_uuid(&self.id)?,
            name: self.name.clone(),
            org_type: self.org_type.clone(),
            jurisdiction: Jurisdiction {
                level: level.to_string(),
                state_code,
                district_code,
            },
        })
    }
}

/// What is needed to create an organisation.
#[derive(Debug, Clone)]
pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub org_type: OrgType,
    pub state_code: Option<u16>,
    pub district_code: Option<u16>,
    pub sub_division_code: Option<u32>,
    pub block_code: Option<u32>,
    pub village_code: Option<u32>,
    pub parent_id: Option<Uuid>,
    /// `active`, or `pending` for bodies that the level above must approve.
    pub status: &'a str,
    pub registration: Option<serde_json::Value>,
}

impl<'a> NewOrganisation<'a> {
    /// An active organisation with no parent, sub-district codes or registration details.
    pub fn active(
        name: &'a str,
        org_type: OrgType,
        state_code: Option<u16>,
        district_code: Option<u16>,
    ) -> Self {
        NewOrganisation {
            name,
            org_type,
            state_code,
            district_code,
            sub_division_code: None,
            block_code: None,
            village_code: None,
            parent_id: None,
            status: "active",
            registration: None,
        }
    }
}

/// What is needed to create a user; `password_hash` is an argon2id PHC string (for a service
/// account, the hash of its client secret).
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub organisation_id: Uuid,
    pub role: Role,
    pub is_demo: bool,
    /// Scopes of a service account; `None` for a person.
    pub service_scopes: Option<&'a str>,
}

/// Inserts an organisation and returns its id.
pub fn insert_organisation(
    conn: &mut DbConnection,
    new: &NewOrganisation<'_>,
) -> StoreResult<Uuid> {
    let id = new_id();
    let code = |c: Option<u32>| c.and_then(|c| i32::try_from(c).ok());
    let row = OrganisationRow {
        id: id.to_string(),
        name: new.name.to_string(),
        org_type: new.org_type.as_str().to_string(),
        state_code: new.state_code.map(i32::from),
        district_code: new.district_code.map(i32::from),
        created_at: timestamp(Utc::now()),
        parent_id: new.parent_id.map(|p| p.to_string()),
        status: if new.status.is_empty() {
            "active".to_string()
        } else {
            new.status.to_string()
        },
        sub_division_code: code(new.sub_division_code),
        block_code: code(new.block_code),
        village_code: code(new.village_code),
        registration: new.registration.as_ref().map(|r| r.to_string()),
        decided_by: None,
        decided_at: None,
        decision_note: None,
    };
    diesel::insert_into(organisations::table)
        .values(&row)
        .execute(conn)?;
    Ok(id)
}

/// Inserts a user and returns their id.
pub fn insert_user(conn: &mut DbConnection, new: &NewUser<'_>) -> StoreResult<Uuid> {
    let id = new_id();
    let row = UserRow {
        id: id.to_string(),
        username: new.username.to_string(),
        display_name: new.display_name.to_string(),
        password_hash: new.password_hash.to_string(),
        organisation_id: new.organisation_id.to_string(),
        role: new.role.as_str().to_string(),
        is_demo: i32::from(new.is_demo),
        failed_logins: 0,
        locked_until: None,
        created_at: timestamp(Utc::now()),
        kind: if new.service_scopes.is_some() {
            "service".into()
        } else {
            "person".into()
        },
        scopes: new.service_scopes.map(str::to_string),
        disabled: 0,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .execute(conn)?;
    Ok(id)
}

/// Loads a user and their organisation by user name.
pub fn find_user_by_username(
    conn: &mut DbConnection,
    username: &str,
) -> StoreResult<Option<UserWithOrg>> {
    let found = users::table
        .inner_join(organisations::table)
        .filter(users::username.eq(username))
        .select((UserRow::as_select(), OrganisationRow::as_select()))
        .first::<(UserRow, OrganisationRow)>(conn)
        .optional()?;
    Ok(found.map(|(user, organisation)| UserWithOrg { user, organisation }))
}

/// Loads a user and their organisation by id.
pub fn find_user(conn: &mut DbConnection, id: Uuid) -> StoreResult<Option<UserWithOrg>> {
    let found = users::table
        .inner_join(organisations::table)
        .filter(users::id.eq(id.to_string()))
        .select((UserRow::as_select(), OrganisationRow::as_select()))
        .first::<(UserRow, OrganisationRow)>(conn)
        .optional()?;
    Ok(found.map(|(user, organisation)| UserWithOrg { user, organisation }))
}

/// Loads an organisation by id.
pub fn find_organisation(conn: &mut DbConnection, id: &str) -> StoreResult<OrganisationRow> {
    organisations::table
        .filter(organisations::id.eq(id))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// Returns whether any demo account exists.
pub fn demo_accounts_exist(conn: &mut DbConnection) -> StoreResult<bool> {
    let count: i64 = users::table
        .filter(users::is_demo.eq(1))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Returns whether the database contains no organisations yet.
pub fn is_empty(conn: &mut DbConnection) -> StoreResult<bool> {
    let count: i64 = organisations::table.count().get_result(conn)?;
    Ok(count == 0)
}

/// Records a failed login: increments the counter and sets the time before which logins wait.
pub fn record_failed_login(
    conn: &mut DbConnection,
    user_id: &str,
    locked_until: chrono::DateTime<Utc>,
) -> StoreResult<i32> {
    diesel::update(users::table.filter(users::id.eq(user_id)))
        .set((
            users::failed_logins.eq(users::failed_logins + 1),
            users::locked_until.eq(Some(timestamp(locked_until))),
        ))
        .execute(conn)?;
    let count = users::table
        .filter(users::id.eq(user_id))
        .select(users::failed_logins)
        .first(conn)?;
    Ok(count)
}

/// Clears the failed-login counter after a successful login.
pub fn reset_failed_logins(conn: &mut DbConnection, user_id: &str) -> StoreResult<()> {
    diesel::update(users::table.filter(users::id.eq(user_id)))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// The time before which this user's logins are refused, if any.
pub fn locked_until(user: &UserRow) -> StoreResult<Option<chrono::DateTime<Utc>>> {
    user.locked_until
        .as_deref()
        .map(parse_timestamp)
        .transpose()
}

/// Organisations whose parent is `parent`, or (with `None`) every organisation, newest first.
pub fn list_organisations(
    conn: &mut DbConnection,
    parent: Option<Uuid>,
    limit: i64,
) -> StoreResult<Vec<OrganisationRow>> {
    let mut query = organisations::table.into_boxed();
    if let Some(parent) = parent {
        query = query.filter(
            organisations::parent_id
                .eq(parent.to_string())
                .or(organisations::id.eq(parent.to_string())),
        );
    }
    Ok(query
        .order(organisations::id.desc())
        .limit(limit)
        .select(OrganisationRow::as_select())
        .load(conn)?)
}

/// Approves or rejects a pending organisation; a conflict when it is not pending.
pub fn decide_registration(
    conn: &mut DbConnection,
    id: Uuid,
    approve: bool,
    decided_by: Uuid,
    note: Option<&str>,
    now: chrono::DateTime<Utc>,
) -> StoreResult<OrganisationRow> {
    let status = if approve { "active" } else { "rejected" };
    let updated = diesel::update(
        organisations::table
            .filter(organisations::id.eq(id.to_string()))
            .filter(organisations::status.eq("pending")),
    )
    .set((
        organisations::status.eq(status),
        organisations::decided_by.eq(Some(decided_by.to_string())),
        organisations::decided_at.eq(Some(timestamp(now))),
        organisations::decision_note.eq(note),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(StoreError::Conflict(
            "this organisation is not awaiting a decision".into(),
        ));
    }
    find_organisation(conn, &id.to_string())
}

/// Users of one organisation, by user name.
pub fn users_of(conn: &mut DbConnection, organisation_id: Uuid) -> StoreResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::organisation_id.eq(organisation_id.to_string()))
        .order(users::username.asc())
        .select(UserRow::as_select())
        .load(conn)?)
}

/// Replaces a user's password hash and clears the login back-off.
pub fn set_password(
    conn: &mut DbConnection,
    user_id: Uuid,
    password_hash: &str,
) -> StoreResult<()> {
    let updated = diesel::update(users::table.filter(users::id.eq(user_id.to_string())))
        .set((
            users::password_hash.eq(password_hash),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<String>),
        ))
        .execute(conn)?;
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
