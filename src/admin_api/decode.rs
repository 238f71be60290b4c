//! Decoding of admin-API response bodies into the audit's types: the api-tokens, org-users and
//! service-accounts pages (with their `links.next`), the token count and the error body. Pure
//! functions over bytes (the fuzz targets call them directly); every failure is a message saying
//! what was wrong, never a panic.

use serde::Deserialize;

use super::error::ApiErrorDetail;
use crate::audit::{
    AccountStatus, ApiToken, OrgUser, ServiceAccount, ServiceAccountCredential, Timestamp,
    TokenOwner, TokenStatus,
};

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// `links.next`: a bare cursor or a URL; `None` (or absent/empty) on the last page.
    pub next: Option<String>,
    /// `total`, when the listing gives one (service accounts).
    pub total: Option<u64>,
}

/// What was wrong with a body.
pub type DecodeError = String;

#[derive(Deserialize, Default)]
struct WireLinks {
    next: Option<String>,
}

/// A time as the APIs send it: ISO-8601 text, or epoch milliseconds.
#[derive(Deserialize)]
#[serde(untagged)]
enum WireTime {
    Text(String),
    EpochMillis(i64),
}

fn time(value: Option<WireTime>, field: &str, id: &str) -> Result<Option<Timestamp>, DecodeError> {
    match value {
        None => Ok(None),
        Some(WireTime::EpochMillis(ms)) => Ok(Some(Timestamp(ms))),
        Some(WireTime::Text(text)) if text.is_empty() => Ok(None),
        Some(WireTime::Text(text)) => Timestamp::parse_iso8601(&text)
            .map(Some)
            .map_err(|err| format!("{id}: field {field}: {err}")),
    }
}

fn next_link(links: Option<WireLinks>) -> Option<String> {
    links
        .and_then(|l| l.next)
        .filter(|next| !next.trim().is_empty())
}

