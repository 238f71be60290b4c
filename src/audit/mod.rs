//! The organization audit (issue 6): turns the listings of an org's user API tokens, users and
//! service accounts into findings (each with a severity and a recommended action) and a migration
//! plan (one suggested service account per integration that runs on a personal token).
//!
//! Pure: no clock, no network. The caller passes the listings, "now" and the options; the admin-API
//! client (`crate::admin_api`, native only) fetches the listings and `report` renders the result.

pub mod html;
pub mod naming;
pub mod report;
#[cfg(not(target_arch = "wasm32"))]
pub mod spool;
pub mod time;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::atlassian::limits::Plan;
pub use time::Timestamp;

/// Whether Atlassian lets a user API token authenticate (`status` in the api-tokens listing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    /// `ALLOWED`: the token works.
    Allowed,
    /// `BLOCKED`: the org's policy blocks it.
    Blocked,
    /// A value this version does not know; treated as working (the cautious reading for an audit).
    Other(String),
}

impl TokenStatus {
    /// Reads the API's value (case-insensitive).
    pub fn from_api(value: &str) -> TokenStatus {
        match value.to_ascii_uppercase().as_str() {
            "ALLOWED" | "ACTIVE" => TokenStatus::Allowed,
            "BLOCKED" => TokenStatus::Blocked,
            _ => TokenStatus::Other(value.to_string()),
        }
    }
}

/// The person a user API token belongs to (`user` in the api-tokens listing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenOwner {
    pub account_id: String,
    pub name: String,
    pub email: String,
}

/// One user API token of the org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub label: String,
    pub status: TokenStatus,
    pub created_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    pub last_active_at: Option<Timestamp>,
    pub owner: TokenOwner,
    /// Empty for a classic (unscoped) token.
    pub scopes: Vec<String>,
}

/// A managed account's status (`account_status` in the org-users listing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    /// `inactive` / `deactivated` / `disabled`.
    Deactivated,
    Suspended,
    /// `closed` / `deleted`.
    Closed,
    Other(String),
}

impl AccountStatus {
    /// Reads the API's value (case-insensitive).
    pub fn from_api(value: &str) -> AccountStatus {
        match value.to_ascii_lowercase().as_str() {
            "active" => AccountStatus::Active,
            "inactive" | "deactivated" | "disabled" => AccountStatus::Deactivated,
            "suspended" => AccountStatus::Suspended,
            "closed" | "deleted" | "removed" => AccountStatus::Closed,
            _ => AccountStatus::Other(value.to_string()),
        }
    }
}

/// One managed account of the org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUser {
    pub account_id: String,
    pub account_type: String,
    pub account_status: AccountStatus,
    pub name: String,
    pub email: String,
    pub last_active: Option<Timestamp>,
}

/// One service account of the org (experimental API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAccount {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub status: String,
    /// Free text; Token Warden writes owner and purpose here (`crate::handoff::describe`).
    #[serde(default)]
    pub description: String,
}

/// One API token of a service account (`GET …/service-accounts/api-tokens`; the listing exists,
/// its response shape is unconfirmed: see `crate::admin_api::SERVICE_ACCOUNT_TOKENS_PATH`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAccountCredential {
    pub id: String,
    pub label: String,
    /// The service account's id (`id` or `atlassianId` in the service-account listing).
    pub service_account_id: String,
    pub created_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    pub last_active_at: Option<Timestamp>,
}

/// Everything the audit reads. `None` means "not fetched"; the reason is in `notes`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Listings {
    pub tokens: Vec<ApiToken>,
    /// The org's managed accounts; `None` when skipped or unavailable (then no token can be called
    /// orphaned, and a note says so).
    pub users: Option<Vec<OrgUser>>,
    /// The service accounts; `None` when the experimental endpoint could not be read.
    pub service_accounts: Option<Vec<ServiceAccount>>,
    /// `total` from the service-account listing, when it gave one.
    pub service_account_total: Option<u64>,
    /// The service accounts' API tokens; `None` when they could not be read (a note says why).
    #[serde(default)]
    pub service_account_credentials: Option<Vec<ServiceAccountCredential>>,
    /// What could not be read and why (shown with the report).
    pub notes: Vec<String>,
    /// What a listing failed to deliver: non-empty means the audit is partial (exit 3), and each
    /// entry names the listing, how far it got and why it stopped.
    #[serde(default)]
    pub missing: Vec<String>,
}

