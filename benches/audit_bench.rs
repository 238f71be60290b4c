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

/// The issue's own measurement of the code before issue 12 (20,000 tokens, 50 requests/s).
const BASELINE_20K: &str = "baseline (issue 12, before): 253 requests in 11.9 s";

#[test]
#[ignore = "benchmark: cargo bench --bench audit_bench -- --ignored --nocapture"]
fn audit_at_scale_through_the_binary() {
    let limit = env_usize("AUDIT_BENCH_LIMIT", 50) as u32;
    let sizes: Vec<usize> = std::env::var("AUDIT_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![20_000, 100_000, 1_000_000]);
    let binary = env!("CARGO_BIN_EXE_token-warden");
    let has_time = std::path::Path::new("/usr/bin/time").exists();
    for tokens in sizes {
        let mut config = MockConfig::new(ORG, KEY);
        config.tokens = tokens;
        config.users = tokens / 20;
        config.service_accounts = 3;
        config.rate_limit = Some(RateLimit {
            requests: limit,
            window: Duration::from_secs(1),
            header_on_429: LimitHeader::ResetIso,
        });
        let mock = AdminMock::start(config);
        let mut command = if has_time {
            let mut c = Command::new("/usr/bin/time");
            // The child's own peak RSS (GNU time reads it from wait4's rusage).
            c.args(["-f", "TIME %M"]).arg(binary);
            c
        } else {
            Command::new(binary)
        };
        let started = Instant::now();
        let output = command
            .args([
                "audit",
                "--org",
                ORG,
                "--api-base",
                &mock.base_url,
                "--format",
                "json",
            ])
            .env("ATLASSIAN_ADMIN_API_KEY", KEY)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run token-warden");
        let wall = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stats = mock.stats();
        let rss = stderr
            .lines()
            .find_map(|l| l.strip_prefix("TIME "))
            .and_then(|kib| kib.trim().parse::<u64>().ok())
            .map_or("n/a (no /usr/bin/time)".to_string(), |kib| {
                format!("{:.1} MiB", kib as f64 / 1024.0)
            });
        let ideal = stats.requests as f64 / f64::from(limit);
        println!(
            "{tokens:>9} tokens, limit {limit}/s: exit {:?}, wall {wall:.2} s, {} requests, \
             {:.1} req/s ({:.0}% of the limit), wall / (requests / limit) = {:.2}, 429s {} ({:.2}%), \
             peak RSS {rss}{}",
            output.status.code(),
            stats.requests,
            stats.requests as f64 / wall,
            stats.requests as f64 * 100.0 / wall / f64::from(limit),
            wall / ideal.max(1e-9),
            stats.rate_limited,
            stats.rate_limited as f64 * 100.0 / stats.requests.max(1) as f64,
            if tokens == 20_000 {
                format!("; {BASELINE_20K}")
            } else {
                String::new()
            }
        );
        if !output.status.success() {
            println!(
                "  stderr: {}",
                stderr.lines().rev().take(4).collect::<Vec<_>>().join(" | ")
            );
        }
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

#[test]
#[ignore = "benchmark: cargo bench --bench audit_bench -- --ignored --nocapture"]
fn html_report_size_and_memory() {
    // The HTML report of a 20,000-token org (AUDIT_BENCH_HTML_TOKENS), written to
    // target/audit-report-sample.html (docs/audit-report.png is a screenshot of one).
    let tokens = env_usize("AUDIT_BENCH_HTML_TOKENS", 20_000);
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = tokens;
    config.users = tokens / 20;
    config.service_accounts = 6;
    let mock = AdminMock::start(config);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/audit-report-sample.html");
    let file = std::fs::File::create(&path).expect("create the sample report");
    let has_time = std::path::Path::new("/usr/bin/time").exists();
    let binary = env!("CARGO_BIN_EXE_token-warden");
    let mut command = if has_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "TIME %M"]).arg(binary);
        c
    } else {
        Command::new(binary)
    };
    let started = Instant::now();
    let output = command
        .args([
            "audit",
            "--org",
            ORG,
            "--api-base",
            &mock.base_url,
            "--format",
            "html",
        ])
        .env("ATLASSIAN_ADMIN_API_KEY", KEY)
        .stdout(file)
        .stderr(Stdio::piped())
        .output()
        .expect("run token-warden");
    let wall = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("TIME "))
        .and_then(|kib| kib.trim().parse::<u64>().ok())
        .map_or("n/a".to_string(), |kib| {
            format!("{:.1} MiB", kib as f64 / 1024.0)
        });
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "HTML report of {tokens} tokens: exit {:?}, {:.1} MiB ({size} bytes), wall {wall:.2} s, \
         peak RSS {rss}; written to {}",
        output.status.code(),
        size as f64 / 1024.0 / 1024.0,
        path.display()
    );
}