fn json<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(body).map_err(|err| {
        if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_string()
        } else {
            format!("not the expected JSON: {err}")
        }
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireToken {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    created_at: Option<WireTime>,
    #[serde(default)]
    expires_at: Option<WireTime>,
    #[serde(default)]
    last_active_at: Option<WireTime>,
    #[serde(default)]
    user: Option<WireTokenUser>,
    #[serde(default)]
    scopes: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
struct WireTokenUser {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
struct WireDataPage<T> {
    data: Vec<T>,
    #[serde(default)]
    links: Option<WireLinks>,
}

/// Decodes a page of `GET /admin/api-access/v1/orgs/{orgId}/api-tokens`.
pub fn decode_token_page(body: &[u8]) -> Result<Page<ApiToken>, DecodeError> {
    let page: WireDataPage<WireToken> = json(body)?;
    let mut items = Vec::with_capacity(page.data.len());
    for token in page.data {
        let user = token.user.unwrap_or_default();
        let context = format!("token {:?}", token.id);
        items.push(ApiToken {
            created_at: time(token.created_at, "createdAt", &context)?,
            expires_at: time(token.expires_at, "expiresAt", &context)?,
            last_active_at: time(token.last_active_at, "lastActiveAt", &context)?,
            label: token.label.unwrap_or_default(),
            status: TokenStatus::from_api(token.status.as_deref().unwrap_or("ALLOWED")),
            owner: TokenOwner {
                account_id: user.id.unwrap_or_default(),
                name: user.name.unwrap_or_default(),
                email: user.email.unwrap_or_default(),
            },
            scopes: token.scopes.unwrap_or_default(),
            id: token.id,
        });
    }
    Ok(Page {
        items,
        next: next_link(page.links),
        total: None,
    })
}

#[derive(Deserialize)]
struct WireUser {
    account_id: String,
    #[serde(default)]
    account_type: Option<String>,
    #[serde(default)]
    account_status: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    last_active: Option<WireTime>,
}

/// One directory of the org (`GET /admin/v2/orgs/{orgId}/directories`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireDirectory {
    #[serde(default, alias = "id")]
    directory_id: Option<String>,
}

/// Decodes a page of `GET /admin/v2/orgs/{orgId}/directories`: the directory ids.
pub fn decode_directory_page(body: &[u8]) -> Result<Page<String>, DecodeError> {
    let page: WireDataPage<WireDirectory> = json(body)?;
    let items = page
        .data
        .into_iter()
        .map(|d| {
            d.directory_id
                .filter(|id| !id.is_empty())
                .ok_or_else(|| "a directory has no directoryId".to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        next: next_link(page.links),
        total: None,
    })
}

/// A user as one directory sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUser {
    pub user: OrgUser,
    /// `membershipStatus` is not `no_membership`: the person is (still) in this directory.
    pub member: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireDirectoryUser {
    account_id: String,
    #[serde(default)]
    account_type: Option<String>,
    #[serde(default)]
    account_status: Option<String>,
    #[serde(default)]
    membership_status: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// The audit's reading of the v2 fields (reference A4: `accountStatus` active | inactive |
/// closed; `membershipStatus` active | suspended | no_membership; `status` active | suspended |
/// not_invited | deactivated | for_deletion): a closed or to-be-deleted account is closed, an
/// inactive or deactivated one deactivated, a suspended membership suspended.
fn v2_status(account: &str, membership: &str, status: &str) -> AccountStatus {
    let (account, membership, status) = (
        account.to_ascii_lowercase(),
        membership.to_ascii_lowercase(),
        status.to_ascii_lowercase(),
    );
    if account == "closed" || status == "for_deletion" {
        AccountStatus::Closed
    } else if account == "inactive" || account == "deactivated" || status == "deactivated" {
        AccountStatus::Deactivated
    } else if membership == "suspended" || status == "suspended" {
        AccountStatus::Suspended
    } else if account.is_empty() || account == "active" {
        AccountStatus::Active
    } else {
        AccountStatus::Other(account)
    }
}

/// Decodes a page of `GET /admin/v2/orgs/{orgId}/directories/{directoryId}/users`.
pub fn decode_directory_user_page(body: &[u8]) -> Result<Page<DirectoryUser>, DecodeError> {
    let page: WireDataPage<WireDirectoryUser> = json(body)?;
    let items = page
        .data
        .into_iter()
        .map(|wire| {
            let membership = wire.membership_status.unwrap_or_default();
            DirectoryUser {
                member: !membership.eq_ignore_ascii_case("no_membership"),
                user: OrgUser {
                    account_status: v2_status(
                        wire.account_status.as_deref().unwrap_or(""),
                        &membership,
                        wire.status.as_deref().unwrap_or(""),
                    ),
                    account_type: wire.account_type.unwrap_or_default(),
                    name: wire.name.unwrap_or_default(),
                    email: wire.email.unwrap_or_default(),
                    account_id: wire.account_id,
                    last_active: None,
                },
            }
        })
        .collect();
    Ok(Page {
        items,
        next: next_link(page.links),
        total: None,
    })
}

/// Decodes a page of `GET /admin/v1/orgs/{orgId}/users`.
pub fn decode_user_page(body: &[u8]) -> Result<Page<OrgUser>, DecodeError> {
    let page: WireDataPage<WireUser> = json(body)?;
    let mut items = Vec::with_capacity(page.data.len());
    for user in page.data {
        let context = format!("user {:?}", user.account_id);
        items.push(OrgUser {
            last_active: time(user.last_active, "last_active", &context)?,
            account_type: user.account_type.unwrap_or_default(),
            account_status: AccountStatus::from_api(user.account_status.as_deref().unwrap_or("")),
            name: user.name.unwrap_or_default(),
            email: user.email.unwrap_or_default(),
            account_id: user.account_id,
        });
    }
    Ok(Page {
        items,
        next: next_link(page.links),
        total: None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireServiceAccount {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    atlassian_id: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
struct WireServiceAccountPage {
    items: Vec<WireServiceAccount>,
    #[serde(default)]
    links: Option<WireLinks>,
    #[serde(default)]
    total: Option<u64>,
}

impl WireServiceAccount {
    fn into_service_account(self) -> Result<ServiceAccount, DecodeError> {
        let id = self
            .id
            .or(self.atlassian_id)
            .ok_or_else(|| "a service account has neither id nor atlassianId".to_string())?;
        Ok(ServiceAccount {
            id,
            display_name: self.display_name.unwrap_or_default(),
            email: self.email.unwrap_or_default(),
            status: self.status.unwrap_or_default(),
            description: self.description.unwrap_or_default(),
        })
    }
}

/// Decodes a page of `GET /admin/api-access/v1/orgs/{orgId}/service-accounts` (experimental).
pub fn decode_service_account_page(body: &[u8]) -> Result<Page<ServiceAccount>, DecodeError> {
    let page: WireServiceAccountPage = json(body)?;
    let items = page
        .items
        .into_iter()
        .map(WireServiceAccount::into_service_account)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        next: next_link(page.links),
        total: page.total,
    })
}

#[derive(Deserialize, Default)]
struct WireIdOnly {
    #[serde(default)]
    id: Option<String>,
}

/// A service account's API token: field names as in the api-tokens listing where they exist;
/// the alternatives cover what the unconfirmed response may use instead.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireServiceAccountToken {
    #[serde(default, alias = "tokenId")]
    id: Option<String>,
    #[serde(default, alias = "name", alias = "tokenLabel")]
    label: Option<String>,
    #[serde(default, alias = "accountId", alias = "atlassianId")]
    service_account_id: Option<String>,
    #[serde(default, alias = "user")]
    service_account: Option<WireIdOnly>,
    #[serde(default)]
    created_at: Option<WireTime>,
    #[serde(default, alias = "expiry", alias = "expirationDate")]
    expires_at: Option<WireTime>,
    #[serde(default, alias = "lastAccess")]
    last_active_at: Option<WireTime>,
}

#[derive(Deserialize)]
struct WireServiceAccountTokenPage {
    #[serde(default, alias = "items")]
    data: Vec<WireServiceAccountToken>,
    #[serde(default)]
    links: Option<WireLinks>,
    #[serde(default)]
    total: Option<u64>,
}

/// Decodes a page of `GET …/service-accounts/api-tokens` (response shape unconfirmed: `data[]`
/// or `items[]`, common field names).
pub fn decode_service_account_token_page(
    body: &[u8],
) -> Result<Page<ServiceAccountCredential>, DecodeError> {
    let page: WireServiceAccountTokenPage = json(body)?;
    let mut items = Vec::with_capacity(page.data.len());
    for wire in page.data {
        let id = wire
            .id
            .ok_or_else(|| "a service-account token has no id".to_string())?;
        let service_account_id = wire
            .service_account_id
            .or(wire.service_account.and_then(|a| a.id))
            .unwrap_or_default();
        items.push(ServiceAccountCredential {
            label: wire.label.unwrap_or_default(),
            service_account_id,
            created_at: time(wire.created_at, "createdAt", &id)?,
            expires_at: time(wire.expires_at, "expiresAt", &id)?,
            last_active_at: time(wire.last_active_at, "lastActiveAt", &id)?,
            id,
        });
    }
    Ok(Page {
        items,
        next: next_link(page.links),
        total: page.total,
    })
}

/// Decodes the answer of a service-account creation (experimental: shape unconfirmed, so any
/// object with an id is accepted).
pub fn decode_created_service_account(body: &[u8]) -> Result<ServiceAccount, DecodeError> {
    let account: WireServiceAccount = json(body)?;
    account.into_service_account()
}

/// Decodes `GET …/api-tokens/count`: a bare integer, or an object with `count`/`total`.
pub fn decode_count(body: &[u8]) -> Result<u64, DecodeError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum WireCount {
        Bare(u64),
        Object {
            #[serde(alias = "total")]
            count: u64,
        },
    }
    match json(body)? {
        WireCount::Bare(n) | WireCount::Object { count: n } => Ok(n),
    }
}

/// The first entry of an `{errors:[{id,code,status,title,detail}]}` body; `None` if the body is
/// not one.
pub fn decode_error_body(body: &[u8]) -> Option<ApiErrorDetail> {
    #[derive(Deserialize)]
    struct WireErrors {
        errors: Vec<WireError>,
    }
    #[derive(Deserialize)]
    struct WireError {
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        detail: Option<String>,
    }
    let errors: WireErrors = serde_json::from_slice(body).ok()?;
    let first = errors.errors.into_iter().next()?;
    Some(ApiErrorDetail {
        code: first.code,
        title: first.title,
        detail: first.detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_v2_directory_users_and_service_account_tokens() {
        let page = decode_directory_user_page(
            br#"{"data":[
              {"accountId":"a","accountStatus":"active","membershipStatus":"active"},
              {"accountId":"b","accountStatus":"active","membershipStatus":"suspended"},
              {"accountId":"c","accountStatus":"inactive"},
              {"accountId":"d","accountStatus":"active","status":"for_deletion"},
              {"accountId":"e","accountStatus":"active","membershipStatus":"no_membership"}],
              "links":{"next":"n1"}}"#,
        )
        .unwrap();
        let statuses: Vec<(AccountStatus, bool)> = page
            .items
            .iter()
            .map(|u| (u.user.account_status.clone(), u.member))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (AccountStatus::Active, true),
                (AccountStatus::Suspended, true),
                (AccountStatus::Deactivated, true),
                (AccountStatus::Closed, true),
                (AccountStatus::Active, false),
            ]
        );
        assert_eq!(page.next.as_deref(), Some("n1"));
        let dirs = decode_directory_page(br#"{"data":[{"directoryId":"d1"},{"id":"d2"}]}"#);
        assert_eq!(dirs.unwrap().items, vec!["d1", "d2"]);
        assert!(decode_directory_page(br#"{"data":[{"name":"x"}]}"#).is_err());

        // Either list key and the common alternatives of the unconfirmed shape.
        for body in [
            &br#"{"data":[{"id":"t","label":"l","serviceAccountId":"s","expiresAt":"2027-01-01T00:00:00Z"}]}"#[..],
            &br#"{"items":[{"tokenId":"t","name":"l","serviceAccount":{"id":"s"},"expiry":"2027-01-01"}]}"#[..],
        ] {
            let page = decode_service_account_token_page(body).unwrap();
            let token = &page.items[0];
            assert_eq!((token.id.as_str(), token.label.as_str()), ("t", "l"));
            assert_eq!(token.service_account_id, "s");
            assert_eq!(
                token.expires_at.map(|t| t.date()).as_deref(),
                Some("2027-01-01")
            );
        }
        assert!(decode_service_account_token_page(br#"{"data":[{"label":"no id"}]}"#).is_err());
    }

    #[test]
    fn decodes_the_reference_shapes() {
        let body = br#"{"data":[{"id":"t1","label":"CI","status":"ALLOWED","createdAt":"2025-01-01T00:00:00Z",
            "expiresAt":null,"lastActiveAt":"2025-02-01T00:00:00.000Z",
            "user":{"id":"u1","orgId":"o","name":"Ann","email":"ann@x"},"scopes":["read:jira-work"]}],
            "links":{"self":"s","next":"abc"}}"#;
        let page = decode_token_page(body).unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.next.as_deref(), Some("abc"));
        assert_eq!(page.items[0].owner.email, "ann@x");
        assert_eq!(page.items[0].expires_at, None);

        let users = decode_user_page(
            br#"{"data":[{"account_id":"u1","account_type":"atlassian","account_status":"inactive","name":"Ann","email":"a@x","last_active":"2025-01-01"}],"links":{}}"#,
        )
        .unwrap();
        assert_eq!(users.items[0].account_status, AccountStatus::Deactivated);
        assert_eq!(users.next, None);

        let accounts = decode_service_account_page(
            br#"{"links":{"next":null,"prev":null},"items":[{"atlassianId":"a","id":"s1","email":"bot@serviceaccount.atlassian.com","displayName":"bot","updatedAt":1700000000000,"status":"active"}],"total":1}"#,
        )
        .unwrap();
        assert_eq!(accounts.total, Some(1));
        assert_eq!(decode_count(b"42"), Ok(42));
        assert_eq!(decode_count(br#"{"count":7}"#), Ok(7));
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(decode_token_page(b"").unwrap_err(), "the body is empty");
        assert!(decode_token_page(b"<html>")
            .unwrap_err()
            .contains("not the expected JSON"));
        assert!(decode_token_page(br#"{"data":[{"label":"x"}]}"#)
            .unwrap_err()
            .contains("missing field `id`"));
        let bad_time =
            decode_token_page(br#"{"data":[{"id":"t9","createdAt":"soon"}]}"#).unwrap_err();
        assert!(
            bad_time.contains("t9") && bad_time.contains("createdAt"),
            "{bad_time}"
        );
        let err = decode_error_body(
            br#"{"errors":[{"id":"1","code":"ADMIN-400-4","status":"400","title":"t"}]}"#,
        )
        .unwrap();
        assert_eq!(err.code.as_deref(), Some("ADMIN-400-4"));
        assert_eq!(decode_error_body(b"nope"), None);
    }
}