/// The audit's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AuditOptions {
    /// A personal token used within this many days is an integration suspect.
    pub active_days: u32,
    /// A token unused for this many days should be revoked.
    pub stale_days: u32,
    /// A token in use that expires within this many days needs rotation (or migration).
    pub expiry_warning_days: u32,
    /// The org's plan, for the service-account limit.
    pub plan: Plan,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            active_days: 30,
            stale_days: 90,
            expiry_warning_days: 30,
            plan: Plan::Free,
        }
    }
}

/// How urgent a finding is. Ordered: `Info < Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A token whose owner is suspended in the directory or no longer in the org (removed, or
    /// unsynced by SCIM): it may still work (Atlassian KB "Status of API tokens/keys when a user …
    /// has left"). Urgent.
    LiveOrphan,
    /// A token whose owner's account is deactivated or closed: it stops working (AX-684,
    /// ACCESS-1816), but is not revoked. Clean up.
    DormantOrphan,
    /// A classic (unscoped) token in active use.
    UnscopedInUse,
    /// A token in use that expires soon.
    ExpiringInUse,
    /// A personal token in active use: probably an integration.
    IntegrationSuspect,
    /// A token unused for a long time.
    StaleToken,
    /// Service accounts against the plan's limit.
    ServiceAccountQuota,
    /// A service account whose description records no owner and purpose.
    ServiceAccountNoOwner,
    /// A service account's API token that expires within the warning window (or has expired):
    /// nothing renews it, it must be re-created by hand.
    ServiceAccountCredentialExpiring,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::LiveOrphan => "live-orphan",
            FindingKind::DormantOrphan => "dormant-orphan",
            FindingKind::UnscopedInUse => "unscoped-in-use",
            FindingKind::ExpiringInUse => "expiring-in-use",
            FindingKind::IntegrationSuspect => "integration-suspect",
            FindingKind::StaleToken => "stale-token",
            FindingKind::ServiceAccountQuota => "service-account-quota",
            FindingKind::ServiceAccountNoOwner => "service-account-no-owner",
            FindingKind::ServiceAccountCredentialExpiring => "service-account-credential-expiring",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The token a finding is about (a copy of what a reader needs to act on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRef {
    pub id: String,
    pub label: String,
    pub owner_account_id: String,
    pub owner_name: String,
    pub owner_email: String,
    pub last_active_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    /// `classic` (no scopes: it can do anything its owner can) or `scoped`; the admin UI shows
    /// neither this nor the products.
    pub token_type: &'static str,
    /// The products the token's scopes reach (empty for a classic token: all of them).
    pub products: Vec<&'static str>,
}

/// The products a token's scopes reach, from the scope names (`read:jira-work`,
/// `read:confluence-content.all`, `read:repository:bitbucket`, `read:servicedesk-request`, …).
pub fn products_of(scopes: &[String]) -> Vec<&'static str> {
    let mut products = Vec::new();
    for scope in scopes {
        let scope = scope.to_ascii_lowercase();
        let product = if scope.contains("servicedesk") || scope.contains("jsm") {
            "jira-service-management"
        } else if scope.contains("jira") {
            "jira"
        } else if scope.contains("confluence") {
            "confluence"
        } else if scope.contains("bitbucket") {
            "bitbucket"
        } else if scope.contains("compass") {
            "compass"
        } else if scope.contains("opsgenie") {
            "opsgenie"
        } else {
            "other"
        };
        if !products.contains(&product) {
            products.push(product);
        }
    }
    products.sort_unstable();
    products
}

impl TokenRef {
    fn of(token: &ApiToken) -> TokenRef {
        TokenRef {
            token_type: if token.scopes.is_empty() {
                "classic"
            } else {
                "scoped"
            },
            products: products_of(&token.scopes),
            id: token.id.clone(),
            label: token.label.clone(),
            owner_account_id: token.owner.account_id.clone(),
            owner_name: token.owner.name.clone(),
            owner_email: token.owner.email.clone(),
            last_active_at: token.last_active_at,
            expires_at: token.expires_at,
        }
    }
}

