//! The HTTP side of the admin-API client: one request with retries (429, 5xx, network errors),
//! proactive pacing, cursor paging (`links.next` as a bare cursor, a path or a full URL, refusing
//! other servers and stopping on a repeating cursor), and request statistics for the benchmark.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ureq::http::HeaderMap;
use ureq::Agent;

use super::decode::{self, DecodeError, Page};
use super::error::{AdminApiError, ApiErrorDetail, Endpoint};
use super::pacing::{self, Backoff, Clock, RateLimitHeaders, RetryPolicy};
use super::secret::ApiKey;

/// The largest response body read (a page of 1,000 tokens is well under 1 MiB).
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// What the client did, for the summary and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestStats {
    /// HTTP requests sent (retries included).
    pub requests: u64,
    /// 429 answers received.
    pub rate_limited: u64,
    /// 5xx answers received.
    pub server_errors: u64,
    /// Network errors met.
    pub network_errors: u64,
    /// Time spent sleeping (backoff, 429 waits, pacing).
    pub waited: Duration,
}

/// A client for one API base URL and one key.
pub struct AdminClient {
    agent: Agent,
    /// `scheme://host[:port]`, no trailing slash.
    origin: String,
    /// The base URL with any path prefix, no trailing slash.
    base: String,
    key: ApiKey,
    clock: Arc<dyn Clock>,
    policy: RetryPolicy,
    backoff: Backoff,
    stats: Mutex<RequestStats>,
}

impl std::fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminClient")
            .field("base", &self.base)
            .field("key", &self.key)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// A response as the client needs it.
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: RateLimitHeaders,
    pub body: Vec<u8>,
}

impl AdminClient {
    /// A client for `api_base` (e.g. `https://api.atlassian.com`). Plain `http://` is accepted only
    /// for loopback hosts (the mock in the tests), so the key never crosses a network unencrypted.
    pub fn new(
        api_base: &str,
        key: ApiKey,
        clock: Arc<dyn Clock>,
        policy: RetryPolicy,
    ) -> Result<AdminClient, AdminApiError> {
        let (origin, base) = split_base(api_base)?;
        let config = Agent::config_builder()
            .http_status_as_error(false)
            // The key must not follow a redirect anywhere: redirects are answers, not hops.
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(format!("token-warden/{}", crate::VERSION))
            .build();
        Ok(AdminClient {
            agent: config.new_agent(),
            origin,
            base,
            key,
            clock,
            policy,
            backoff: Backoff::from_time(),
            stats: Mutex::new(RequestStats::default()),
        })
    }

    /// The base URL (no trailing slash).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The key, for scrubbing text before it is shown.
    pub fn key(&self) -> &ApiKey {
        &self.key
    }

    /// What the client has done so far.
    pub fn stats(&self) -> RequestStats {
        *self.lock_stats()
    }

    fn lock_stats(&self) -> std::sync::MutexGuard<'_, RequestStats> {
        match self.stats.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn sleep(&self, duration: Duration) {
        if duration.is_zero() {
            return;
        }
        self.lock_stats().waited += duration;
        self.clock.sleep(duration);
    }

