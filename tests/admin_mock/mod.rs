//! An in-process mock of Atlassian's organization admin APIs (docs/reference/atlassian.md §3), on
//! 127.0.0.1 only, for the audit tests and the benchmark: the api-tokens listing (and its count),
//! the org-users listing, the experimental service-accounts listing and creation, and the
//! service accounts' API tokens (`…/service-accounts/api-tokens`), with cursor
//! paging (`links.next` as a bare cursor, a path or a full URL), data generated on the fly (an org
//! of 100,000 tokens costs no memory), scripted faults (429 with `Retry-After`, `X-RateLimit-Reset`
//! as ISO-8601 or epoch, 5xx, malformed JSON, a repeating cursor), error bodies (401, 403
//! `ADMIN-UAM-403-2`, 404, `ADMIN-400-4`) and a fixed-window rate limiter of N requests per window.
//!
//! Sources of the shapes (docs/reference/atlassian-2026-12.md): api-tokens, count and
//! service-accounts from developer.atlassian.com's API Access reference (A3, A4); v1 org users from
//! jira.js `admin.getUsers`; the v2 directories and directory users (`data[]` of `accountId`,
//! `accountStatus`, `membershipStatus`, `links.next`, `limit`) from the v2 organization API's
//! field list (A4, jira.js `getDirectoryUserDetails`); the service accounts' API tokens listing is
//! a documented operation whose response shape is unconfirmed (A3), so the mock answers in the
//! api-tokens listing's shape.
//!
//! Include it with `mod admin_mock;` from a test (or `#[path]` from the benchmark example).

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};

/// How `links.next` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStyle {
    /// A bare cursor, passed back as `?cursor=`.
    Cursor,
    /// A full URL on the mock.
    FullUrl,
    /// A path (`/admin/…?cursor=…`).
    Path,
}

/// The listings the mock serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Listing {
    Tokens,
    TokenCount,
    Users,
    ServiceAccounts,
    /// `GET /admin/v2/orgs/{org}/directories` (when `directory_v2`).
    Directories,
    /// `GET /admin/v2/orgs/{org}/directories/{id}/users` (when `directory_v2`).
    DirectoryUsers,
    /// `GET …/service-accounts/api-tokens` (documented operation, response shape unconfirmed:
    /// the mock answers in the api-tokens listing's shape, `data[]` and `links.next`).
    ServiceAccountTokens,
    CreateServiceAccount,
}

/// A scripted misbehaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `Retry-After: N` (seconds).
    RetryAfter(u64),
    /// 429 with `X-RateLimit-Reset` as ISO-8601, this many ms from now.
    ResetIso(u64),
    /// 429 with `X-RateLimit-Reset` as epoch seconds, this many seconds from now.
    ResetEpoch(u64),
    /// 429 with no header at all.
    BareRateLimit,
    /// This 5xx status with an HTML body.
    ServerError(u16),
    /// 200 with a truncated JSON body.
    MalformedJson,
    /// An error status with an `{errors:[…]}` body carrying this code.
    Error(u16, &'static str),
    /// A hostile or buggy server: 400 whose error detail echoes the `Authorization` header.
    EchoAuthorization,
    /// A hostile or buggy server: 400 echoing the key lower-cased, URL-encoded and base64-encoded.
    EchoKeyEncoded,
    /// 200 whose head promises the whole page but whose connection drops halfway through the body
    /// (a dropped connection, a proxy cutting off).
    TruncatedBody,
    /// Accepts the request, then says nothing for this many ms (a hung server).
    Hang(u64),
    /// 200 with a body of this many bytes (a proxy's error page, a runaway server).
    HugeBody(usize),
}

/// What the listing does after its last item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndlessTail {
    /// Fresh cursors for ever, each page empty.
    EmptyPages,
    /// Fresh cursors for ever, each page the last page again.
    RepeatLastPage,
}

/// `fault` on the `nth` (1-based) request to `listing`.
#[derive(Debug, Clone)]
pub struct ScriptedFault {
    pub listing: Listing,
    pub nth: usize,
    pub fault: Fault,
}

/// Which header the limiter's own 429s carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHeader {
    RetryAfter,
    ResetIso,
    ResetEpoch,
}

