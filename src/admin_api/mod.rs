//! Native client for Atlassian's organization admin APIs (reference/atlassian.md §3): reads an
//! org's user API tokens, managed users and service accounts into the audit's `Listings`, and
//! creates service accounts through the experimental API. Paging, rate limits, retries and error
//! explanations live here; deciding what the listings mean is `crate::audit`'s job.
//!
//! The API key is an [`ApiKey`]: it is only ever turned into the `Authorization` header.

pub mod checkpoint;
pub mod client;
pub mod decode;
pub mod error;
pub mod pacing;
pub mod secret;
pub mod service_accounts;

pub use client::{AdminClient, Listed, RequestStats};
pub use error::{AdminApiError, Endpoint};
pub use pacing::{Clock, RetryPolicy, SystemClock};
pub use secret::{ApiKey, API_KEY_ENV};

use crate::audit::Listings;

/// The default API base.
pub const DEFAULT_API_BASE: &str = "https://api.atlassian.com";

/// `pageSize` asked of the api-tokens listing. Atlassian documents the parameter ("the number of
/// records to include") but no maximum; 1,000 is what public audit scripts send (Hardening pack
/// "atlassian-1.3"). Unconfirmed: a server that caps lower simply returns more pages.
pub const TOKENS_PAGE_SIZE: u32 = 1000;

/// `limit` asked of the v2 directory-users listing (its default is 25; no maximum is published,
/// 100 is what public scripts send).
const DIRECTORY_USERS_PAGE_SIZE: u32 = 100;

/// Token pages read ahead of the one being judged (each is at most one page of memory).
const PIPELINED_PAGES: usize = 4;

