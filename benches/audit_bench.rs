//! Benchmark of `token-warden audit` against the in-process admin-API mock (tests/admin_mock/).
//!
//! Run (optimised): `cargo bench --bench audit_bench -- --ignored --nocapture`
//! (ignored libtest tests, like `scopes_bench`: no `harness = false` entry, never run by
//! `cargo test`). It reports
//! * the audit of a 100,000-token org through the real binary (`--format json > /dev/null`): wall
//!   time and peak memory (max RSS from `/usr/bin/time` when present), with the server's default
//!   page size (100, so 1,000+ requests) and with `--page-size 1000`;
//! * the same in-process, split into fetch, audit and render, with the process's VmHWM;
//! * the request rate held against a mock enforcing N requests per window, with proactive pacing
//!   (the default) and without it (429-driven only), and how many 429s each drew.
//!
//! Sizes: `AUDIT_BENCH_TOKENS` (default 100000), `AUDIT_BENCH_LIMIT` (requests per second for the
//! rate test, default 50), `AUDIT_BENCH_LIMITED_PAGES` (default 200).

// Native only: the client and the binary do not exist on wasm32.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../tests/admin_mock/mod.rs"]
mod admin_mock;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use admin_mock::{AdminMock, LimitHeader, MockConfig, RateLimit};
use token_warden::admin_api::{
    fetch_listings, AdminClient, ApiKey, Clock as _, FetchOptions, NoProgress, RetryPolicy,
    SystemClock,
};
use token_warden::audit::{self, report, AuditOptions};

const ORG: &str = "bench-org";
const KEY: &str = "bench-key-not-secret";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn big_org() -> AdminMock {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = env_usize("AUDIT_BENCH_TOKENS", 100_000);
    config.users = config.tokens / 20;
    config.service_accounts = 3;
    AdminMock::start(config)
}

/// Peak memory of this process so far, from /proc/self/status.
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[ignore = "benchmark: cargo bench --bench audit_bench -- --ignored --nocapture"]
fn audit_of_a_100k_token_org_through_the_binary() {
    let mock = big_org();
    let binary = env!("CARGO_BIN_EXE_token-warden");
    let has_time = std::path::Path::new("/usr/bin/time").exists();
    for page_size in [None, Some("1000")] {
        let mut args = vec![
            "audit",
            "--org",
            ORG,
            "--api-base",
            &mock.base_url,
            "--format",
            "json",
        ];
        if let Some(size) = page_size {
            args.extend(["--page-size", size]);
        }
        let mut command = if has_time {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "TIME %e s wall, %M KiB max RSS"]).arg(binary);
            c
        } else {
            Command::new(binary)
        };
        let requests_before = mock.stats().requests;
        let started = Instant::now();
        let output = command
            .args(&args)
            .env("ATLASSIAN_ADMIN_API_KEY", KEY)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run token-warden");
        let wall = started.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        let requests = mock.stats().requests - requests_before;
        let time_line = stderr
            .lines()
            .find(|l| l.starts_with("TIME "))
            .unwrap_or("(no /usr/bin/time)");
        println!(
            "binary, page size {:>7}: {:>6.2} s wall, {requests} requests; {time_line}",
            page_size.unwrap_or("default"),
            wall.as_secs_f64()
        );
    }
}

#[test]
#[ignore = "benchmark: cargo bench --bench audit_bench -- --ignored --nocapture"]
fn audit_of_a_100k_token_org_in_process() {
    let mock = big_org();
    let before = vm_hwm_kib().unwrap_or(0);
    let client = AdminClient::new(
        &mock.base_url,
        ApiKey::new(KEY).unwrap(),
        Arc::new(SystemClock),
        RetryPolicy::default(),
    )
    .unwrap();
    let started = Instant::now();
    let listings = fetch_listings(&client, ORG, FetchOptions::default(), &mut NoProgress).unwrap();
    let fetched = started.elapsed();
    let now = SystemClock.now();
    let started = Instant::now();
    let result = audit::audit(&listings, now, &AuditOptions::default());
    let audited = started.elapsed();
    let started = Instant::now();
    let mut json = Vec::new();
    report::render(&result, ORG, report::Format::Json, &mut json).unwrap();
    let mut table = Vec::new();
    report::render(&result, ORG, report::Format::Table, &mut table).unwrap();
    let rendered = started.elapsed();
    println!(
        "in process: {} tokens, {} findings, {} migrations; fetch {:.2} s ({} requests), audit {:.0} ms, \
         render json+table {:.0} ms ({} + {} bytes); VmHWM {} MiB (mock included; {} MiB before)",
        listings.tokens.len(),
        result.findings.len(),
        result.migration_plan.len(),
        fetched.as_secs_f64(),
        client.stats().requests,
        audited.as_secs_f64() * 1000.0,
        rendered.as_secs_f64() * 1000.0,
        json.len(),
        table.len(),
        vm_hwm_kib().unwrap_or(0) / 1024,
        before / 1024
    );
}

#[test]
#[ignore = "benchmark: cargo bench --bench audit_bench -- --ignored --nocapture"]
fn request_rate_against_an_enforced_limit() {
    let limit = env_usize("AUDIT_BENCH_LIMIT", 50) as u32;
    let pages = env_usize("AUDIT_BENCH_LIMITED_PAGES", 200);
    for (name, proactive_pacing) in [
        ("pacing on (default)", true),
        ("pacing off (429-driven)", false),
    ] {
        for header_on_429 in [LimitHeader::ResetIso, LimitHeader::RetryAfter] {
            let mut config = MockConfig::new(ORG, KEY);
            config.tokens = pages * 100;
            config.rate_limit = Some(RateLimit {
                requests: limit,
                window: Duration::from_secs(1),
                header_on_429,
            });
            let mock = AdminMock::start(config);
            let policy = RetryPolicy {
                proactive_pacing,
                max_retries: 10,
                ..RetryPolicy::default()
            };
            let client = AdminClient::new(
                &mock.base_url,
                ApiKey::new(KEY).unwrap(),
                Arc::new(SystemClock),
                policy,
            )
            .unwrap();
            let started = Instant::now();
            let tokens = client
                .list_tokens(ORG, None, None, &mut |_| {})
                .into_result()
                .unwrap();
            let elapsed = started.elapsed();
            assert_eq!(tokens.len(), pages * 100);
            let stats = mock.stats();
            let served = stats.requests - stats.rate_limited;
            let rate = served as f64 / elapsed.as_secs_f64();
            // The busiest sliding one-second window the server saw (the limiter counts fixed
            // windows, so up to 2N requests may straddle a boundary without any 429).
            let busiest = stats
                .arrivals
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    stats.arrivals[i..]
                        .iter()
                        .take_while(|u| **u < *t + Duration::from_secs(1))
                        .count()
                })
                .max()
                .unwrap_or(0);
            println!(
                "limit {limit}/s, {name:<24} 429 header {header_on_429:?}: {served} pages in {:.2} s = {rate:.1} req/s \
                 ({:.0}% of the limit), {} 429s, busiest 1 s window {busiest} requests",
                elapsed.as_secs_f64(),
                rate * 100.0 / f64::from(limit),
                stats.rate_limited
            );
        }
    }
}