/// One finding: what is wrong, how urgent, what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
    /// The token concerned; `None` for org-wide findings (the service-account quota).
    pub token: Option<TokenRef>,
    pub detail: String,
    pub action: String,
}

/// Where a migration step's scopes come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum ScopeSource {
    /// The personal token's own scopes.
    Token,
    /// A use-case template suggested from the token's label (scopes solved by `crate::scopes`).
    Template { id: String },
    /// Nothing to go on: the admin picks a template (`token-warden scopes templates`).
    ChooseTemplate,
}

/// One integration to move from a personal token to a service account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationStep {
    pub token: TokenRef,
    /// A suggested service-account name, from the token's label (unique within the plan).
    pub service_account_name: String,
    /// A suggested description recording where the integration came from.
    pub description: String,
    pub scopes: Vec<String>,
    pub scope_source: ScopeSource,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub tokens: usize,
    /// Tokens that can still authenticate (allowed and not expired).
    pub working_tokens: usize,
    pub blocked_tokens: usize,
    pub expired_tokens: usize,
    pub users: Option<usize>,
    pub service_accounts: Option<u64>,
    pub service_account_limit: u32,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub migrations: usize,
    /// Tokens by age (since `createdAt`): the HTML report's chart, counted as tokens are judged.
    pub token_age: Vec<Bucket>,
    /// Tokens by last use (`lastActiveAt`).
    pub last_use: Vec<Bucket>,
    /// Findings by kind.
    pub findings_by_kind: Vec<Bucket>,
}

/// One bar of a distribution in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub label: &'static str,
    pub count: u64,
}

/// Age buckets: upper bounds in days (exclusive), and the labels (the last two: older, unknown).
const AGE_BOUNDS: [i64; 4] = [30, 90, 180, 365];
const AGE_LABELS: [&str; 6] = [
    "under 30 days",
    "30-89 days",
    "90-179 days",
    "180-364 days",
    "1 year or more",
    "unknown",
];
/// Last-use buckets: upper bounds in days (inclusive).
const USE_BOUNDS: [i64; 4] = [7, 30, 90, 365];
const USE_LABELS: [&str; 6] = [
    "within 7 days",
    "8-30 days ago",
    "31-90 days ago",
    "91-365 days ago",
    "over a year ago",
    "never",
];
const KINDS: [FindingKind; 9] = [
    FindingKind::LiveOrphan,
    FindingKind::DormantOrphan,
    FindingKind::UnscopedInUse,
    FindingKind::ExpiringInUse,
    FindingKind::IntegrationSuspect,
    FindingKind::StaleToken,
    FindingKind::ServiceAccountQuota,
    FindingKind::ServiceAccountNoOwner,
    FindingKind::ServiceAccountCredentialExpiring,
];

fn zeroed(labels: &[&'static str]) -> Vec<Bucket> {
    labels
        .iter()
        .map(|&label| Bucket { label, count: 0 })
        .collect()
}

/// The bucket of `days` (`None`: the last bucket) given upper bounds, inclusive or not.
fn bucket_of(days: Option<i64>, bounds: &[i64; 4], inclusive: bool) -> usize {
    match days {
        None => bounds.len() + 1,
        Some(days) => bounds
            .iter()
            .position(|&bound| {
                if inclusive {
                    days <= bound
                } else {
                    days < bound
                }
            })
            .unwrap_or(bounds.len()),
    }
}

impl Summary {
    /// The number of findings at or above `severity`.
    pub fn at_or_above(&self, severity: Severity) -> usize {
        let mut count = self.high;
        if severity <= Severity::Medium {
            count += self.medium;
        }
        if severity <= Severity::Low {
            count += self.low;
        }
        if severity <= Severity::Info {
            count += self.info;
        }
        count
    }
}

/// The audit's result.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    pub generated_at: Timestamp,
    pub options: AuditOptions,
    pub summary: Summary,
    /// Most severe first.
    pub findings: Vec<Finding>,
    pub migration_plan: Vec<MigrationStep>,
    pub notes: Vec<String>,
    /// What could not be read: when non-empty, the audit is partial and says so.
    pub missing: Vec<String>,
}