/// Which parts of the org to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchOptions {
    /// Do not read the org's users (library callers; the CLI always reads them, v2 then v1).
    pub skip_users: bool,
    /// `pageSize` to ask for; `None`: [`TOKENS_PAGE_SIZE`].
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

    /// `GET …/api-tokens/count`; `None` when the count cannot be read (it sizes the progress bar
    /// and bounds the paging, so a failure is not an error).
    pub fn count_tokens(&self, org_id: &str) -> Option<u64> {
        let (endpoint, url) = self.endpoint(
            "counting the org's API tokens",
            format!("/admin/api-access/v1/orgs/{org_id}/api-tokens/count"),
        );
        self.request_decoded(&endpoint, &url, None, true, &|response| {
            decode::decode_count(&response.body)
        })
        .ok()
    }

    /// Every user API token of the org (as far as it could be read).
    pub fn list_tokens(
        &self,
        org_id: &str,
        page_size: Option<u32>,
        expected: Option<u64>,
        progress: &mut dyn FnMut(usize),
    ) -> Listed<crate::audit::ApiToken> {
        let query = format!("?pageSize={}", page_size.unwrap_or(TOKENS_PAGE_SIZE));
        let (endpoint, url) = self.endpoint(
            "listing the org's API tokens",
            format!("/admin/api-access/v1/orgs/{org_id}/api-tokens"),
        );
        self.list_all(
            &endpoint,
            &format!("{url}{query}"),
            decode::decode_token_page,
            expected,
            |token| token.id.as_str(),
            progress,
        )
    }

    /// The same listing as [`AdminClient::list_tokens`], each page handed to `sink` as it is read
    /// with the URL of the next page (`None` after the last); `start_url` resumes a listing at a
    /// page recorded by a checkpoint.
    pub fn for_each_token_page(
        &self,
        org_id: &str,
        page_size: Option<u32>,
        start_url: Option<&str>,
        expected: Option<u64>,
        sink: &mut dyn FnMut(Vec<crate::audit::ApiToken>, Option<&str>),
    ) -> Listed<crate::audit::ApiToken> {
        let query = format!("?pageSize={}", page_size.unwrap_or(TOKENS_PAGE_SIZE));
        let (endpoint, url) = self.endpoint(
            "listing the org's API tokens",
            format!("/admin/api-access/v1/orgs/{org_id}/api-tokens"),
        );
        self.for_each_page(
            &endpoint,
            &format!("{url}{query}"),
            start_url,
            decode::decode_token_page,
            expected,
            |token| token.id.as_str(),
            sink,
        )
    }

    /// Every managed account of the org, with its status: through the v2 directory API
    /// ([`AdminClient::list_users_v2`]) where the org answers it (Atlassian made it GA for both
    /// user-management experiences, so orgs on the original one need no `--skip-users`), else
    /// through the v1 org-users API (being retired), with a note saying which and why.
    pub fn list_users(
        &self,
        org_id: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Listed<crate::audit::OrgUser> {
        let (endpoint, url) = self.endpoint(
            "listing the org's directories (v2)",
            format!("/admin/v2/orgs/{org_id}/directories"),
        );
        let directories = self.list_all(
            &endpoint,
            &url,
            decode::decode_directory_page,
            None,
            String::as_str,
            &mut |_| {},
        );
        match directories.error {
            None if !directories.items.is_empty() => self.list_users_v2(org_id, &directories.items),
            why => {
                let why = why.map_or("the org has no directories".to_string(), |e| e.to_string());
                let mut listed = self.list_users_v1(org_id, progress);
                listed.note = Some(self.key().scrub(&format!(
                    "The v2 directory API could not be used ({why}); users were read through the \
                     v1 API (GET /admin/v1/orgs/{org_id}/users), which Atlassian is retiring."
                )));
                listed
            }
        }
    }

    /// The users of every directory (`GET /admin/v2/orgs/{org}/directories/{id}/users`), merged
    /// by account: where directories disagree, the most alive standing wins (a person active in
    /// one directory and suspended in another can still use their tokens). A user whose every
    /// membership is `no_membership` is left out: no longer in the org.
    pub fn list_users_v2(
        &self,
        org_id: &str,
        directories: &[String],
    ) -> Listed<crate::audit::OrgUser> {
        use crate::audit::AccountStatus;
        fn liveness(status: &AccountStatus) -> u8 {
            match status {
                AccountStatus::Active => 5,
                AccountStatus::Other(_) => 4,
                AccountStatus::Suspended => 3,
                AccountStatus::Deactivated => 2,
                AccountStatus::Closed => 1,
            }
        }
        let mut merged: std::collections::HashMap<String, crate::audit::OrgUser> =
            std::collections::HashMap::new();
        let mut error = None;
        let mut note = None;
        for directory in directories {
            let (endpoint, url) = self.endpoint(
                "listing a directory's users (v2)",
                format!(
                    "/admin/v2/orgs/{org_id}/directories/{}/users",
                    client::percent_encode(directory)
                ),
            );
            let listed = self.for_each_page(
                &endpoint,
                &format!("{url}?limit={DIRECTORY_USERS_PAGE_SIZE}"),
                None,
                decode::decode_directory_user_page,
                None,
                |user| user.user.account_id.as_str(),
                &mut |page, _next| {
                    for entry in page.into_iter().filter(|entry| entry.member) {
                        let better = merged.get(&entry.user.account_id).is_none_or(|kept| {
                            liveness(&entry.user.account_status) > liveness(&kept.account_status)
                        });
                        if better {
                            merged.insert(entry.user.account_id.clone(), entry.user);
                        }
                    }
                },
            );
            note = note.or(listed.note);
            if let Some(err) = listed.error {
                error = Some(err);
                break;
            }
        }
        let mut items: Vec<crate::audit::OrgUser> = merged.into_values().collect();
        items.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        let read = items.len() as u64;
        Listed {
            items,
            read,
            total: None,
            error,
            note: note.or_else(|| {
                Some(format!(
                    "Users were read through the v2 directory API ({} director{}).",
                    directories.len(),
                    if directories.len() == 1 { "y" } else { "ies" }
                ))
            }),
        }
    }

    /// Every managed account through the v1 org-users API.
    pub fn list_users_v1(
        &self,
        org_id: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Listed<crate::audit::OrgUser> {
        let (endpoint, url) = self.endpoint(
            "listing the org's users",
            format!("/admin/v1/orgs/{org_id}/users"),
        );
        self.list_all(
            &endpoint,
            &url,
            decode::decode_user_page,
            None,
            |user| user.account_id.as_str(),
            progress,
        )
    }

    /// Every service account of the org (experimental API), and `total` if given.
    pub fn list_service_accounts(
        &self,
        org_id: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Listed<crate::audit::ServiceAccount> {
        let (endpoint, url) = self.endpoint(
            "listing the org's service accounts (experimental API)",
            format!("/admin/api-access/v1/orgs/{org_id}/service-accounts"),
        );
        self.list_all(
            &endpoint,
            &url,
            decode::decode_service_account_page,
            None,
            |account| account.id.as_str(),
            progress,
        )
    }
}

/// The service accounts' API tokens: `GET /admin/api-access/v1/orgs/{org}/service-accounts/api-tokens`
/// (scope `read:service-accounts-tokens:admin`). Atlassian lists the operation, but no copy of its
/// response schema was found (docs/audit.md, "Endpoints"): this path, its decoder
/// (`decode::decode_service_account_token_page`) and [`SERVICE_ACCOUNT_TOKENS_NOTE`] are the one
/// place that relies on it.
pub const SERVICE_ACCOUNT_TOKENS_PATH: &str = "/service-accounts/api-tokens";

/// What the report says whenever the service accounts' tokens were read.
pub const SERVICE_ACCOUNT_TOKENS_NOTE: &str = "Service-account API tokens were read from GET \
     …/service-accounts/api-tokens: the operation is documented, its response shape is not \
     (unconfirmed), so expiry warnings for service-account tokens may miss fields the API names \
     differently. OAuth client secrets of service accounts have no readable expiry.";

impl AdminClient {
    /// Every service account's API tokens (see [`SERVICE_ACCOUNT_TOKENS_PATH`]).
    pub fn list_service_account_credentials(
        &self,
        org_id: &str,
    ) -> Listed<crate::audit::ServiceAccountCredential> {
        let (endpoint, url) = self.endpoint(
            "listing the service accounts' API tokens (response shape unconfirmed)",
            format!("/admin/api-access/v1/orgs/{org_id}{SERVICE_ACCOUNT_TOKENS_PATH}"),
        );
        self.list_all(
            &endpoint,
            &url,
            decode::decode_service_account_token_page,
            None,
            |credential| credential.id.as_str(),
            &mut |_| {},
        )
    }
}

/// The concurrent directory listings (users, service accounts, their tokens), joined.
struct DirectoryThreads {
    users: Option<std::thread::Result<Listed<crate::audit::OrgUser>>>,
    accounts: std::thread::Result<Listed<crate::audit::ServiceAccount>>,
    credentials: std::thread::Result<Listed<crate::audit::ServiceAccountCredential>>,
}

/// Reads everything the audit needs. A key, org or permission problem is an error (nothing to
/// report); anything else that stops a listing early leaves a partial audit: what was read is
/// kept, and `Listings::missing` names what could not be read, so the run is never taken for
/// complete.
///
/// The listings are independent, so they are read at the same time (one std thread each; the
/// token listing on the caller's thread, which draws the progress bar). They share the client's
/// one rate budget, so together they stay within the org's `X-RateLimit-*` window: the run takes
/// about as long as its requests need at the server's rate, not the sum of the listings' latencies.
pub fn fetch_listings(
    client: &AdminClient,
    org_id: &str,
    options: FetchOptions,
    progress: &mut dyn Progress,
) -> Result<Listings, AdminApiError> {
    check_org_id(org_id)?;
    let mut listings = Listings::default();
    let scrub = |text: String| client.key().scrub(&text);

    let (tokens, users, accounts, credentials, total) = std::thread::scope(|scope| {
        let users =
            (!options.skip_users).then(|| scope.spawn(|| client.list_users(org_id, &mut |_| {})));
        let accounts = scope.spawn(|| client.list_service_accounts(org_id, &mut |_| {}));
        let credentials = scope.spawn(|| client.list_service_account_credentials(org_id));
        // The count sizes the progress bar and bounds the paging (an endless listing stops).
        let total = client.count_tokens(org_id);
        progress.start("API tokens", total);
        let tokens = client.list_tokens(org_id, options.page_size, total, &mut |n| {
            progress.advance(n as u64)
        });
        let users = users.map(|handle| handle.join());
        (tokens, users, accounts.join(), credentials.join(), total)
    });

    let listed = tokens;
    listings.tokens = listed.items;
    listings.notes.extend(listed.note.map(scrub));
    if let Some(err) = listed.error {
        if err.is_fatal() && listings.tokens.is_empty() {
            return Err(err);
        }
        listings.missing.push(scrub(format!(
            "API tokens: {} read{}, then: {err}",
            listings.tokens.len(),
            total.map_or(String::new(), |n| format!(" of {n}"))
        )));
    }

    absorb_directory(
        &mut listings,
        client,
        DirectoryThreads {
            users,
            accounts,
            credentials,
        },
    )?;
    Ok(listings)
}

/// What the concurrent users and service-account listings brought, put into `listings` (errors
/// become notes or `missing`, except a fatal one with nothing read).
fn absorb_directory(
    listings: &mut Listings,
    client: &AdminClient,
    threads: DirectoryThreads,
) -> Result<(), AdminApiError> {
    let DirectoryThreads {
        users,
        accounts,
        credentials,
    } = threads;
    let scrub = |text: String| client.key().scrub(&text);
    match credentials {
        Err(_) => listings.notes.push(
            "Service-account API tokens could not be read: the listing thread failed.".to_string(),
        ),
        Ok(listed) => {
            listings.notes.extend(listed.note.map(scrub));
            match listed.error {
                None => {
                    listings.service_account_credentials = Some(listed.items);
                    listings.notes.push(SERVICE_ACCOUNT_TOKENS_NOTE.to_string());
                }
                Some(err) => listings.notes.push(scrub(format!(
                    "Service-account API tokens could not be read, so their expiry is not \
                     checked (GET …/service-accounts/api-tokens; its response shape is \
                     unconfirmed): {err}"
                ))),
            }
        }
    }
    match users {
        None => listings
            .notes
            .push("--skip-users: the org's users were not read.".to_string()),
        Some(Err(_)) => listings.missing.push(
            "users: the listing thread failed; no token could be called orphaned".to_string(),
        ),
        Some(Ok(listed)) => {
            listings.notes.extend(listed.note.map(scrub));
            match listed.error {
                None => listings.users = Some(listed.items),
                Some(err @ AdminApiError::OriginalUserManagement { .. }) => {
                    listings.notes.push(scrub(err.to_string()));
                }
                Some(err) if err.is_fatal() && listed.items.is_empty() => return Err(err),
                Some(err) => listings.missing.push(scrub(format!(
                    "users: {} read, then: {err}; no token could be called orphaned",
                    listed.items.len()
                ))),
            }
        }
    }

    match accounts {
        Err(_) => listings
            .notes
            .push("Service accounts could not be read: the listing thread failed.".to_string()),
        Ok(listed) => {
            listings.notes.extend(listed.note.map(scrub));
            match listed.error {
                None => {
                    listings.service_accounts = Some(listed.items);
                    listings.service_account_total = listed.total;
                }
                Some(err) => listings.notes.push(scrub(format!(
                    "Service accounts could not be read (the endpoint is experimental): {err}"
                ))),
            }
        }
    }
    Ok(())
}

/// The streaming audit's fetch: users and service accounts are read concurrently (as in
/// [`fetch_listings`]) while the token listing goes page by page to `on_tokens`, which gets the
/// directory (users, service accounts) as soon as it is complete (it may take what it keeps, such
/// as the users, out of it). Pages read before that are
/// spooled to a temporary file (never the key; token ids and metadata only, removed afterwards) so
/// memory stays flat while the listings still run at the same time. Returns the directory part
/// of [`Listings`] (no tokens) with every note and `missing` entry, and the number of tokens read.
///
/// With a `checkpoint` ([`checkpoint::Checkpoint`]) the spool is the checkpoint's journal: every
/// page is kept there and the state is committed after each page; a resumed run hands the
/// journal's tokens to `on_tokens` first (once the directory is in) and goes on from the recorded
/// next page, so every token reaches `on_tokens` exactly once per run.
pub fn stream_listings(
    client: &AdminClient,
    org_id: &str,
    options: FetchOptions,
    progress: &mut dyn Progress,
    mut checkpoint: Option<&mut checkpoint::Checkpoint>,
    on_tokens: &mut dyn FnMut(&mut Listings, Vec<crate::audit::ApiToken>),
) -> Result<(Listings, u64), AdminApiError> {
    check_org_id(org_id)?;
    let scrub = |text: String| client.key().scrub(&text);
    let resumed = checkpoint
        .as_deref()
        .map(|c| c.tokens().clone())
        .unwrap_or_default();
    if let Some(next) = &resumed.next {
        // The file is input: the key goes only to the API base given on the command line.
        if !client.owns_url(next) {
            return Err(AdminApiError::BadInput {
                what: "--checkpoint: its next page is not on --api-base; delete the file to start \
                       afresh"
                    .to_string(),
            });
        }
    }
    let journaling = checkpoint.is_some();
    let mut spool = match checkpoint.as_deref() {
        Some(checkpoint) => crate::audit::spool::TokenSpool::journal(
            checkpoint.journal_path(),
            resumed.journal_bytes,
            resumed.read,
        )
        .map_err(|err| AdminApiError::BadInput {
            what: format!(
                "--checkpoint: cannot open its journal {}: {err}",
                checkpoint.journal_path().display()
            ),
        })?,
        None => crate::audit::spool::TokenSpool::new().map_err(|err| AdminApiError::BadInput {
            what: format!("cannot create the spool file for tokens read before the users: {err}"),
        })?,
    };
    let mut directory: Option<Listings> = None;
    let mut failure: Option<AdminApiError> = None;
    let mut checkpoint_error: Option<String> = None;
    let (listed, total) = std::thread::scope(|scope| {
        let mut users =
            (!options.skip_users).then(|| scope.spawn(|| client.list_users(org_id, &mut |_| {})));
        let mut accounts = Some(scope.spawn(|| client.list_service_accounts(org_id, &mut |_| {})));
        let mut credentials = Some(scope.spawn(|| client.list_service_account_credentials(org_id)));
        let mut try_directory =
            |wait: bool, directory: &mut Option<Listings>, failure: &mut Option<AdminApiError>| {
                if directory.is_some() || failure.is_some() {
                    return;
                }
                let ready = wait
                    || (users.as_ref().is_none_or(|u| u.is_finished())
                        && accounts.as_ref().is_some_and(|a| a.is_finished())
                        && credentials.as_ref().is_some_and(|c| c.is_finished()));
                if !ready {
                    return;
                }
                let users = users.take().map(|handle| handle.join());
                let (Some(accounts), Some(credentials)) = (accounts.take(), credentials.take())
                else {
                    return;
                };
                let mut listings = Listings::default();
                let threads = DirectoryThreads {
                    users,
                    accounts: accounts.join(),
                    credentials: credentials.join(),
                };
                match absorb_directory(&mut listings, client, threads) {
                    Ok(()) => *directory = Some(listings),
                    Err(err) => *failure = Some(err),
                }
            };
        // The count sizes the progress bar and bounds the paging (an endless listing stops); a
        // resumed run keeps the first run's.
        let total = match resumed.expected {
            Some(total) => Some(total),
            None => client.count_tokens(org_id),
        };
        if let Some(checkpoint) = checkpoint.as_deref_mut() {
            if resumed.pages == 0 {
                if let Err(err) = checkpoint.set_expected(total) {
                    checkpoint_error.get_or_insert(err.to_string());
                }
            }
        }
        progress.start("API tokens", total);
        let mut done = resumed.read;
        progress.advance(done);
        // The token pages are fetched on their own thread and judged here, so the next request
        // goes out while a page is judged, written, spooled or checkpointed (and while the spool
        // is drained once the users are in): the listing's one cursor chain is the critical path
        // of a large audit and carries nothing else.
        let (pages, received) = std::sync::mpsc::sync_channel::<(
            Vec<crate::audit::ApiToken>,
            Option<String>,
        )>(PIPELINED_PAGES);
        let fetcher = (!resumed.ended).then(|| {
            let start = resumed.next.clone();
            let expected = total.map(|n| n.saturating_sub(resumed.read));
            scope.spawn(move || {
                client.for_each_token_page(
                    org_id,
                    options.page_size,
                    start.as_deref(),
                    expected,
                    &mut |page, next| {
                        // A closed channel means the judging side is gone; nothing to keep.
                        let _ = pages.send((page, next.map(str::to_string)));
                    },
                )
            })
        });
        for (page, next) in received {
            let items = page.len() as u64;
            done += items;
            progress.advance(done);
            try_directory(false, &mut directory, &mut failure);
            match &mut directory {
                Some(listings) => {
                    spool.drain(&mut |spooled| on_tokens(listings, spooled));
                    if journaling {
                        spool.push(&page);
                        spool.mark_judged();
                    }
                    on_tokens(listings, page);
                }
                None => spool.push(&page),
            }
            let Some(checkpoint) = checkpoint.as_deref_mut() else {
                continue;
            };
            if checkpoint_error.is_some() {
                continue;
            }
            // Commit only what the journal surely holds.
            let written = match spool.error().map(ToString::to_string) {
                Some(err) => Err(err),
                None => spool.written_bytes().map_err(|err| err.to_string()),
            };
            let committed = match written {
                Err(err) => Err(format!("its journal could not be written: {err}")),
                Ok(bytes) => checkpoint
                    .record_page(items, next.as_deref(), bytes)
                    .map_err(|err| err.to_string()),
            };
            if let Err(err) = committed {
                checkpoint_error = Some(err);
            }
        }
        let listed = match fetcher.map(|handle| handle.join()) {
            Some(Ok(listed)) => listed,
            // The earlier run read the whole listing: its journal is all there is.
            None => Listed {
                items: Vec::new(),
                read: 0,
                total: None,
                error: None,
                note: None,
            },
            Some(Err(_)) => Listed {
                items: Vec::new(),
                read: 0,
                total: None,
                error: Some(AdminApiError::BadInput {
                    what: "the token listing's thread failed".to_string(),
                }),
                note: None,
            },
        };
        try_directory(true, &mut directory, &mut failure);
        (listed, total)
    });
    if let Some(err) = failure {
        return Err(err);
    }
    let Some(mut listings) = directory else {
        return Err(AdminApiError::BadInput {
            what: "the users and service-account listings did not finish".to_string(),
        });
    };
    spool.drain(&mut |spooled| on_tokens(&mut listings, spooled));
    if let Some(err) = spool.error() {
        listings.missing.push(format!(
            "API tokens: the spool file for tokens read before the users failed: {err}"
        ));
    }
    let read = resumed.read + listed.read;
    listings.notes.extend(listed.note.map(scrub));
    if let (Some(why), true) = (&resumed.stopped, resumed.ended) {
        listings.missing.push(scrub(format!(
            "API tokens: {read} read{}, then (recorded by the interrupted run): {why}",
            total.map_or(String::new(), |n| format!(" of {n}"))
        )));
    }
    if let Some(err) = listed.error {
        if err.is_fatal() && read == 0 {
            return Err(err);
        }
        let why = scrub(err.to_string());
        if let Some(checkpoint) = checkpoint {
            if let Err(err) = checkpoint.record_stop(&why) {
                checkpoint_error.get_or_insert(err.to_string());
            }
        }
        listings.missing.push(format!(
            "API tokens: {read} read{}, then: {why}",
            total.map_or(String::new(), |n| format!(" of {n}"))
        ));
    }
    if let Some(err) = checkpoint_error {
        listings.notes.push(scrub(format!(
            "The checkpoint stopped being updated ({err}); the audit itself went on: a resumed \
             run would read again from the last page it recorded."
        )));
    }
    Ok((listings, read))
}