/// A fixed window of `requests` per `window`; every answer carries `X-RateLimit-*` headers.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub requests: u32,
    pub window: Duration,
    pub header_on_429: LimitHeader,
}

/// What the mock serves.
#[derive(Debug, Clone)]
pub struct MockConfig {
    pub org_id: String,
    /// The only key accepted (`Authorization: Bearer <key>`); anything else gets 401.
    pub api_key: String,
    pub tokens: usize,
    pub users: usize,
    pub service_accounts: usize,
    pub page_size: usize,
    pub next_style: NextStyle,
    pub faults: Vec<ScriptedFault>,
    /// Every request to this listing fails this way.
    pub always_fail: Vec<(Listing, Fault)>,
    /// After this many token pages, `links.next` points back at page 2.
    pub repeat_cursor_after_pages: Option<usize>,
    /// `links.next` on the first token page points at another server.
    pub foreign_next: bool,
    pub rate_limit: Option<RateLimit>,
    /// Every cursor starts with this (real cursors are base64: `/`, `+` and `=` occur anywhere).
    pub cursor_lead: &'static str,
    /// The token listing does not stop after its last item.
    pub endless_tail: Option<EndlessTail>,
    /// The largest `pageSize` honoured (larger requests get this many).
    pub max_page_size: usize,
    /// Every 50th token (from the 2nd) gets a label and owner name made to break out of HTML, CSV
    /// and terminals (a person can type anything into a token's label).
    pub hostile_labels: bool,
    /// The org answers the v2 directory API (two directories: `dir-local` with every user,
    /// `dir-idp` with the even ones, same standings); `false`: 404, as where it is unavailable.
    pub directory_v2: bool,
}

impl MockConfig {
    pub fn new(org_id: &str, api_key: &str) -> MockConfig {
        MockConfig {
            org_id: org_id.to_string(),
            api_key: api_key.to_string(),
            tokens: 250,
            users: 40,
            service_accounts: 2,
            page_size: 100,
            next_style: NextStyle::Cursor,
            faults: Vec::new(),
            always_fail: Vec::new(),
            repeat_cursor_after_pages: None,
            foreign_next: false,
            rate_limit: None,
            cursor_lead: "",
            endless_tail: None,
            max_page_size: 1000,
            hostile_labels: false,
            directory_v2: true,
        }
    }
}

/// What the mock saw.
#[derive(Debug, Default, Clone)]
pub struct MockStats {
    pub requests: usize,
    pub per_listing: HashMap<String, usize>,
    pub rate_limited: usize,
    /// When each request arrived, relative to the mock's start.
    pub arrivals: Vec<Duration>,
    /// Bodies of service-account creation requests.
    pub created: Vec<Value>,
    /// Requests whose `Authorization` was not the configured key.
    pub unauthorized: usize,
    /// Every request line, for debugging.
    pub request_lines: Vec<String>,
}

struct State {
    stats: MockStats,
    window_start: Instant,
    window_count: u32,
}

/// A running mock; stops when dropped.
pub struct AdminMock {
    pub base_url: String,
    config: Arc<MockConfig>,
    state: Arc<Mutex<State>>,
    stopping: Arc<AtomicBool>,
    port: u16,
    acceptor: Option<JoinHandle<()>>,
    /// "Now" for the generated data (epoch ms).
    pub now_ms: i64,
}

impl AdminMock {
    pub fn start(config: MockConfig) -> AdminMock {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the mock on 127.0.0.1");
        let port = listener.local_addr().expect("a local address").port();
        let base_url = format!("http://127.0.0.1:{port}");
        let now_ms = epoch_ms();
        let started = Instant::now();
        let config = Arc::new(config);
        let state = Arc::new(Mutex::new(State {
            stats: MockStats::default(),
            window_start: started,
            window_count: 0,
        }));
        let stopping = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (config, state, stopping) = (
                Arc::clone(&config),
                Arc::clone(&state),
                Arc::clone(&stopping),
            );
            let base_url = base_url.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (config, state) = (Arc::clone(&config), Arc::clone(&state));
                    let base_url = base_url.clone();
                    std::thread::spawn(move || {
                        serve_connection(stream, &config, &state, &base_url, now_ms, started)
                    });
                }
            })
        };
        AdminMock {
            base_url,
            config,
            state,
            stopping,
            port,
            acceptor: Some(acceptor),
            now_ms,
        }
    }

    pub fn stats(&self) -> MockStats {
        self.state.lock().unwrap().stats.clone()
    }

    /// The ids of every token the mock serves, in order.
    pub fn token_ids(&self) -> Vec<String> {
        (0..self.config.tokens).map(token_id).collect()
    }
}