impl AuditReport {
    /// Whether something could not be read (then no "clean" result may be claimed).
    pub fn is_partial(&self) -> bool {
        !self.missing.is_empty()
    }
}

/// Where a token's owner stands, as far as the listings tell.
enum OwnerStanding<'a> {
    Active,
    /// The person is gone but the token may still work.
    Live(&'a str),
    /// The account is deactivated or closed: the token stops working.
    Dormant(&'a str),
    Unknown,
}

/// Where a token's owner stands, by account id: what the audit keeps of the users listing.
type Directory = HashMap<String, AccountStatus>;

/// Judges tokens one at a time (the streaming audit keeps only this, the counters and the user
/// map in memory): findings and migration steps go to the caller as they are found.
pub struct Auditor {
    users: Option<Directory>,
    now: Timestamp,
    options: AuditOptions,
    recent_cutoff: Timestamp,
    stale_cutoff: Timestamp,
    expiry_horizon: Timestamp,
    summary: Summary,
    planner: naming::MigrationPlanner,
}

impl Auditor {
    /// An auditor for an org whose users are `users` (`None`: not read).
    pub fn new(users: Option<&[OrgUser]>, now: Timestamp, options: &AuditOptions) -> Auditor {
        Auditor {
            users: users.map(|users| {
                users
                    .iter()
                    .map(|u| (u.account_id.clone(), u.account_status.clone()))
                    .collect()
            }),
            now,
            options: *options,
            recent_cutoff: now.plus_days(-i64::from(options.active_days)),
            stale_cutoff: now.plus_days(-i64::from(options.stale_days)),
            expiry_horizon: now.plus_days(i64::from(options.expiry_warning_days)),
            summary: Summary {
                users: users.map(<[OrgUser]>::len),
                service_account_limit: options.plan.service_account_limit(),
                token_age: zeroed(&AGE_LABELS),
                last_use: zeroed(&USE_LABELS),
                findings_by_kind: KINDS
                    .iter()
                    .map(|kind| Bucket {
                        label: kind.as_str(),
                        count: 0,
                    })
                    .collect(),
                ..Summary::default()
            },
            planner: naming::MigrationPlanner::new(),
        }
    }

    /// The counters so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    fn emit(&mut self, emit: &mut dyn FnMut(Finding), finding: Finding) {
        match finding.severity {
            Severity::High => self.summary.high += 1,
            Severity::Medium => self.summary.medium += 1,
            Severity::Low => self.summary.low += 1,
            Severity::Info => self.summary.info += 1,
        }
        if let Some(bucket) = KINDS.iter().position(|&kind| kind == finding.kind) {
            if let Some(bucket) = self.summary.findings_by_kind.get_mut(bucket) {
                bucket.count += 1;
            }
        }
        emit(finding);
    }

    /// Judges one token: its findings go to `emit`, its migration step (if it should move to a
    /// service account) to `plan`.
    pub fn judge(
        &mut self,
        token: &ApiToken,
        emit: &mut dyn FnMut(Finding),
        plan: &mut dyn FnMut(MigrationStep),
    ) {
        self.summary.tokens += 1;
        let age = bucket_of(
            token.created_at.map(|created| created.days_until(self.now)),
            &AGE_BOUNDS,
            false,
        );
        let used = bucket_of(
            token.last_active_at.map(|used| used.days_until(self.now)),
            &USE_BOUNDS,
            true,
        );
        for (buckets, index) in [
            (&mut self.summary.token_age, age),
            (&mut self.summary.last_use, used),
        ] {
            if let Some(bucket) = buckets.get_mut(index) {
                bucket.count += 1;
            }
        }
        if token.status == TokenStatus::Blocked {
            self.summary.blocked_tokens += 1;
            return;
        }
        if token.expires_at.is_some_and(|expiry| expiry <= self.now) {
            self.summary.expired_tokens += 1;
            return;
        }
        self.summary.working_tokens += 1;
        let in_use = token
            .last_active_at
            .is_some_and(|used| used >= self.recent_cutoff);
        let last_used = describe_last_use(token.last_active_at, self.now);

        let standing = match &self.users {
            None => OwnerStanding::Unknown,
            Some(users) => match users.get(token.owner.account_id.as_str()) {
                None => OwnerStanding::Live("no longer in the org (removed, or unsynced by SCIM)"),
                Some(status) => match status {
                    AccountStatus::Active | AccountStatus::Other(_) => OwnerStanding::Active,
                    AccountStatus::Deactivated => OwnerStanding::Dormant("deactivated"),
                    AccountStatus::Suspended => OwnerStanding::Live("suspended"),
                    AccountStatus::Closed => OwnerStanding::Dormant("closed"),
                },
            },
        };

        if let OwnerStanding::Live(why) = standing {
            let action = if in_use {
                plan(self.planner.step(token));
                "Revoke now: it may still work. It is in use: create its service account first \
                 (see the migration plan), then revoke."
            } else {
                "Revoke now: it may still work."
            };
            self.emit(
                emit,
                Finding {
                    severity: Severity::High,
                    kind: FindingKind::LiveOrphan,
                    token: Some(TokenRef::of(token)),
                    detail: format!(
                        "Owner is {why}; Atlassian's KB says such tokens remain usable while the \
                     account keeps product access; {last_used}."
                    ),
                    action: action.to_string(),
                },
            );
            return;
        }
        if let OwnerStanding::Dormant(why) = standing {
            self.emit(
                emit,
                Finding {
                    severity: Severity::Medium,
                    kind: FindingKind::DormantOrphan,
                    token: Some(TokenRef::of(token)),
                    detail: format!(
                        "Owner's account is {why}: the token should fail with 401 (AX-684; not \
                     confirmed for every case), but it is not revoked; {last_used}."
                    ),
                    action:
                        "Revoke (clean-up). If an integration broke when the owner left, move it \
                         to a service account."
                            .to_string(),
                },
            );
            return;
        }

        if in_use {
            plan(self.planner.step(token));
            self.emit(
                emit,
                Finding {
                    severity: Severity::Low,
                    kind: FindingKind::IntegrationSuspect,
                    token: Some(TokenRef::of(token)),
                    detail: format!("Personal token {last_used}: probably an integration."),
                    action: "Migrate to a service account (see the migration plan), then revoke."
                        .to_string(),
                },
            );
            if token.scopes.is_empty() {
                self.emit(
                    emit,
                    Finding {
                        severity: Severity::Medium,
                        kind: FindingKind::UnscopedInUse,
                        token: Some(TokenRef::of(token)),
                        detail: "Classic token without scopes: it can do anything its owner can."
                            .to_string(),
                        action:
                            "Re-create it with scopes (on a service account), then revoke this one."
                                .to_string(),
                    },
                );
            }
            if let Some(expiry) = token.expires_at.filter(|&e| e <= self.expiry_horizon) {
                let days = self.now.days_until(expiry);
                self.emit(
                    emit,
                    Finding {
                        severity: expiry_severity(days),
                        kind: FindingKind::ExpiringInUse,
                        token: Some(TokenRef::of(token)),
                        detail: format!(
                            "In use and expires {} (in {} days).",
                            expiry.date(),
                            self.now.days_until(expiry)
                        ),
                        action:
                            "Rotation is coming: move the integration to a service account now \
                             rather than re-creating a personal token."
                                .to_string(),
                    },
                );
            }
            return;
        }

        let stale = match token.last_active_at {
            Some(used) => used < self.stale_cutoff,
            None => token
                .created_at
                .is_some_and(|created| created < self.stale_cutoff),
        };
        if stale {
            self.emit(
                emit,
                Finding {
                    severity: Severity::Low,
                    kind: FindingKind::StaleToken,
                    token: Some(TokenRef::of(token)),
                    detail: format!(
                        "Not used for {}+ days: {last_used}.",
                        self.options.stale_days
                    ),
                    action: "Revoke.".to_string(),
                },
            );
        }
    }

    /// Judges the service accounts (their descriptions).
    pub fn service_accounts(&mut self, accounts: &[ServiceAccount], emit: &mut dyn FnMut(Finding)) {
        for account in accounts {
            {
                if crate::handoff::parse_description(&account.description).is_none() {
                    self.emit(
                        emit,
                        Finding {
                            severity: Severity::Low,
                            kind: FindingKind::ServiceAccountNoOwner,
                            token: None,
                            detail: format!(
                        "Service account {} ({}) records no owner and purpose: Atlassian keeps \
                         no owner for service accounts.",
                        account.display_name, account.id
                    ),
                            action: format!(
                                "Edit its description to \"{}\" (the format Token Warden writes).",
                                crate::handoff::describe("<owner>", "<purpose>", "<YYYY-MM-DD>")
                            ),
                        },
                    );
                }
            }
        }
    }

    /// Judges the service accounts' API tokens: those expiring within the warning window (30
    /// days by default; 7 days is medium, 1 day high) or already expired. `accounts` names them.
    pub fn service_account_credentials(
        &mut self,
        credentials: &[ServiceAccountCredential],
        accounts: &[ServiceAccount],
        emit: &mut dyn FnMut(Finding),
    ) {
        for credential in credentials {
            let Some(expiry) = credential.expires_at else {
                continue;
            };
            if expiry > self.expiry_horizon {
                continue;
            }
            let account = accounts
                .iter()
                .find(|a| a.id == credential.service_account_id);
            let account_name = account.map_or(credential.service_account_id.as_str(), |a| {
                a.display_name.as_str()
            });
            let days = self.now.days_until(expiry);
            let (severity, when, action) = if expiry <= self.now {
                (
                    Severity::Medium,
                    format!("expired on {} ({} days ago)", expiry.date(), -days),
                    "Its integration has stopped unless it moved to another credential: create a                      new API token for the service account (admin.atlassian.com → Directory →                      Service accounts), update the integration, then delete the expired one.",
                )
            } else {
                (
                    expiry_severity(days),
                    format!("expires {} (in {days} days)", expiry.date()),
                    "Nothing renews it: create a new API token for the service account before                      then (admin.atlassian.com → Directory → Service accounts), switch the                      integration over, then revoke this one.",
                )
            };
            self.emit(
                emit,
                Finding {
                    severity,
                    kind: FindingKind::ServiceAccountCredentialExpiring,
                    token: Some(TokenRef {
                        id: credential.id.clone(),
                        label: credential.label.clone(),
                        owner_account_id: credential.service_account_id.clone(),
                        owner_name: account_name.to_string(),
                        owner_email: account.map(|a| a.email.clone()).unwrap_or_default(),
                        last_active_at: credential.last_active_at,
                        expires_at: credential.expires_at,
                        token_type: "service-account",
                        products: Vec::new(),
                    }),
                    detail: format!(
                        "API token \"{}\" of service account {account_name} {when}.",
                        credential.label
                    ),
                    action: action.to_string(),
                },
            );
        }
    }

    /// The org-wide findings (the service-account quota) to `emit`, and the summary and notes.
    pub fn finish(
        mut self,
        listings: &Listings,
        emit: &mut dyn FnMut(Finding),
    ) -> (Summary, Vec<String>) {
        self.summary.migrations = self.planner.planned();
        let mut notes = listings.notes.clone();
        notes.push(COVERAGE_NOTE.to_string());
        if listings.users.is_none() && self.users.is_none() {
            notes.push(
                "Account statuses were not read: tokens of deactivated, suspended or removed users \
                 cannot be flagged."
                    .to_string(),
            );
        }
        let service_account_count = listings.service_accounts.as_ref().map(|accounts| {
            listings
                .service_account_total
                .unwrap_or(0)
                .max(accounts.len() as u64)
        });
        self.summary.service_accounts = service_account_count;
        let quota = quota_finding(
            service_account_count,
            self.summary.migrations,
            self.options.plan,
        );
        self.emit(emit, quota);
        (self.summary, notes)
    }
}