    /// Sends one request (`body` makes it a POST) with retries and pacing, and returns the
    /// successful (2xx) answer; any other final answer becomes an error naming `endpoint`.
    pub(crate) fn request(
        &self,
        endpoint: &Endpoint,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<RawResponse, AdminApiError> {
        self.request_with_retries(endpoint, url, body, true)
    }

    /// A POST that must not be repeated after a 5xx or a network error (it may have been
    /// carried out); a 429 is still waited out and retried, since it was not.
    pub(crate) fn request_once(
        &self,
        endpoint: &Endpoint,
        url: &str,
        body: &serde_json::Value,
    ) -> Result<RawResponse, AdminApiError> {
        self.request_with_retries(endpoint, url, Some(body), false)
    }

    fn request_with_retries(
        &self,
        endpoint: &Endpoint,
        url: &str,
        body: Option<&serde_json::Value>,
        retry_failures: bool,
    ) -> Result<RawResponse, AdminApiError> {
        let mut attempt: u32 = 0;
        loop {
            self.lock_stats().requests += 1;
            let outcome = self.send_once(url, body);
            let now = self.clock.now();
            let last = match outcome {
                Ok(response) if (200..300).contains(&response.status) => {
                    if let Some(pause) =
                        pacing::pace_after_success(&response.headers, now, &self.policy)
                    {
                        self.sleep(pause.min(self.policy.max_wait));
                    }
                    return Ok(response);
                }
                Ok(response) if response.status == 429 => {
                    self.lock_stats().rate_limited += 1;
                    let wait = pacing::wait_after_429(&response.headers, now)
                        .map(|asked| asked + Duration::from_millis(25))
                        .unwrap_or_else(|| self.backoff.delay(attempt, &self.policy));
                    if wait > self.policy.max_wait {
                        return Err(AdminApiError::RateLimitedTooLong {
                            endpoint: endpoint.clone(),
                            wait_seconds: wait.as_secs(),
                        });
                    }
                    if attempt >= self.policy.max_retries {
                        return Err(self.exhausted(endpoint, attempt, "429 Too Many Requests"));
                    }
                    self.sleep(wait);
                    attempt += 1;
                    continue;
                }
                Ok(response) if response.status >= 500 => {
                    self.lock_stats().server_errors += 1;
                    format!("HTTP {}", response.status)
                }
                Ok(response) => return Err(status_error(endpoint, &response)),
                Err(network) => {
                    self.lock_stats().network_errors += 1;
                    if attempt >= self.policy.max_retries || !retry_failures {
                        return Err(AdminApiError::Network {
                            endpoint: endpoint.clone(),
                            detail: self.key.scrub(&network),
                        });
                    }
                    network
                }
            };
            if attempt >= self.policy.max_retries || !retry_failures {
                return Err(self.exhausted(endpoint, attempt, &last));
            }
            self.sleep(self.backoff.delay(attempt, &self.policy));
            attempt += 1;
        }
    }

    fn exhausted(&self, endpoint: &Endpoint, retries: u32, last: &str) -> AdminApiError {
        AdminApiError::RetriesExhausted {
            endpoint: endpoint.clone(),
            attempts: retries + 1,
            last: self.key.scrub(last),
        }
    }

    /// One HTTP exchange; a network-level failure comes back as its description.
    fn send_once(
        &self,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<RawResponse, String> {
        let result = match body {
            None => self
                .agent
                .get(url)
                .header("Authorization", self.key.bearer_header())
                .header("Accept", "application/json")
                .call(),
            Some(json) => self
                .agent
                .post(url)
                .header("Authorization", self.key.bearer_header())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .send(json.to_string()),
        };
        let mut response = result.map_err(|err| describe_transport_error(&err))?;
        let status = response.status().as_u16();
        let headers = rate_limit_headers(response.headers());
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(|err| {
                format!(
                    "reading the response body failed: {}",
                    describe_transport_error(&err)
                )
            })?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// Reads every page of a listing. `first_url` is the first page's URL (with its fixed query);
    /// bare cursors are appended to it as `cursor=`. `progress` gets the running item count.
    pub(crate) fn list_all<T>(
        &self,
        endpoint: &Endpoint,
        first_url: &str,
        decode_page: fn(&[u8]) -> Result<Page<T>, DecodeError>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<(Vec<T>, Option<u64>), AdminApiError> {
        let mut items = Vec::new();
        let mut total = None;
        let mut seen: HashSet<String> = HashSet::new();
        let mut url = first_url.to_string();
        seen.insert(url.clone());
        let mut pages_read = 0;
        loop {
            let response = self.request(endpoint, &url, None)?;
            let page =
                decode_page(&response.body).map_err(|detail| AdminApiError::MalformedJson {
                    endpoint: endpoint.clone(),
                    detail: self.key.scrub(&detail),
                })?;
            pages_read += 1;
            items.extend(page.items);
            total = page.total.or(total);
            progress(items.len());
            let Some(next) = page.next else {
                return Ok((items, total));
            };
            url = self.next_url(endpoint, first_url, &next)?;
            if !seen.insert(url.clone()) {
                return Err(AdminApiError::RepeatingCursor {
                    endpoint: endpoint.clone(),
                    pages_read,
                });
            }
        }
    }

    /// The URL of the next page from `links.next`.
    fn next_url(
        &self,
        endpoint: &Endpoint,
        first_url: &str,
        next: &str,
    ) -> Result<String, AdminApiError> {
        let next = next.trim();
        if next.starts_with("http://") || next.starts_with("https://") {
            let origin = origin_of(next).ok_or_else(|| AdminApiError::MalformedJson {
                endpoint: endpoint.clone(),
                detail: "links.next is a URL that cannot be read".to_string(),
            })?;
            if !origin.eq_ignore_ascii_case(&self.origin) {
                return Err(AdminApiError::ForeignNextUrl {
                    endpoint: endpoint.clone(),
                    origin,
                });
            }
            return Ok(next.to_string());
        }
        if next.starts_with('/') {
            return Ok(format!("{}{next}", self.origin));
        }
        let separator = if first_url.contains('?') { '&' } else { '?' };
        Ok(format!(
            "{first_url}{separator}cursor={}",
            percent_encode(next)
        ))
    }
}

fn describe_transport_error(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Io(io) => format!("{} ({:?})", io, io.kind()),
        ureq::Error::HostNotFound => "host not found (DNS)".to_string(),
        ureq::Error::Timeout(what) => format!("timed out ({what})"),
        other => other.to_string(),
    }
}

fn rate_limit_headers(headers: &HeaderMap) -> RateLimitHeaders {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    RateLimitHeaders {
        retry_after: get("retry-after"),
        reset: get("x-ratelimit-reset"),
        remaining: get("x-ratelimit-remaining"),
        limit: get("x-ratelimit-limit"),
    }
}

/// The error for a final non-2xx, non-429, non-5xx answer.
fn status_error(endpoint: &Endpoint, response: &RawResponse) -> AdminApiError {
    let api = Box::new(decode::decode_error_body(&response.body).unwrap_or_default());
    let endpoint = endpoint.clone();
    if api.code.as_deref() == Some("ADMIN-400-4") {
        return AdminApiError::OriginalUserManagement { endpoint };
    }
    match response.status {
        401 => AdminApiError::Unauthorized { endpoint, api },
        403 => AdminApiError::Forbidden { endpoint, api },
        404 => AdminApiError::NotFound { endpoint, api },
        status => AdminApiError::Http {
            endpoint,
            status,
            api: if *api == ApiErrorDetail::default() && (300..400).contains(&status) {
                Box::new(ApiErrorDetail {
                    detail: Some(
                        "a redirect: the key is not sent on; check --api-base".to_string(),
                    ),
                    ..ApiErrorDetail::default()
                })
            } else {
                api
            },
        },
    }
}

/// Splits and checks an API base URL: `(origin, base without trailing slash)`.
pub(crate) fn split_base(url: &str) -> Result<(String, String), AdminApiError> {
    let bad = |why: &str| AdminApiError::BadInput {
        what: format!("--api-base {url:?}: {why}"),
    };
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("not a URL (https://…)"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad("only https:// URLs are supported"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(bad("no host, or credentials in the URL"));
    }
    if scheme == "http" {
        let host = authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host);
        let loopback = host == "localhost" || host == "[::1]" || host.starts_with("127.");
        if !loopback {
            return Err(bad("plain http:// is only allowed for 127.0.0.1/localhost (the key would travel unencrypted)"));
        }
    }
    let origin = format!("{scheme}://{authority}");
    let path = &rest[authority.len()..];
    if path.contains(['?', '#']) {
        return Err(bad("no query or fragment allowed"));
    }
    Ok((origin.clone(), format!("{origin}{path}")))
}

/// `scheme://authority` of an absolute URL, lower-cased scheme.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{}://{authority}", scheme.to_ascii_lowercase()))
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            split_base("https://api.atlassian.com/").unwrap(),
            (
                "https://api.atlassian.com".to_string(),
                "https://api.atlassian.com".to_string()
            )
        );
        assert_eq!(
            split_base("http://127.0.0.1:8080/prefix").unwrap().1,
            "http://127.0.0.1:8080/prefix"
        );
        assert!(split_base("http://api.atlassian.com").is_err());
        assert!(split_base("ftp://x").is_err());
        assert!(split_base("https://user:pw@x").is_err());
        assert!(split_base("api.atlassian.com").is_err());
    }

    #[test]
    fn cursors_are_encoded() {
        assert_eq!(percent_encode("a b/c=d&e"), "a%20b%2Fc%3Dd%26e");
    }
}