impl Drop for AdminMock {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the acceptor so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn epoch_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

const DAY_MS: i64 = 86_400_000;

fn iso(ms: i64) -> String {
    token_warden::audit::Timestamp(ms).to_iso8601()
}

pub fn token_id(i: usize) -> String {
    format!("tok-{i:06}")
}

pub fn user_id(j: usize) -> String {
    format!("user-{j:05}")
}

const LABELS: [&str; 8] = [
    "Jenkins CI deploy",
    "weekly jira report",
    "Confluence publishing bot",
    "personal scripts",
    "Slack notifier",
    "backup",
    "",
    "Bitbucket pull request bot",
];

/// What `hostile_labels` puts in a label: markup, an event handler, an external image, quotes.
pub const HOSTILE_LABEL: &str =
    "<script>alert(1)</script><img src=\"https://evil.example/x.png\" onerror=alert(2)> \"q\" & 'a'";
/// ... and in the owner's name: an attempt to close the table cell and add a link.
pub const HOSTILE_NAME: &str = "</td><a href=\"https://evil.example/\">Mallory</a><style>@import url(//evil.example/c.css)</style>";

/// Token `i`, deterministic: owners cycle through the users (every 97th is a user no longer in
/// the org), use and expiry follow `i`'s residues.
pub fn token_json(i: usize, users: usize, now_ms: i64) -> Value {
    let owner = if i % 97 == 0 || users == 0 {
        format!("ghost-{i}")
    } else {
        user_id(i % users)
    };
    let last_active = match i % 5 {
        0 => Some(now_ms - 2 * DAY_MS),
        1 => Some(now_ms - 60 * DAY_MS),
        2 => Some(now_ms - 200 * DAY_MS),
        3 => None,
        _ => Some(now_ms - 10 * DAY_MS),
    };
    let expires = if i % 7 == 0 {
        now_ms + 10 * DAY_MS
    } else {
        now_ms + 200 * DAY_MS
    };
    let scopes: Vec<&str> = if i % 3 == 0 {
        vec![]
    } else {
        vec!["read:jira-work", "write:jira-work"]
    };
    json!({
        "id": token_id(i),
        "label": format!("{} {}", LABELS[i % LABELS.len()], i % 13).trim(),
        "status": if i % 11 == 0 { "BLOCKED" } else { "ALLOWED" },
        "createdAt": iso(now_ms - (100 + (i as i64 * 37) % 900) * DAY_MS),
        "expiresAt": iso(expires),
        "lastActiveAt": last_active.map(iso),
        "user": {"id": owner, "orgId": "org", "name": format!("Person {owner}"), "email": format!("{owner}@example.com")},
        "scopes": scopes,
    })
}

/// User `j`: every 10th deactivated (`inactive`), every 17th suspended, the rest active.
pub fn user_json(j: usize) -> Value {
    let status = if j % 10 == 0 {
        "inactive"
    } else if j % 17 == 0 {
        "suspended"
    } else {
        "active"
    };
    json!({
        "account_id": user_id(j),
        "account_type": "atlassian",
        "account_status": status,
        "name": format!("Person {}", user_id(j)),
        "email": format!("{}@example.com", user_id(j)),
        "last_active": "2025-01-01T00:00:00.000Z",
    })
}

/// User `j` as the v2 directory API shows them: the same standing as [`user_json`] (every 10th
/// `inactive`, every 17th suspended), in the v2 fields.
pub fn user_v2_json(j: usize) -> Value {
    let (account, membership) = if j % 10 == 0 {
        ("inactive", "active")
    } else if j % 17 == 0 {
        ("active", "suspended")
    } else {
        ("active", "active")
    };
    json!({
        "accountId": user_id(j),
        "accountType": "atlassian",
        "accountStatus": account,
        "membershipStatus": membership,
        "name": format!("Person {}", user_id(j)),
        "email": format!("{}@example.com", user_id(j)),
    })
}

/// A response header.
struct Header(String, String);

fn header(name: &str, value: &str) -> Header {
    Header(name.to_string(), value.to_string())
}

/// One parsed HTTP/1.1 request.
struct Request {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Reply {
    status: u16,
    headers: Vec<Header>,
    body: String,
    mode: ReplyMode,
}

/// How a reply goes on the wire.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ReplyMode {
    Whole,
    /// Send half of the body, then close the connection.
    Truncated,
    /// Wait this long before answering.
    Hang(u64),
    /// A body of this many bytes (streamed, never held in memory).
    Huge(usize),
}

/// Reads requests off one keep-alive connection and answers each with a single write (and
/// TCP_NODELAY), so the mock adds no Nagle/delayed-ACK latency to the measurements.
fn serve_connection(
    stream: TcpStream,
    config: &MockConfig,
    state: &Mutex<State>,
    base_url: &str,
    now_ms: i64,
    started: Instant,
) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let (Some(method), Some(url)) = (parts.next(), parts.next()) else {
            return;
        };
        let (method, url) = (method.to_string(), url.to_string());
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length.min(1 << 20)];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let close = headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"));
        let reply = handle(
            Request {
                method,
                url,
                headers,
                body,
            },
            config,
            state,
            base_url,
            now_ms,
            started,
        );
        if let ReplyMode::Hang(ms) = reply.mode {
            std::thread::sleep(Duration::from_millis(ms));
            return;
        }
        let length = match reply.mode {
            ReplyMode::Huge(bytes) => bytes,
            _ => reply.body.len(),
        };
        let mut out = format!(
            "HTTP/1.1 {} Mock\r\nContent-Length: {length}\r\nContent-Type: application/json\r\n",
            reply.status,
        );
        for Header(name, value) in &reply.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        match reply.mode {
            ReplyMode::Truncated => {
                out.push_str(&reply.body[..reply.body.len() / 2]);
                let _ = writer.write_all(out.as_bytes());
                let _ = writer.shutdown(std::net::Shutdown::Both);
                return;
            }
            ReplyMode::Huge(bytes) => {
                if writer.write_all(out.as_bytes()).is_err() {
                    return;
                }
                let chunk = vec![b' '; 64 * 1024];
                let mut sent = 0;
                while sent < bytes {
                    let n = chunk.len().min(bytes - sent);
                    if writer.write_all(&chunk[..n]).is_err() {
                        return; // the client stopped reading: good
                    }
                    sent += n;
                }
                continue;
            }
            _ => {}
        }
        out.push_str(&reply.body);
        if writer.write_all(out.as_bytes()).is_err() || close {
            return;
        }
    }
}