/// What the api-tokens listing cannot show.
const COVERAGE_NOTE: &str = "Coverage: Atlassian's api-tokens listing shows the tokens of managed \
     accounts only. Tokens of external (unmanaged) users are invisible to this API (ACCESS-1772); \
     to limit them, use an authentication policy or user API token controls in \
     admin.atlassian.com, or claim the users' domain so they become managed.";

/// Audits the listings at time `now`.
pub fn audit(listings: &Listings, now: Timestamp, options: &AuditOptions) -> AuditReport {
    let mut auditor = Auditor::new(listings.users.as_deref(), now, options);
    let mut findings = Vec::new();
    let mut migration_plan = Vec::new();
    for token in &listings.tokens {
        auditor.judge(token, &mut |f| findings.push(f), &mut |step| {
            migration_plan.push(step)
        });
    }
    if let Some(accounts) = &listings.service_accounts {
        auditor.service_accounts(accounts, &mut |f| findings.push(f));
    }
    if let Some(credentials) = &listings.service_account_credentials {
        let accounts = listings.service_accounts.as_deref().unwrap_or_default();
        auditor.service_account_credentials(credentials, accounts, &mut |f| findings.push(f));
    }
    let (summary, notes) = auditor.finish(listings, &mut |f| findings.push(f));
    sort_findings(&mut findings);
    AuditReport {
        generated_at: now,
        options: *options,
        summary,
        findings,
        migration_plan,
        notes,
        missing: listings.missing.clone(),
    }
}

