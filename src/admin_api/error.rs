//! Errors of the admin-API client, each saying which endpoint, what happened and what to do. None
//! carries the API key: requests are described by method and path only, never by headers.

use std::fmt;

/// Which call failed: a short description and the request line (`GET /admin/…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub what: &'static str,
    pub method: &'static str,
    pub path: String,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.what, self.method, self.path)
    }
}

/// The `{errors:[{id,code,status,title,detail}]}` body of an admin-API error, first entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiErrorDetail {
    pub code: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
}

impl ApiErrorDetail {
    fn describe(&self) -> String {
        let text: Vec<&str> = [
            self.code.as_deref(),
            self.title.as_deref(),
            self.detail.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
        if text.is_empty() {
            String::new()
        } else {
            // Server text is bounded and stripped of control characters before it is shown.
            let joined = text.join(": ");
            let cleaned: String = joined
                .chars()
                .take(300)
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            format!(" Atlassian said: {cleaned}.")
        }
    }
}

/// Everything that can go wrong talking to the admin APIs.
#[derive(Debug)]
pub enum AdminApiError {
    /// No usable key (the reason never contains the key).
    MissingKey { why: String },
    /// The key file could not be read.
    KeyFile {
        path: String,
        source: std::io::Error,
    },
    /// `--api-base` or `--org` is not usable.
    BadInput { what: String },
    /// 401.
    Unauthorized {
        endpoint: Endpoint,
        api: Box<ApiErrorDetail>,
    },
    /// 403 (e.g. `ADMIN-UAM-403-2`).
    Forbidden {
        endpoint: Endpoint,
        api: Box<ApiErrorDetail>,
    },
    /// 404.
    NotFound {
        endpoint: Endpoint,
        api: Box<ApiErrorDetail>,
    },
    /// `ADMIN-400-4`: the org is on the original user-management experience.
    OriginalUserManagement { endpoint: Endpoint },
    /// Any other 4xx/5xx after retries.
    Http {
        endpoint: Endpoint,
        status: u16,
        api: Box<ApiErrorDetail>,
    },
    /// The server asked us to wait longer than we are willing to.
    RateLimitedTooLong {
        endpoint: Endpoint,
        wait_seconds: u64,
    },
    /// 429/5xx/network errors past the retry cap.
    RetriesExhausted {
        endpoint: Endpoint,
        attempts: u32,
        last: String,
    },
    /// Could not reach the server.
    Network { endpoint: Endpoint, detail: String },
    /// The body was not the JSON we expected.
    MalformedJson { endpoint: Endpoint, detail: String },
    /// `links.next` came back to a page already read.
    RepeatingCursor {
        endpoint: Endpoint,
        pages_read: usize,
    },
    /// `links.next` pointed at another server: the key is not sent there.
    ForeignNextUrl { endpoint: Endpoint, origin: String },
    /// `--deadline` ran out.
    DeadlineExceeded { endpoint: Endpoint, seconds: u64 },
    /// A response body larger than the cap (not downloaded again).
    BodyTooLarge { endpoint: Endpoint, limit: u64 },
    /// Pages kept coming well past what the count endpoint said.
    PastCount {
        endpoint: Endpoint,
        expected: u64,
        read: u64,
    },
}

impl AdminApiError {
    /// The endpoint concerned, if the error came from a request.
    pub fn endpoint(&self) -> Option<&Endpoint> {
        match self {
            AdminApiError::Unauthorized { endpoint, .. }
            | AdminApiError::Forbidden { endpoint, .. }
            | AdminApiError::NotFound { endpoint, .. }
            | AdminApiError::OriginalUserManagement { endpoint }
            | AdminApiError::Http { endpoint, .. }
            | AdminApiError::RateLimitedTooLong { endpoint, .. }
            | AdminApiError::RetriesExhausted { endpoint, .. }
            | AdminApiError::Network { endpoint, .. }
            | AdminApiError::MalformedJson { endpoint, .. }
            | AdminApiError::RepeatingCursor { endpoint, .. }
            | AdminApiError::ForeignNextUrl { endpoint, .. }
            | AdminApiError::DeadlineExceeded { endpoint, .. }
            | AdminApiError::BodyTooLarge { endpoint, .. }
            | AdminApiError::PastCount { endpoint, .. } => Some(endpoint),
            _ => None,
        }
    }

