//! The HTTP side of the admin-API client: one request with bounded retries (429, 5xx, network
//! errors, timeouts, and 200 answers whose body is truncated or malformed), per-request connect and
//! read timeouts, a body size cap, an overall deadline, proactive pacing, cursor paging (`links.next`
//! told apart as an absolute URL, the endpoint's own path, or else an opaque cursor; refusing other
//! servers, stopping on a repeating cursor or page, and on pages running past the expected count),
//! and request statistics for the benchmark.

use std::collections::HashSet;
use std::hash::{Hash as _, Hasher as _};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ureq::http::HeaderMap;
use ureq::Agent;

use super::decode::{self, DecodeError, Page};
use super::error::{AdminApiError, ApiErrorDetail, Endpoint};
use super::pacing::{self, Backoff, Clock, RateBudget, RateLimitHeaders, RetryPolicy};
use super::secret::ApiKey;

/// Extra items a listing may return beyond what its count endpoint said, before paging stops:
/// tokens created during the run are fine, an endless listing is not.
pub const COUNT_MARGIN_PERCENT: u64 = 10;
/// ... and at least this many.
pub const COUNT_MARGIN_MIN: u64 = 1_000;

/// What the client did, for the summary and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestStats {
    /// HTTP requests sent (retries included).
    pub requests: u64,
    /// 429 answers received.
    pub rate_limited: u64,
    /// 5xx answers received.
    pub server_errors: u64,
    /// Network errors met (timeouts included).
    pub network_errors: u64,
    /// 2xx answers whose body was truncated or not the expected JSON (retried).
    pub malformed: u64,
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
    /// Shared by every thread using this client (the concurrent listings).
    budget: RateBudget,
    stats: Mutex<RequestStats>,
    started: Instant,
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
            .timeout_connect(Some(policy.connect_timeout))
            .timeout_recv_response(Some(policy.read_timeout))
            .timeout_recv_body(Some(policy.read_timeout))
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
            budget: RateBudget::default(),
            stats: Mutex::new(RequestStats::default()),
            started: Instant::now(),
        })
    }

    /// The base URL (no trailing slash).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether `url` is on this client's API base (a resumed run's next page, read back from a
    /// checkpoint file, must not send the key anywhere else).
    pub fn owns_url(&self, url: &str) -> bool {
        absolute_origin(url).is_some_and(|origin| origin.eq_ignore_ascii_case(&self.origin))
            && url
                .get(..self.base.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(&self.base))
            && matches!(url.as_bytes().get(self.base.len()), Some(b'/' | b'?'))
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

    /// Time left before `--deadline`; `None` without one.
    fn time_left(&self) -> Option<Duration> {
        self.policy
            .deadline
            .map(|deadline| deadline.saturating_sub(self.started.elapsed()))
    }

    fn past_deadline(&self, endpoint: &Endpoint) -> Result<(), AdminApiError> {
        match self.time_left() {
            Some(left) if left.is_zero() => Err(AdminApiError::DeadlineExceeded {
                endpoint: endpoint.clone(),
                seconds: self.policy.deadline.unwrap_or_default().as_secs(),
            }),
            _ => Ok(()),
        }
    }

    fn sleep(&self, duration: Duration) {
        // Never sleep past the deadline: the next attempt then stops with a clear error.
        let duration = self.time_left().map_or(duration, |left| duration.min(left));
        if duration.is_zero() {
            return;
        }
        self.lock_stats().waited += duration;
        self.clock.sleep(duration);
    }

    /// A POST that must not be repeated after a 5xx or a network error (it may have been
    /// carried out); a 429 is still waited out and retried, since it was not.
    pub(crate) fn request_once(
        &self,
        endpoint: &Endpoint,
        url: &str,
        body: &serde_json::Value,
    ) -> Result<RawResponse, AdminApiError> {
        self.request_decoded(endpoint, url, Some(body), false, &|response| Ok(response))
    }

    /// One request with retries whose 2xx body must also pass `decode`: a truncated or malformed
    /// body (a dropped connection, a proxy) is a transient fault and is retried like a 5xx.
    pub(crate) fn request_decoded<R>(
        &self,
        endpoint: &Endpoint,
        url: &str,
        body: Option<&serde_json::Value>,
        retry_failures: bool,
        decode: &dyn Fn(RawResponse) -> Result<R, DecodeError>,
    ) -> Result<R, AdminApiError> {
        let mut attempt: u32 = 0;
        // Set after this thread waited out its own 429: it then goes without asking the budget.
        let mut waited_out_429 = false;
        loop {
            self.past_deadline(endpoint)?;
            // Wait for a slot of the shared rate budget (every listing thread draws from it).
            // One wait is enough: after it, the window has reset, and the answer tells the rest.
            let waited_already = std::mem::take(&mut waited_out_429);
            if waited_already {
                self.budget.take(self.clock.now());
            } else if let Some(wait) = self.budget.reserve(self.clock.now()) {
                if wait > self.policy.max_wait {
                    return Err(AdminApiError::RateLimitedTooLong {
                        endpoint: endpoint.clone(),
                        wait_seconds: wait.as_secs(),
                    });
                }
                self.sleep(wait);
                self.past_deadline(endpoint)?;
                self.budget.take(self.clock.now());
            }
            self.lock_stats().requests += 1;
            let outcome = self.send_once(url, body);
            let now = self.clock.now();
            let headers = match &outcome {
                Ok(response) => response.headers.clone(),
                Err(_) => RateLimitHeaders::default(),
            };
            self.budget
                .observe(&headers, now, self.policy.proactive_pacing);
            let last = match outcome {
                Ok(response) if (200..300).contains(&response.status) => match decode(response) {
                    Ok(decoded) => return Ok(decoded),
                    Err(detail) => {
                        self.lock_stats().malformed += 1;
                        if attempt >= self.policy.max_retries || !retry_failures {
                            return Err(AdminApiError::MalformedJson {
                                endpoint: endpoint.clone(),
                                detail: format!(
                                    "{} (after {} attempts)",
                                    self.key.scrub(&detail),
                                    attempt + 1
                                ),
                            });
                        }
                        format!("a malformed body: {detail}")
                    }
                },
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
                    // Everyone waits, not only this thread: the window is spent for all.
                    self.budget.block_until(crate::audit::Timestamp(
                        now.0
                            .saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)),
                    ));
                    self.sleep(wait);
                    waited_out_429 = true;
                    attempt += 1;
                    continue;
                }
                Ok(response) if response.status >= 500 => {
                    self.lock_stats().server_errors += 1;
                    format!("HTTP {}", response.status)
                }
                Ok(response) => return Err(status_error(endpoint, &response)),
                Err(SendError::TooLarge(limit)) => {
                    // Not retried: the same huge body would be downloaded again.
                    return Err(AdminApiError::BodyTooLarge {
                        endpoint: endpoint.clone(),
                        limit,
                    });
                }
                Err(SendError::Network(network)) => {
                    self.lock_stats().network_errors += 1;
                    if attempt >= self.policy.max_retries || !retry_failures {
                        return Err(AdminApiError::Network {
                            endpoint: endpoint.clone(),
                            detail: format!(
                                "{} (after {} attempts)",
                                self.key.scrub(&network),
                                attempt + 1
                            ),
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
    ) -> Result<RawResponse, SendError> {
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
        let mut response =
            result.map_err(|err| SendError::Network(describe_transport_error(&err)))?;
        let status = response.status().as_u16();
        let headers = rate_limit_headers(response.headers());
        let limit = self.policy.max_body_bytes;
        let body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|err| match err {
                ureq::Error::BodyExceedsLimit(_) => SendError::TooLarge(limit),
                other => SendError::Network(format!(
                    "reading the response body failed: {}",
                    describe_transport_error(&other)
                )),
            })?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// Reads every page of a listing. `first_url` is the first page's URL (with its fixed query);
    /// bare cursors are appended to it as `cursor=`. `progress` gets the running item count.
    /// `expected` is what the listing's count endpoint said, if known: paging stops (with an
    /// error) once the items run past it by [`COUNT_MARGIN_PERCENT`].
    ///
    /// Whatever happens, the items read so far come back: [`Listed::error`] says why paging
    /// stopped early, so the caller can report a partial run instead of losing everything.
    pub(crate) fn list_all<T>(
        &self,
        endpoint: &Endpoint,
        first_url: &str,
        decode_page: fn(&[u8]) -> Result<Page<T>, DecodeError>,
        expected: Option<u64>,
        item_key: fn(&T) -> &str,
        progress: &mut dyn FnMut(usize),
    ) -> Listed<T> {
        let mut items = Vec::new();
        let mut listed = self.for_each_page(
            endpoint,
            first_url,
            None,
            decode_page,
            expected,
            item_key,
            &mut |page, _next| {
                items.extend(page);
                progress(items.len());
            },
        );
        listed.items = items;
        listed
    }

    /// [`AdminClient::list_all`] without keeping the items: each page goes to `sink` as it is read
    /// (the streaming audit keeps memory flat), with the URL of the page that follows it (`None`
    /// when paging ends there, at the last page or because it must stop). The returned [`Listed`]
    /// has no items; `read` says how many went to the sink.
    ///
    /// `start_url` (a resumed run, `--checkpoint`) is where paging begins instead of `first_url`;
    /// bare cursors are still appended to `first_url`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn for_each_page<T>(
        &self,
        endpoint: &Endpoint,
        first_url: &str,
        start_url: Option<&str>,
        decode_page: fn(&[u8]) -> Result<Page<T>, DecodeError>,
        expected: Option<u64>,
        item_key: fn(&T) -> &str,
        sink: &mut dyn FnMut(Vec<T>, Option<&str>),
    ) -> Listed<T> {
        let mut listed = Listed {
            items: Vec::new(),
            read: 0,
            total: None,
            error: None,
            note: None,
        };
        let mut seen_urls: HashSet<String> = HashSet::new();
        // A fingerprint of each page's item keys: an API handing out fresh cursors for the same
        // page (or for endless empty pages) is caught without keeping every id in memory.
        let mut seen_pages: HashSet<u64> = HashSet::new();
        let mut url = start_url.unwrap_or(first_url).to_string();
        seen_urls.insert(url.clone());
        let mut pages_read = 0;
        let ceiling = expected.map(|n| n + (n * COUNT_MARGIN_PERCENT / 100).max(COUNT_MARGIN_MIN));
        loop {
            let page = match self.request_decoded(endpoint, &url, None, true, &|response| {
                decode_page(&response.body)
            }) {
                Ok(page) => page,
                Err(err) => {
                    listed.error = Some(err);
                    return listed;
                }
            };
            pages_read += 1;
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            page.items.len().hash(&mut hasher);
            for item in &page.items {
                item_key(item).hash(&mut hasher);
            }
            if !seen_pages.insert(hasher.finish()) {
                self.stop_repeating(endpoint, &mut listed, expected, pages_read);
                return listed;
            }
            listed.read += page.items.len() as u64;
            listed.total = page.total.or(listed.total);
            // Where paging goes next is settled before the page is handed on, so the sink (the
            // checkpoint) records a page together with the URL that follows it.
            let past_count = ceiling.is_some_and(|ceiling| listed.read > ceiling);
            let next_url = match page.next {
                _ if past_count => Err(AdminApiError::PastCount {
                    endpoint: endpoint.clone(),
                    expected: expected.unwrap_or_default(),
                    read: listed.read,
                }),
                None => Ok(None),
                Some(next) => self.next_url(endpoint, first_url, &next).map(Some),
            };
            let next_url = match next_url {
                Ok(Some(next)) if !seen_urls.insert(next.clone()) => {
                    sink(page.items, None);
                    self.stop_repeating(endpoint, &mut listed, expected, pages_read);
                    return listed;
                }
                Ok(next) => next,
                Err(err) => {
                    sink(page.items, None);
                    listed.error = Some(err);
                    return listed;
                }
            };
            sink(page.items, next_url.as_deref());
            match next_url {
                None => return listed,
                Some(next) => url = next,
            }
        }
    }

    /// A repeating cursor or page: harmless when everything the count promised was read (a note),
    /// an error otherwise.
    fn stop_repeating<T>(
        &self,
        endpoint: &Endpoint,
        listed: &mut Listed<T>,
        expected: Option<u64>,
        pages_read: usize,
    ) {
        let complete = expected.is_some_and(|n| listed.read >= n);
        if complete {
            listed.note = Some(format!(
                "{endpoint}: links.next kept going after the last item (a repeating cursor or page \
                 after {pages_read} pages); stopped, and every item the count promised was read."
            ));
        } else {
            listed.error = Some(AdminApiError::RepeatingCursor {
                endpoint: endpoint.clone(),
                pages_read,
            });
        }
    }

    /// The URL of the next page from `links.next`. An absolute `http(s)://` URL is a URL (and must
    /// be on our own origin); a value that is the endpoint's own path (with a query) is a path;
    /// everything else is an opaque cursor, URL-encoded. Base64 cursors may begin with `/`, `+` or
    /// `=`, so the first character decides nothing.
    fn next_url(
        &self,
        endpoint: &Endpoint,
        first_url: &str,
        next: &str,
    ) -> Result<String, AdminApiError> {
        let next = next.trim();
        if let Some(origin) = absolute_origin(next) {
            if !origin.eq_ignore_ascii_case(&self.origin) {
                return Err(AdminApiError::ForeignNextUrl {
                    endpoint: endpoint.clone(),
                    origin: self.key.scrub(&origin),
                });
            }
            return Ok(next.to_string());
        }
        let own_path = format!("{}{}", &self.base[self.origin.len()..], endpoint.path);
        if let Some(rest) = next.strip_prefix(own_path.as_str()) {
            if rest.is_empty() || rest.starts_with('?') {
                return Ok(format!("{}{next}", self.origin));
            }
        }
        let separator = if first_url.contains('?') { '&' } else { '?' };
        Ok(format!(
            "{first_url}{separator}cursor={}",
            percent_encode(next)
        ))
    }
}

/// A listing as far as it could be read.
#[derive(Debug)]
pub struct Listed<T> {
    pub items: Vec<T>,
    /// Items read (also when they went to a sink instead of `items`).
    pub read: u64,
    /// `total` from the listing's own pages, when given.
    pub total: Option<u64>,
    /// Why paging stopped before the end (the items are then incomplete).
    pub error: Option<AdminApiError>,
    /// Something odd that did not lose anything.
    pub note: Option<String>,
}

impl<T> Listed<T> {
    /// The items when the listing was read to its end, else the error that stopped it.
    pub fn into_result(self) -> Result<Vec<T>, AdminApiError> {
        match self.error {
            None => Ok(self.items),
            Some(err) => Err(err),
        }
    }
}

/// Why one exchange failed.
enum SendError {
    Network(String),
    TooLarge(u64),
}

/// `scheme://authority` (scheme lower-cased) when `text` is an absolute http(s) URL.
fn absolute_origin(text: &str) -> Option<String> {
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
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
    let host = host_of(authority).ok_or_else(|| bad("the host or port cannot be read"))?;
    if scheme == "http" && !is_loopback(&host) {
        return Err(bad("plain http:// is only allowed for 127.0.0.1/localhost (the key would travel unencrypted)"));
    }
    let path = &rest[authority.len()..];
    let authority = authority.to_ascii_lowercase();
    let origin = format!("{scheme}://{authority}");
    if path.contains(['?', '#']) {
        return Err(bad("no query or fragment allowed"));
    }
    Ok((origin.clone(), format!("{origin}{path}")))
}

/// The host of an `authority` (`host[:port]`, `[v6][:port]`), lower-cased; `None` when the port
/// is not a number or the host is empty. Parsed first, so that the loopback rule below compares
/// whole hosts: `127.0.0.1.evil.example` is a host name, not a loopback address.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']')?;
        if !after.is_empty() && !after.starts_with(':') {
            return None; // `[::1].evil.example` is not a host
        }
        (format!("[{inside}]"), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_string(), Some(port)),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() || host == "[]" {
        return None;
    }
    if let Some(port) = port {
        if port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u16>().is_err()
        {
            return None;
        }
    }
    Some(host.to_ascii_lowercase())
}

/// `localhost`, an IPv4 address in 127.0.0.0/8, or `[::1]`.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    }
    host.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// One percent-encoding for the whole crate (cursors, redaction forms).
pub(crate) use crate::util::percent::percent_encode;

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
        // Hosts are parsed before the loopback rule: these are other machines.
        for hostile in [
            "http://127.0.0.1.evil.example",
            "http://127.0.0.1.evil.example:8080",
            "http://localhost.evil.example",
            "http://127.0.0.1:80@evil.example",
            "http://[::1].evil.example",
            "http://127.0.0.1:notaport",
        ] {
            assert!(split_base(hostile).is_err(), "{hostile} was accepted");
        }
        assert!(split_base("http://LOCALHOST:9").is_ok());
        assert!(split_base("http://[::1]:9").is_ok());
        assert!(split_base("http://127.1.2.3:9").is_ok());
    }

    #[test]
    fn links_next_is_told_apart_without_looking_at_its_first_character() {
        use crate::admin_api::{ApiKey, RetryPolicy, SystemClock};
        let client = AdminClient::new(
            "https://api.example.test/prefix",
            ApiKey::new("k-123456").unwrap(),
            Arc::new(SystemClock),
            RetryPolicy::default(),
        )
        .unwrap();
        let endpoint = Endpoint {
            what: "listing",
            method: "GET",
            path: "/admin/v1/orgs/o/users".to_string(),
        };
        let first = "https://api.example.test/prefix/admin/v1/orgs/o/users?pageSize=5";
        let next = |n: &str| client.next_url(&endpoint, first, n);
        for cursor in ["/abc+def=", "+AbC/=", "=x/y", "abc", "/admin/other?x=1"] {
            assert_eq!(
                next(cursor).unwrap(),
                format!("{first}&cursor={}", percent_encode(cursor)),
                "{cursor}"
            );
        }
        assert_eq!(
            next("/prefix/admin/v1/orgs/o/users?cursor=Q").unwrap(),
            "https://api.example.test/prefix/admin/v1/orgs/o/users?cursor=Q"
        );
        assert_eq!(
            next("HTTPS://API.example.test/prefix/admin/v1/orgs/o/users?cursor=Q").unwrap(),
            "HTTPS://API.example.test/prefix/admin/v1/orgs/o/users?cursor=Q"
        );
        assert!(matches!(
            next("https://api.example.test.evil.example/x"),
            Err(AdminApiError::ForeignNextUrl { .. })
        ));
        assert!(matches!(
            next("http://api.example.test/x"),
            Err(AdminApiError::ForeignNextUrl { .. })
        ));
    }

    #[test]
    fn cursors_are_encoded() {
        assert_eq!(percent_encode("a b/c=d&e"), "a%20b%2Fc%3Dd%26e");
    }
}
