//! The admin-API client against the in-process mock: paging (`links.next` as a cursor, a path and
//! a full URL), retries after 429 (each header), 5xx and bare 429s without losing or duplicating a
//! token, the repeating-cursor and foreign-URL guards, every error case, the empty org, 100,000
//! tokens, and the rate limiter. Sleeps go through a fake clock, so the tests do not wait.

// Native only: the client and the binary do not exist on wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod admin_mock;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use admin_mock::{
    AdminMock, Fault, LimitHeader, Listing, MockConfig, NextStyle, RateLimit, ScriptedFault,
};
use token_warden::admin_api::{
    fetch_listings, AdminApiError, AdminClient, ApiKey, Clock, FetchOptions, NoProgress,
    RetryPolicy, SystemClock,
};
use token_warden::audit::{self, AuditOptions, FindingKind, Severity, Timestamp};

const ORG: &str = "org-1234";
const KEY: &str = "CANARY-admin-key-7f3a9c";

/// Real time; sleeping only records the duration. `slept` holds the sleeps of the thread that
/// made the clock (where `fetch_listings` reads the tokens, and where direct client calls run);
/// the concurrent users and service-account listings share the rate budget and may wait too,
/// which `slept_elsewhere` counts.
struct FakeClock {
    home: std::thread::ThreadId,
    slept: Mutex<Vec<Duration>>,
    slept_elsewhere: Mutex<Vec<Duration>>,
}