fn error_body(status: u16, code: &str) -> String {
    json!({"errors": [{"id": "mock-error", "code": code, "status": status.to_string(),
        "title": format!("mock {status}"), "detail": format!("The mock answered {code}.")}]})
    .to_string()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 4648 base64 with padding (the mock's own, so it shares nothing with the client's).
fn base64_standard(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Cursors are opaque and need URL-encoding (`/`, `=` and `+`), as real base64 ones may, and may
/// start with any of them (`lead`).
fn cursor_for(lead: &str, offset: usize) -> String {
    format!("{lead}o{offset}/c+=")
}

fn offset_of(lead: &str, cursor: &str) -> Option<usize> {
    cursor
        .strip_prefix(lead)?
        .strip_prefix('o')?
        .strip_suffix("/c+=")?
        .parse()
        .ok()
}

fn handle(
    request: Request,
    config: &MockConfig,
    state: &Mutex<State>,
    base_url: &str,
    now_ms: i64,
    started: Instant,
) -> Reply {
    let url = request.url.clone();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let params: HashMap<String, String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), percent_decode(v)))
        .collect();
    let authorization: String = request
        .header("Authorization")
        .unwrap_or_default()
        .to_string();
    let authorized = authorization == format!("Bearer {}", config.api_key);

    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (listing, org) = match (request.method.as_str(), segments.as_slice()) {
        ("GET", ["admin", "api-access", "v1", "orgs", org, "api-tokens"]) => {
            (Some(Listing::Tokens), *org)
        }
        ("GET", ["admin", "api-access", "v1", "orgs", org, "api-tokens", "count"]) => {
            (Some(Listing::TokenCount), *org)
        }
        ("GET", ["admin", "v1", "orgs", org, "users"]) => (Some(Listing::Users), *org),
        ("GET", ["admin", "v2", "orgs", org, "directories"]) => (Some(Listing::Directories), *org),
        ("GET", ["admin", "v2", "orgs", org, "directories", _, "users"]) => {
            (Some(Listing::DirectoryUsers), *org)
        }
        ("GET", ["admin", "api-access", "v1", "orgs", org, "service-accounts"]) => {
            (Some(Listing::ServiceAccounts), *org)
        }
        ("GET", ["admin", "api-access", "v1", "orgs", org, "service-accounts", "api-tokens"]) => {
            (Some(Listing::ServiceAccountTokens), *org)
        }
        ("POST", ["admin", "api-access", "v1", "orgs", org, "service-accounts"]) => {
            (Some(Listing::CreateServiceAccount), *org)
        }
        _ => (None, ""),
    };

    // Bookkeeping and the rate limiter.
    let mut rate_headers = Vec::new();
    let (nth, limited) = {
        let mut state = state.lock().unwrap();
        let state = &mut *state;
        state.stats.requests += 1;
        state.stats.arrivals.push(started.elapsed());
        state
            .stats
            .request_lines
            .push(format!("{} {url}", request.method));
        if !authorized {
            state.stats.unauthorized += 1;
        }
        let nth = listing.map_or(0, |l| {
            let count = state.stats.per_listing.entry(format!("{l:?}")).or_insert(0);
            *count += 1;
            *count
        });
        let mut limited = None;
        if let Some(limit) = config.rate_limit {
            let now = Instant::now();
            if now.duration_since(state.window_start) >= limit.window {
                // Windows are aligned to the mock's start.
                let windows =
                    now.duration_since(started).as_nanos() / limit.window.as_nanos().max(1);
                state.window_start = started + limit.window * windows as u32;
                state.window_count = 0;
            }
            state.window_count += 1;
            let reset_in = (state.window_start + limit.window).saturating_duration_since(now);
            let reset_at_ms = epoch_ms() + reset_in.as_millis() as i64 + 1;
            rate_headers.push(header("X-RateLimit-Limit", &limit.requests.to_string()));
            rate_headers.push(header(
                "X-RateLimit-Remaining",
                &limit
                    .requests
                    .saturating_sub(state.window_count)
                    .to_string(),
            ));
            rate_headers.push(header("X-RateLimit-Reset", &iso(reset_at_ms)));
            if state.window_count > limit.requests {
                state.stats.rate_limited += 1;
                limited = Some((limit.header_on_429, reset_in, reset_at_ms));
            }
        }
        (nth, limited)
    };

    let respond = |_request: Request, status: u16, body: String, headers: Vec<Header>| Reply {
        status,
        headers,
        body,
        mode: ReplyMode::Whole,
    };

    if let Some((kind, reset_in, reset_at_ms)) = limited {
        let mut headers = Vec::new();
        match kind {
            LimitHeader::RetryAfter => headers.push(header(
                "Retry-After",
                &reset_in.as_secs_f64().ceil().max(1.0).to_string(),
            )),
            LimitHeader::ResetIso => headers.push(header("X-RateLimit-Reset", &iso(reset_at_ms))),
            LimitHeader::ResetEpoch => headers.push(header(
                "X-RateLimit-Reset",
                &((reset_at_ms + 999) / 1000).to_string(),
            )),
        }
        return respond(request, 429, error_body(429, "RATE-LIMITED"), headers);
    }
    if !authorized {
        return respond(
            request,
            401,
            error_body(401, "ADMIN-UAM-401-1"),
            rate_headers,
        );
    }
    let Some(listing) = listing else {
        return respond(request, 404, error_body(404, "NOT-FOUND"), rate_headers);
    };
    if matches!(listing, Listing::Directories | Listing::DirectoryUsers) && !config.directory_v2 {
        return respond(request, 404, error_body(404, "NOT-FOUND"), rate_headers);
    }
    if org != config.org_id {
        return respond(
            request,
            404,
            error_body(404, "ADMIN-UAM-404-2"),
            rate_headers,
        );
    }

    let fault = config
        .faults
        .iter()
        .find(|f| f.listing == listing && f.nth == nth)
        .map(|f| f.fault.clone())
        .or_else(|| {
            config
                .always_fail
                .iter()
                .find(|(l, _)| *l == listing)
                .map(|(_, f)| f.clone())
        });
    if let Some(fault) = fault {
        let now = epoch_ms();
        let with_mode = |mode: ReplyMode| Reply {
            status: 200,
            headers: vec![],
            body: "{\"data\":[{\"id\":\"tok-000000\",\"label\":\"cut off here\"}],\"links\":{}}"
                .to_string(),
            mode,
        };
        return match fault {
            Fault::TruncatedBody => with_mode(ReplyMode::Truncated),
            Fault::Hang(ms) => with_mode(ReplyMode::Hang(ms)),
            Fault::HugeBody(bytes) => with_mode(ReplyMode::Huge(bytes)),
            Fault::EchoKeyEncoded => {
                let key = &config.api_key;
                let echoed = format!(
                    "lower {} url {} b64 {}",
                    key.to_lowercase(),
                    encode(key),
                    base64_standard(&format!("Bearer {key}"))
                );
                let body =
                    json!({"errors": [{"code": "ECHO", "title": "bad request", "detail": echoed}]});
                respond(request, 400, body.to_string(), vec![])
            }
            Fault::RetryAfter(seconds) => respond(
                request,
                429,
                String::new(),
                vec![header("Retry-After", &seconds.to_string())],
            ),
            Fault::ResetIso(ms) => respond(
                request,
                429,
                String::new(),
                vec![header("X-RateLimit-Reset", &iso(now + ms as i64))],
            ),
            Fault::ResetEpoch(seconds) => respond(
                request,
                429,
                String::new(),
                vec![header(
                    "X-RateLimit-Reset",
                    &(now / 1000 + seconds as i64).to_string(),
                )],
            ),
            Fault::BareRateLimit => respond(request, 429, String::new(), vec![]),
            Fault::ServerError(status) => respond(
                request,
                status,
                "<html>upstream error</html>".to_string(),
                vec![],
            ),
            Fault::MalformedJson => respond(
                request,
                200,
                "{\"data\":[{\"id\":\"tok-0".to_string(),
                vec![],
            ),
            Fault::Error(status, code) => {
                respond(request, status, error_body(status, code), vec![])
            }
            Fault::EchoAuthorization => {
                let body = json!({"errors": [{"code": "ECHO", "title": "bad request",
                    "detail": format!("you sent Authorization: {authorization}")}]});
                respond(request, 400, body.to_string(), vec![])
            }
        };
    }

    let page_size = params
        .get("pageSize")
        .and_then(|p| p.parse().ok())
        .unwrap_or(config.page_size)
        .clamp(1, config.max_page_size);
    let offset = match params.get("cursor") {
        None => 0,
        Some(cursor) => match offset_of(config.cursor_lead, cursor) {
            Some(offset) => offset,
            None => return respond(request, 400, error_body(400, "BAD-CURSOR"), rate_headers),
        },
    };
    let next_link = |next_offset: usize, total: usize, page_index: usize| -> Value {
        let repeat = listing == Listing::Tokens
            && config
                .repeat_cursor_after_pages
                .is_some_and(|after| page_index + 1 >= after);
        let endless = listing == Listing::Tokens && config.endless_tail.is_some();
        if next_offset >= total && !repeat && !endless {
            return Value::Null;
        }
        if listing == Listing::Tokens && config.foreign_next {
            return json!("https://evil.example.net/steal?cursor=x");
        }
        let cursor = cursor_for(
            config.cursor_lead,
            if repeat { page_size } else { next_offset },
        );
        let mut extra = String::new();
        if let Some(size) = params.get("pageSize") {
            extra = format!("&pageSize={size}");
        }
        match config.next_style {
            NextStyle::Cursor => json!(cursor),
            NextStyle::Path => json!(format!("{path}?cursor={}{extra}", encode(&cursor))),
            NextStyle::FullUrl => json!(format!(
                "{base_url}{path}?cursor={}{extra}",
                encode(&cursor)
            )),
        }
    };

    let body = match listing {
        Listing::TokenCount => config.tokens.to_string(),
        Listing::Tokens => {
            let end = (offset + page_size).min(config.tokens);
            let range = match config.endless_tail {
                // Past the end: the last page again, under a fresh cursor.
                Some(EndlessTail::RepeatLastPage) if offset >= config.tokens => {
                    (config.tokens.saturating_sub(1) / page_size * page_size)..config.tokens
                }
                _ => offset.min(end)..end,
            };
            let data: Vec<Value> = range
                .map(|i| {
                    let mut token = token_json(i, config.users, now_ms);
                    if config.hostile_labels && i % 50 == 1 {
                        token["label"] = json!(HOSTILE_LABEL);
                        token["user"]["name"] = json!(HOSTILE_NAME);
                    }
                    token
                })
                .collect();
            let next_offset = if offset >= config.tokens {
                offset + page_size
            } else {
                end
            };
            json!({"data": data, "links": {"self": url, "next": next_link(next_offset, config.tokens, offset / page_size)}}).to_string()
        }
        Listing::Users => {
            let end = (offset + page_size).min(config.users);
            let data: Vec<Value> = (offset.min(end)..end).map(user_json).collect();
            json!({"data": data, "links": {"next": next_link(end, config.users, offset / page_size)}}).to_string()
        }
        Listing::ServiceAccounts => {
            let end = (offset + page_size).min(config.service_accounts);
            let items: Vec<Value> = (offset.min(end)..end)
                .map(|k| json!({"atlassianId": format!("sa-aaid-{k}"), "id": format!("sa-{k}"),
                    "email": format!("svc{k}@serviceaccount.atlassian.com"), "displayName": format!("svc {k}"),
                    "updatedAt": now_ms, "status": "active", "description": "mock"}))
                .collect();
            json!({"links": {"next": next_link(end, config.service_accounts, offset / page_size), "prev": null},
                "items": items, "total": config.service_accounts})
            .to_string()
        }
        Listing::Directories => json!({"data": [
            {"directoryId": "dir-local", "name": "Local directory"},
            {"directoryId": "dir-idp", "name": "Identity provider"}],
            "links": {"next": null}})
        .to_string(),
        Listing::DirectoryUsers => {
            // `dir-idp` holds the even users only: its k-th user is user 2k.
            let (members, stride) = if path.contains("/dir-idp/") {
                (config.users.div_ceil(2), 2)
            } else {
                (config.users, 1)
            };
            let page_size = params
                .get("limit")
                .and_then(|p| p.parse().ok())
                .unwrap_or(25usize)
                .clamp(1, 100);
            let end = (offset + page_size).min(members);
            let data: Vec<Value> = (offset.min(end)..end)
                .map(|k| user_v2_json(k * stride))
                .collect();
            let next = if end < members {
                json!(cursor_for(config.cursor_lead, end))
            } else {
                Value::Null
            };
            json!({"data": data, "links": {"next": next}}).to_string()
        }
        Listing::ServiceAccountTokens => {
            // One token per service account, expiring in 1, 5, 20 or 200 days (by its index).
            let end = (offset + page_size).min(config.service_accounts);
            let data: Vec<Value> = (offset.min(end)..end)
                .map(|k| {
                    let days = [1, 5, 20, 200][k % 4];
                    json!({"id": format!("sa-tok-{k}"), "label": format!("svc {k} deploy token"),
                        "serviceAccountId": format!("sa-{k}"),
                        "createdAt": iso(now_ms - (365 - days) * DAY_MS),
                        "expiresAt": iso(now_ms + days * DAY_MS + DAY_MS / 2),
                        "lastActiveAt": iso(now_ms - DAY_MS)})
                })
                .collect();
            json!({"data": data, "links": {"next": next_link(end, config.service_accounts, offset / page_size)}})
                .to_string()
        }
        Listing::CreateServiceAccount => {
            let text = String::from_utf8_lossy(&request.body).into_owned();
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            state.lock().unwrap().stats.created.push(body.clone());
            let name = body["displayName"]
                .as_str()
                .unwrap_or("unnamed")
                .to_string();
            let created = json!({"atlassianId": "sa-new-aaid", "id": "sa-new", "displayName": name,
                "email": format!("{}@serviceaccount.atlassian.com", name.to_lowercase().replace(' ', "-")),
                "status": "active"});
            return respond(request, 201, created.to_string(), rate_headers);
        }
    };
    respond(request, 200, body, rate_headers)
}
