//! Native client for Atlassian's organization admin APIs (reference/atlassian.md §3): reads an
//! org's user API tokens, managed users and service accounts into the audit's `Listings`, and
//! creates service accounts through the experimental API. Paging, rate limits, retries and error
//! explanations live here; deciding what the listings mean is `crate::audit`'s job.
//!
//! The API key is an [`ApiKey`]: it is only ever turned into the `Authorization` header.

pub mod client;
pub mod decode;
pub mod error;
pub mod pacing;
pub mod secret;
pub mod service_accounts;

pub use client::{AdminClient, RequestStats};
pub use error::{AdminApiError, Endpoint};
pub use pacing::{Clock, RetryPolicy, SystemClock};
pub use secret::{ApiKey, API_KEY_ENV};

use crate::audit::Listings;

/// The default API base.
pub const DEFAULT_API_BASE: &str = "https://api.atlassian.com";

/// Which parts of the org to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchOptions {
    /// Do not read the org's users (for orgs on the original user-management experience).
    pub skip_users: bool,
    /// `pageSize` to ask for (unconfirmed by Atlassian's docs: sent only when given).
    pub page_size: Option<u32>,
}

/// Told what the fetch is doing (the CLI draws a progress bar from it).
pub trait Progress {
    /// Whether totals are worth a request (`…/api-tokens/count`): only when drawn.
    fn wants_totals(&self) -> bool {
        false
    }
    /// A new listing starts; `total` when known.
    fn start(&mut self, what: &str, total: Option<u64>);
    /// `done` items of the current listing read so far.
    fn advance(&mut self, done: u64);
}

/// A `Progress` that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&mut self, _: &str, _: Option<u64>) {}
    fn advance(&mut self, _: u64) {}
}

/// Org ids go into URL paths: only letters, digits, `-`, `_` and `:` are accepted.
pub fn check_org_id(org_id: &str) -> Result<(), AdminApiError> {
    let ok = !org_id.is_empty()
        && org_id.len() <= 128
        && org_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'));
    if ok {
        Ok(())
    } else {
        Err(AdminApiError::BadInput {
            what: format!(
                "--org {:?} is not an org id (letters, digits and dashes; it is the id after /o/ in admin.atlassian.com URLs)",
                org_id.chars().take(64).collect::<String>()
            ),
        })
    }
}

impl AdminClient {
    fn endpoint(&self, what: &'static str, path: String) -> (Endpoint, String) {
        let url = format!("{}{path}", self.base());
        (
            Endpoint {
                what,
                method: "GET",
                path,
            },
            url,
        )
    }

    /// `GET …/api-tokens/count`; `None` when the count cannot be read (it only sizes the progress
    /// bar, so failures are not errors).
    pub fn count_tokens(&self, org_id: &str) -> Option<u64> {
        let (endpoint, url) = self.endpoint(
            "counting the org's API tokens",
            format!("/admin/api-access/v1/orgs/{org_id}/api-tokens/count"),
        );
        let response = self.request(&endpoint, &url, None).ok()?;
        decode::decode_count(&response.body).ok()
    }

    /// Every user API token of the org.
    pub fn list_tokens(
        &self,
        org_id: &str,
        page_size: Option<u32>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<crate::audit::ApiToken>, AdminApiError> {
        let query = page_size
            .map(|n| format!("?pageSize={n}"))
            .unwrap_or_default();
        let (endpoint, url) = self.endpoint(
            "listing the org's API tokens",
            format!("/admin/api-access/v1/orgs/{org_id}/api-tokens"),
        );
        Ok(self
            .list_all(
                &endpoint,
                &format!("{url}{query}"),
                decode::decode_token_page,
                progress,
            )?
            .0)
    }

    /// Every managed account of the org, with its status.
    pub fn list_users(
        &self,
        org_id: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<crate::audit::OrgUser>, AdminApiError> {
        let (endpoint, url) = self.endpoint(
            "listing the org's users",
            format!("/admin/v1/orgs/{org_id}/users"),
        );
        Ok(self
            .list_all(&endpoint, &url, decode::decode_user_page, progress)?
            .0)
    }

    /// Every service account of the org (experimental API), and `total` if given.
    pub fn list_service_accounts(
        &self,
        org_id: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Result<(Vec<crate::audit::ServiceAccount>, Option<u64>), AdminApiError> {
        let (endpoint, url) = self.endpoint(
            "listing the org's service accounts (experimental API)",
            format!("/admin/api-access/v1/orgs/{org_id}/service-accounts"),
        );
        self.list_all(
            &endpoint,
            &url,
            decode::decode_service_account_page,
            progress,
        )
    }
}

/// Reads everything the audit needs. Token and user failures are errors; the experimental
/// service-account listing failing is a note in the listings (the audit still runs).
pub fn fetch_listings(
    client: &AdminClient,
    org_id: &str,
    options: FetchOptions,
    progress: &mut dyn Progress,
) -> Result<Listings, AdminApiError> {
    check_org_id(org_id)?;
    let mut listings = Listings::default();

    let total = if progress.wants_totals() {
        client.count_tokens(org_id)
    } else {
        None
    };
    progress.start("API tokens", total);
    listings.tokens = client.list_tokens(org_id, options.page_size, &mut |n| {
        progress.advance(n as u64)
    })?;

    if options.skip_users {
        listings
            .notes
            .push("--skip-users: the org's users were not read.".to_string());
    } else {
        progress.start("users", None);
        listings.users = Some(client.list_users(org_id, &mut |n| progress.advance(n as u64))?);
    }

    progress.start("service accounts", None);
    match client.list_service_accounts(org_id, &mut |n| progress.advance(n as u64)) {
        Ok((accounts, total)) => {
            listings.service_accounts = Some(accounts);
            listings.service_account_total = total;
        }
        Err(err) => listings.notes.push(format!(
            "Service accounts could not be read (the endpoint is experimental): {}",
            client.key().scrub(&err.to_string())
        )),
    }
    Ok(listings)
}