/// The report's order for people: most severe first, then by kind, owner, label and token id.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| owner_key(a).cmp(&owner_key(b)))
    });
}

/// Expiring tokens in use: within a day is urgent, within a week needs planning now.
fn expiry_severity(days: i64) -> Severity {
    match days {
        d if d <= 1 => Severity::High,
        d if d <= 7 => Severity::Medium,
        _ => Severity::Low,
    }
}

fn owner_key(finding: &Finding) -> (&str, &str, &str) {
    match &finding.token {
        Some(t) => (t.owner_email.as_str(), t.label.as_str(), t.id.as_str()),
        None => ("", "", ""),
    }
}

fn describe_last_use(last_active: Option<Timestamp>, now: Timestamp) -> String {
    match last_active {
        None => "never used".to_string(),
        Some(used) => match used.days_until(now) {
            days if days <= 0 => "used today".to_string(),
            1 => "last used yesterday".to_string(),
            days => format!("last used {days} days ago"),
        },
    }
}

fn quota_finding(count: Option<u64>, needed: usize, plan: Plan) -> Finding {
    let limit = u64::from(plan.service_account_limit());
    let needed = needed as u64;
    let plan_name = match plan {
        Plan::Free => "free",
        Plan::GuardStandard => "Guard Standard",
        Plan::Enterprise => "Enterprise",
    };
    let (severity, detail, action) = match count {
        None => (
            Severity::Info,
            format!(
                "Service accounts could not be counted; the {plan_name} plan allows {limit}; the \
                 migration plan needs {needed}."
            ),
            "Check Directory → Service accounts in admin.atlassian.com.".to_string(),
        ),
        Some(count) if count >= limit && needed > 0 => (
            Severity::Medium,
            format!(
                "{count} of {limit} service accounts used ({plan_name} plan): none left for the \
                 {needed} migrations."
            ),
            "Free unused service accounts, group integrations, or move to a plan with more."
                .to_string(),
        ),
        Some(count) if count + needed > limit => (
            Severity::Medium,
            format!(
                "{count} of {limit} service accounts used ({plan_name} plan): the migration plan \
                 needs {needed}, {} more than the plan allows.",
                count + needed - limit
            ),
            "Group integrations onto shared service accounts, or move to a plan with more."
                .to_string(),
        ),
        Some(count) => (
            Severity::Info,
            format!(
                "{count} of {limit} service accounts used ({plan_name} plan); the migration plan \
                 needs {needed}."
            ),
            "None.".to_string(),
        ),
    };
    Finding {
        severity,
        kind: FindingKind::ServiceAccountQuota,
        token: None,
        detail,
        action,
    }
}

#[cfg(test)]
mod tests;