impl Default for FakeClock {
    fn default() -> Self {
        FakeClock {
            home: std::thread::current().id(),
            slept: Mutex::default(),
            slept_elsewhere: Mutex::default(),
        }
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Timestamp {
        // The mock stamps its reset headers with real time, so "now" stays real.
        SystemClock.now()
    }
    fn sleep(&self, duration: Duration) {
        if std::thread::current().id() == self.home {
            self.slept.lock().unwrap().push(duration);
        } else {
            self.slept_elsewhere.lock().unwrap().push(duration);
        }
    }
}

/// Why the token listing stopped (the listing alone, as `fetch_listings` turns such errors into a
/// partial audit).
fn tokens_error(client: &AdminClient) -> AdminApiError {
    client
        .list_tokens(ORG, None, None, &mut |_| {})
        .into_result()
        .unwrap_err()
}

fn client(mock: &AdminMock, clock: Arc<FakeClock>) -> AdminClient {
    AdminClient::new(
        &mock.base_url,
        ApiKey::new(KEY).unwrap(),
        clock,
        RetryPolicy::default(),
    )
    .unwrap()
}

fn fetch(
    mock: &AdminMock,
    clock: Arc<FakeClock>,
) -> Result<token_warden::audit::Listings, AdminApiError> {
    fetch_listings(
        &client(mock, clock),
        ORG,
        FetchOptions::default(),
        &mut NoProgress,
    )
}

/// Every token exactly once, in the mock's order.
fn assert_complete(mock: &AdminMock, listings: &token_warden::audit::Listings) {
    let got: Vec<&str> = listings.tokens.iter().map(|t| t.id.as_str()).collect();
    let unique: HashSet<&str> = got.iter().copied().collect();
    assert_eq!(unique.len(), got.len(), "a token was duplicated");
    assert_eq!(got, mock.token_ids(), "a token was lost or reordered");
}

#[test]
fn pages_with_each_style_of_links_next() {
    for style in [NextStyle::Cursor, NextStyle::Path, NextStyle::FullUrl] {
        let mut config = MockConfig::new(ORG, KEY);
        config.next_style = style;
        config.tokens = 1234;
        config.users = 150;
        config.service_accounts = 130;
        let mock = AdminMock::start(config);
        let listings = fetch(&mock, Arc::default()).unwrap_or_else(|e| panic!("{style:?}: {e}"));
        assert_complete(&mock, &listings);
        assert_eq!(
            listings.users.as_ref().map(Vec::len),
            Some(150),
            "{style:?}"
        );
        assert_eq!(
            listings.service_accounts.as_ref().map(Vec::len),
            Some(130),
            "{style:?}"
        );
        assert_eq!(listings.service_account_total, Some(130));
        assert_eq!(mock.stats().unauthorized, 0);
    }
}

#[test]
fn page_size_is_passed_on_and_kept_across_pages() {
    for style in [NextStyle::Cursor, NextStyle::FullUrl] {
        let mut config = MockConfig::new(ORG, KEY);
        config.next_style = style;
        config.tokens = 2500;
        let mock = AdminMock::start(config);
        let client = client(&mock, Arc::default());
        let tokens = client
            .list_tokens(ORG, Some(1000), None, &mut |_| {})
            .into_result()
            .unwrap();
        assert_eq!(tokens.len(), 2500);
        assert_eq!(mock.stats().per_listing["Tokens"], 3, "{style:?}");
    }
}

#[test]
fn retries_lose_and_duplicate_nothing() {
    let faults = [
        (2, Fault::RetryAfter(2)),
        (4, Fault::ResetIso(1500)),
        (6, Fault::ResetEpoch(3)),
        (7, Fault::ServerError(503)),
        (8, Fault::ServerError(500)),
        (10, Fault::BareRateLimit),
        (12, Fault::ServerError(502)),
    ];
    for style in [NextStyle::Cursor, NextStyle::FullUrl] {
        let mut config = MockConfig::new(ORG, KEY);
        config.next_style = style;
        config.tokens = 1000;
        config.max_page_size = 100;
        config.faults = faults
            .iter()
            .map(|(nth, fault)| ScriptedFault {
                listing: Listing::Tokens,
                nth: *nth,
                fault: fault.clone(),
            })
            .collect();
        let mock = AdminMock::start(config);
        let clock = Arc::new(FakeClock::default());
        let client = client(&mock, clock.clone());
        let listings =
            fetch_listings(&client, ORG, FetchOptions::default(), &mut NoProgress).unwrap();
        assert_complete(&mock, &listings);
        // 10 pages + 7 retried answers.
        assert_eq!(mock.stats().per_listing["Tokens"], 17, "{style:?}");
        let stats = client.stats();
        assert_eq!(stats.rate_limited, 4);
        assert_eq!(stats.server_errors, 3);
        let slept = clock.slept.lock().unwrap().clone();
        assert_eq!(
            slept.len(),
            7,
            "{slept:?} (other listings waited {:?})",
            clock.slept_elsewhere.lock().unwrap()
        );
        // Retry-After: 2 s; the ISO reset ~1.5 s; the epoch reset up to 3 s away.
        assert!(
            slept[0] >= Duration::from_secs(2) && slept[0] < Duration::from_secs(3),
            "{slept:?}"
        );
        assert!(
            slept[1] >= Duration::from_millis(1000) && slept[1] < Duration::from_millis(2000),
            "{slept:?}"
        );
        assert!(
            slept[2] >= Duration::from_secs(1) && slept[2] <= Duration::from_secs(4),
            "{slept:?}"
        );
        // 5xx on the same page after a 429: exponential backoff with jitter for attempts 1 and 2.
        assert!(
            slept[3] >= Duration::from_millis(500) && slept[3] <= Duration::from_millis(1000),
            "{slept:?}"
        );
        assert!(
            slept[4] >= Duration::from_millis(1000) && slept[4] <= Duration::from_millis(2000),
            "{slept:?}"
        );
    }
}

#[test]
fn retries_are_capped() {
    let mut config = MockConfig::new(ORG, KEY);
    config.always_fail = vec![(Listing::Tokens, Fault::ServerError(503))];
    let mock = AdminMock::start(config);
    let clock = Arc::new(FakeClock::default());
    let policy = RetryPolicy {
        max_retries: 3,
        ..RetryPolicy::default()
    };
    let client = AdminClient::new(
        &mock.base_url,
        ApiKey::new(KEY).unwrap(),
        clock.clone(),
        policy,
    )
    .unwrap();
    let err = tokens_error(&client);
    assert!(
        matches!(err, AdminApiError::RetriesExhausted { attempts: 4, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("HTTP 503"), "{err}");
    assert_eq!(mock.stats().per_listing["Tokens"], 4);
    assert_eq!(clock.slept.lock().unwrap().len(), 3);
}

#[test]
fn a_server_asking_for_a_long_wait_is_not_waited_for() {
    let mut config = MockConfig::new(ORG, KEY);
    config.always_fail = vec![(Listing::Tokens, Fault::RetryAfter(3600))];
    let mock = AdminMock::start(config);
    let err = tokens_error(&client(&mock, Arc::default()));
    assert!(
        matches!(
            err,
            AdminApiError::RateLimitedTooLong {
                wait_seconds: 3600,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_repeating_cursor_stops_with_an_error() {
    for style in [NextStyle::Cursor, NextStyle::Path, NextStyle::FullUrl] {
        let mut config = MockConfig::new(ORG, KEY);
        config.next_style = style;
        config.tokens = 10_000;
        config.repeat_cursor_after_pages = Some(3);
        config.max_page_size = 100;
        let mock = AdminMock::start(config);
        let err = tokens_error(&client(&mock, Arc::default()));
        assert!(
            matches!(err, AdminApiError::RepeatingCursor { pages_read: 3, .. }),
            "{style:?}: {err:?}"
        );
        assert!(err.to_string().contains("links.next repeats"));
        assert_eq!(mock.stats().per_listing["Tokens"], 3);
    }
}

#[test]
fn links_next_to_another_server_is_not_followed() {
    let mut config = MockConfig::new(ORG, KEY);
    config.foreign_next = true;
    config.max_page_size = 100;
    let mock = AdminMock::start(config);
    let err = tokens_error(&client(&mock, Arc::default()));
    assert!(
        matches!(err, AdminApiError::ForeignNextUrl { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("https://evil.example.net"));
    assert_eq!(mock.stats().requests, 1, "the first page only");
}

fn error_for(config: MockConfig) -> AdminApiError {
    let mock = AdminMock::start(config);
    let err = match fetch(&mock, Arc::default()) {
        Err(err) => err,
        Ok(_) => tokens_error(&client(&mock, Arc::default())),
    };
    assert!(!err.to_string().contains(KEY));
    assert!(!format!("{err:?}").contains(KEY));
    err
}

#[test]
fn errors_are_explained() {
    let err = error_for(MockConfig::new(ORG, "another key"));
    assert!(matches!(err, AdminApiError::Unauthorized { .. }), "{err:?}");
    assert!(
        err.to_string().contains("401") && err.to_string().contains("API keys"),
        "{err}"
    );

    let mut config = MockConfig::new(ORG, KEY);
    config.always_fail = vec![(Listing::Tokens, Fault::Error(403, "ADMIN-UAM-403-2"))];
    let err = error_for(config).to_string();
    assert!(
        err.contains("ADMIN-UAM-403-2") && err.contains("not allowed to manage this org"),
        "{err}"
    );

    let mut config = MockConfig::new(ORG, KEY);
    config.org_id = "another-org".to_string();
    let err = error_for(config);
    assert!(matches!(err, AdminApiError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("check the org id"), "{err}");

    // ADMIN-400-4 is no dead end: the audit goes on, and says why statuses are missing.
    let mut config = MockConfig::new(ORG, KEY);
    config.directory_v2 = false;
    config.always_fail = vec![(Listing::Users, Fault::Error(400, "ADMIN-400-4"))];
    let mock = AdminMock::start(config);
    let listings = fetch(&mock, Arc::default()).unwrap();
    assert_complete(&mock, &listings);
    assert!(listings.users.is_none() && listings.missing.is_empty());
    let text = listings.notes.join("\n");
    assert!(
        text.contains("ADMIN-400-4")
            && text.contains("original")
            && text.contains("/admin/v1/orgs/org-1234/users"),
        "{text}"
    );

    // A malformed page on every try: the error says what was wrong where.
    let mut config = MockConfig::new(ORG, KEY);
    config.always_fail = vec![(Listing::Tokens, Fault::MalformedJson)];
    let err = error_for(config);
    let text = err.to_string();
    assert!(
        matches!(err, AdminApiError::MalformedJson { .. }),
        "{err:?}"
    );
    assert!(
        text.contains("/api-tokens") && text.contains("EOF while parsing"),
        "{text}"
    );
}

#[test]
fn skip_users_audits_an_org_on_the_original_experience() {
    let mut config = MockConfig::new(ORG, KEY);
    config.directory_v2 = false;
    config.always_fail = vec![(Listing::Users, Fault::Error(400, "ADMIN-400-4"))];
    let mock = AdminMock::start(config);
    let options = FetchOptions {
        skip_users: true,
        ..FetchOptions::default()
    };
    let listings = fetch_listings(
        &client(&mock, Arc::default()),
        ORG,
        options,
        &mut NoProgress,
    )
    .unwrap();
    assert!(listings.users.is_none());
    assert_complete(&mock, &listings);
}

#[test]
fn a_failing_experimental_service_account_listing_is_a_note() {
    let mut config = MockConfig::new(ORG, KEY);
    config.always_fail = vec![(Listing::ServiceAccounts, Fault::Error(404, "NOT-FOUND"))];
    let mock = AdminMock::start(config);
    let listings = fetch(&mock, Arc::default()).unwrap();
    assert!(listings.service_accounts.is_none());
    assert!(
        listings.notes.iter().any(|n| n.contains("experimental")),
        "{:?}",
        listings.notes
    );
}

#[test]
fn a_network_error_is_explained() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let policy = RetryPolicy {
        max_retries: 2,
        ..RetryPolicy::default()
    };
    let clock = Arc::new(FakeClock::default());
    let client = AdminClient::new(
        &format!("http://127.0.0.1:{port}"),
        ApiKey::new(KEY).unwrap(),
        clock.clone(),
        policy,
    )
    .unwrap();
    let err = tokens_error(&client);
    assert!(matches!(err, AdminApiError::Network { .. }), "{err:?}");
    assert!(
        err.to_string().contains("Connection refused") || err.to_string().contains("refused"),
        "{err}"
    );
    assert_eq!(client.stats().network_errors, 3);
}

#[test]
fn an_empty_org_audits_to_nothing_but_the_quota_line() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 0;
    config.users = 0;
    config.service_accounts = 0;
    let mock = AdminMock::start(config);
    let listings = fetch(&mock, Arc::default()).unwrap();
    assert!(listings.tokens.is_empty());
    let report = audit::audit(&listings, Timestamp(mock.now_ms), &AuditOptions::default());
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].kind, FindingKind::ServiceAccountQuota);
    assert_eq!(report.summary.at_or_above(Severity::Low), 0);
}

#[test]
fn a_hundred_thousand_tokens_arrive_whole() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 100_000;
    config.users = 5_000;
    config.page_size = 1000;
    config.next_style = NextStyle::FullUrl;
    let mock = AdminMock::start(config);
    let listings = fetch(&mock, Arc::default()).unwrap();
    assert_complete(&mock, &listings);
    let report = audit::audit(&listings, Timestamp(mock.now_ms), &AuditOptions::default());
    assert_eq!(report.summary.tokens, 100_000);
    assert!(report.summary.high > 0 && report.summary.medium > 0 && report.summary.low > 0);
    // Every working, recently used token of an active owner or a used orphan is in the plan.
    assert!(report.migration_plan.len() > 10_000);
    let names: HashSet<&str> = report
        .migration_plan
        .iter()
        .map(|s| s.service_account_name.as_str())
        .collect();
    assert_eq!(
        names.len(),
        report.migration_plan.len(),
        "suggested names are unique"
    );
}

#[test]
fn the_rate_limiter_is_respected_by_pacing() {
    // 20 requests per 400 ms window, 429s carrying an ISO-8601 reset; real sleeps.
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 6_000;
    config.users = 100;
    config.rate_limit = Some(RateLimit {
        requests: 20,
        window: Duration::from_millis(400),
        header_on_429: LimitHeader::ResetIso,
    });
    let mock = AdminMock::start(config);
    let client = AdminClient::new(
        &mock.base_url,
        ApiKey::new(KEY).unwrap(),
        Arc::new(SystemClock),
        RetryPolicy::default(),
    )
    .unwrap();
    let listings = fetch_listings(&client, ORG, FetchOptions::default(), &mut NoProgress).unwrap();
    assert_eq!(listings.tokens.len(), 6_000);
    let stats = mock.stats();
    // 62 requests need at least 3 full windows; pacing keeps 429s to a rare few.
    assert!(stats.rate_limited <= 2, "{} 429s", stats.rate_limited);
}

#[test]
fn the_limiters_429s_are_waited_out_with_each_header() {
    for header in [
        LimitHeader::RetryAfter,
        LimitHeader::ResetIso,
        LimitHeader::ResetEpoch,
    ] {
        let mut config = MockConfig::new(ORG, KEY);
        config.tokens = 900;
        config.rate_limit = Some(RateLimit {
            requests: 4,
            window: Duration::from_millis(300),
            header_on_429: header,
        });
        let mock = AdminMock::start(config);
        // No pacing hints used: the client must rely on the 429s.
        let clock = Arc::new(SystemClock);
        let policy = RetryPolicy {
            proactive_pacing: false,
            max_retries: 8,
            ..RetryPolicy::default()
        };
        let client =
            AdminClient::new(&mock.base_url, ApiKey::new(KEY).unwrap(), clock, policy).unwrap();
        let tokens = client
            .list_tokens(ORG, None, None, &mut |_| {})
            .into_result()
            .unwrap();
        let got: Vec<String> = tokens.into_iter().map(|t| t.id).collect();
        assert_eq!(got, mock.token_ids(), "{header:?}");
    }
}
