//! Service-account limits per Atlassian plan, and the credential kinds Atlassian offers
//! (docs/reference/atlassian.md §2, confidence H).

use serde::{Deserialize, Serialize};

/// The org's plan, as far as service-account quota is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    /// No Atlassian Guard: 5 service accounts for free.
    #[default]
    Free,
    /// Atlassian Guard Standard: up to 250.
    GuardStandard,
    /// Enterprise: up to 1,000.
    Enterprise,
}

impl Plan {
    /// How many service accounts an org on this plan may have.
    pub fn service_account_limit(self) -> u32 {
        match self {
            Plan::Free => 5,
            Plan::GuardStandard => 250,
            Plan::Enterprise => 1000,
        }
    }
}

/// The kinds of credential a script can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// "Create API token with scopes" on id.atlassian.com: scoped, owned by a person.
    ScopedPersonalToken,
    /// An API token of a service account: always scoped.
    ServiceAccountToken,
    /// OAuth 2.0 client credentials of a service account.
    ServiceAccountOauth,
    /// Bitbucket API token (replaces app passwords).
    BitbucketToken,
}

/// Longest expiry Atlassian allows on any API token, in days.
pub const MAX_TOKEN_EXPIRY_DAYS: u32 = 365;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_follow_the_reference() {
        assert_eq!(Plan::default().service_account_limit(), 5);
        assert_eq!(Plan::GuardStandard.service_account_limit(), 250);
        assert_eq!(Plan::Enterprise.service_account_limit(), 1000);
    }
}