    /// Whether the error says the run cannot work at all (wrong key, org, permission or input):
    /// then there is nothing partial to report. Everything else (a flaky API, a deadline, a
    /// misbehaving listing) leaves a partial audit.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            AdminApiError::MissingKey { .. }
                | AdminApiError::KeyFile { .. }
                | AdminApiError::BadInput { .. }
                | AdminApiError::Unauthorized { .. }
                | AdminApiError::Forbidden { .. }
                | AdminApiError::NotFound { .. }
        ) || matches!(self, AdminApiError::Http { status, .. } if (400..500).contains(status))
    }
}

impl fmt::Display for AdminApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminApiError::MissingKey { why } => write!(f, "no usable admin API key: {why}. Create one in admin.atlassian.com → Settings → API keys."),
            AdminApiError::KeyFile { path, source } => write!(f, "cannot read the API key file {path}: {source}"),
            AdminApiError::BadInput { what } => f.write_str(what),
            AdminApiError::Unauthorized { endpoint, api } => write!(
                f,
                "401 Unauthorized from {endpoint}: the API key was not accepted. Check that it is \
                 an org admin API key (admin.atlassian.com → Settings → API keys), that it has not \
                 expired (the default expiry is one week) or been revoked, and that --api-base is right.{}",
                api.describe()
            ),
            AdminApiError::Forbidden { endpoint, api } => {
                write!(f, "403 Forbidden from {endpoint}: ")?;
                if api.code.as_deref() == Some("ADMIN-UAM-403-2") {
                    f.write_str("the key is not allowed to manage this org (ADMIN-UAM-403-2). Use a key created in this org's Admin Hub.")?;
                } else {
                    f.write_str("the key lacks a permission or scope for this call. The user-management endpoints reject keys created with scopes: create the key without scopes, or add read:tokens:admin, read:accounts:admin and read:service-accounts:admin.")?;
                }
                f.write_str(&api.describe())
            }
            AdminApiError::NotFound { endpoint, api } => write!(
                f,
                "404 Not Found from {endpoint}: check the org id (it is the id after /o/ in \
                 admin.atlassian.com URLs) and --api-base.{}",
                api.describe()
            ),
            AdminApiError::OriginalUserManagement { endpoint } => write!(
                f,
                "{endpoint} answered ADMIN-400-4: this org is probably still on Atlassian's \
                 original user-management experience, where the v1 org user API is not \
                 available (there is no API to tell which experience an org uses). The audit goes \
                 on without account statuses: tokens of deactivated or suspended users cannot be \
                 flagged; check them in admin.atlassian.com → Directory → Users."
            ),
            AdminApiError::Http { endpoint, status, api } => {
                write!(f, "HTTP {status} from {endpoint}.{}", api.describe())
            }
            AdminApiError::RateLimitedTooLong { endpoint, wait_seconds } => write!(
                f,
                "rate limited by {endpoint}: Atlassian asked to wait {wait_seconds} s, longer than \
                 this run is willing to wait. Try again later."
            ),
            AdminApiError::RetriesExhausted { endpoint, attempts, last } => write!(
                f,
                "gave up on {endpoint} after {attempts} attempts; the last one: {last}. Try again later or raise --max-retries."
            ),
            AdminApiError::Network { endpoint, detail } => write!(
                f,
                "network error on {endpoint}: {detail}. Check the connection and --api-base."
            ),
            AdminApiError::MalformedJson { endpoint, detail } => write!(
                f,
                "malformed response from {endpoint}: {detail}. The API may have changed; please \
                 report it."
            ),
            AdminApiError::RepeatingCursor { endpoint, pages_read } => write!(
                f,
                "paging of {endpoint} came back to a page already read after {pages_read} pages \
                 (links.next repeats): stopped instead of looping forever."
            ),
            AdminApiError::ForeignNextUrl { endpoint, origin } => write!(
                f,
                "paging of {endpoint} pointed links.next at another server ({origin}): not \
                 following it, so the API key is not sent there."
            ),
            AdminApiError::DeadlineExceeded { endpoint, seconds } => write!(
                f,
                "stopped before {endpoint}: the --deadline of {seconds} s ran out"
            ),
            AdminApiError::BodyTooLarge { endpoint, limit } => write!(
                f,
                "the answer of {endpoint} is larger than {} MiB: not read (and not downloaded \
                 again). Check --api-base; raise --max-body-mb if the API really sends that much.",
                limit / (1024 * 1024)
            ),
            AdminApiError::PastCount { endpoint, expected, read } => write!(
                f,
                "paging of {endpoint} ran past what the count endpoint said: {read} items read, \
                 {expected} expected: stopped instead of following links.next forever."
            ),
        }
    }
}

impl std::error::Error for AdminApiError {}
