//! `token-warden audit --checkpoint FILE` (issue 12): an audit killed mid-run (SIGKILL, no chance
//! to clean up) or cut short by a failing API continues from its checkpoint, and the resumed run's
//! report holds every token exactly once: the real binary against the in-repo mock of the admin
//! APIs (tests/admin_mock/, the documented api-tokens listing with `pageSize` and cursors),
//! compared with the pure audit (`audit::audit`) over the whole listing read in-process.

#![cfg(not(target_arch = "wasm32"))]

mod admin_mock;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use admin_mock::{AdminMock, Fault, Listing, MockConfig, ScriptedFault};
use token_warden::admin_api::{
    fetch_listings, AdminClient, ApiKey, Clock as _, FetchOptions, NoProgress, RetryPolicy,
    SystemClock,
};
use token_warden::audit::{self, AuditOptions};

const ORG: &str = "org-resume";
const KEY: &str = "CANARY-resume-key-77e0aa";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tw-resume-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn journal(checkpoint: &Path) -> PathBuf {
    PathBuf::from(format!("{}.tokens.jsonl", checkpoint.display()))
}

fn command(mock: &AdminMock, checkpoint: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_token-warden"));
    command
        .args(["audit", "--org", ORG, "--api-base", &mock.base_url])
        .args(["--format", "json", "--page-size", "100"])
        .arg("--checkpoint")
        .arg(checkpoint)
        .args(extra)
        .env("ATLASSIAN_ADMIN_API_KEY", KEY);
    command
}

/// (finding kind, token id) → how many times.
fn finding_multiset(report: &serde_json::Value) -> BTreeMap<(String, String), usize> {
    let mut set = BTreeMap::new();
    for finding in report["findings"].as_array().expect("a findings array") {
        let kind = finding["kind"].as_str().unwrap_or_default().to_string();
        let id = finding["token"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        *set.entry((kind, id)).or_insert(0) += 1;
    }
    set
}

/// The truth: the pure audit over the whole listing, read in-process in one go.
fn truth(mock: &AdminMock) -> BTreeMap<(String, String), usize> {
    let client = AdminClient::new(
        &mock.base_url,
        ApiKey::new(KEY).unwrap(),
        Arc::new(SystemClock),
        RetryPolicy::default(),
    )
    .unwrap();
    let listings = fetch_listings(&client, ORG, FetchOptions::default(), &mut NoProgress).unwrap();
    assert_eq!(
        listings
            .tokens
            .iter()
            .map(|t| t.id.clone())
            .collect::<Vec<_>>(),
        mock.token_ids()
    );
    let report = audit::audit(&listings, SystemClock.now(), &AuditOptions::default());
    finding_multiset(&serde_json::to_value(&report).unwrap())
}

/// The token pages the mock served, by the cursor's offset (0 for the first page).
fn token_page_requests(mock: &AdminMock) -> BTreeMap<usize, usize> {
    let mut pages = BTreeMap::new();
    for line in mock.stats().request_lines {
        if !line.contains("/api-tokens")
            || line.contains("/count")
            || line.contains("service-accounts")
        {
            continue;
        }
        let offset = line
            .split("cursor=o")
            .nth(1)
            .and_then(|rest| rest.split('%').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        *pages.entry(offset).or_insert(0) += 1;
    }
    pages
}

/// No token finding twice (org-wide findings, such as one per service account, have no token).
fn assert_no_token_twice(findings: &BTreeMap<(String, String), usize>) {
    let twice: Vec<_> = findings
        .iter()
        .filter(|((_, id), &n)| !id.is_empty() && n != 1)
        .collect();
    assert!(twice.is_empty(), "reported more than once: {twice:?}");
}

fn assert_private_and_keyless(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        !text.contains(KEY) && !text.contains("77e0aa"),
        "{}",
        path.display()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", path.display());
    }
}

#[test]
fn a_killed_audit_resumes_from_its_checkpoint_losing_and_repeating_nothing() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 1_000;
    config.users = 60;
    config.service_accounts = 2;
    // The 5th token page never answers (until long after the kill): the first run is surely
    // mid-listing, with 4 pages recorded, when it is killed.
    config.faults = vec![ScriptedFault {
        listing: Listing::Tokens,
        nth: 5,
        fault: Fault::Hang(30_000),
    }];
    let mock = AdminMock::start(config);
    let dir = scratch("kill");
    let checkpoint = dir.join("audit.checkpoint");

    let mut first = command(&mock, &checkpoint, &["--read-timeout", "120"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start token-warden");
    // Wait (bounded) until the checkpoint records the four pages before the hung one.
    let mut state = serde_json::Value::Null;
    for _ in 0..600 {
        if let Ok(text) = std::fs::read_to_string(&checkpoint) {
            state = serde_json::from_str(&text).expect("the state file is always whole");
            if state["tokens"]["pages"] == 4 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(state["tokens"]["pages"], 4, "{state}");
    first.kill().expect("SIGKILL the first run");
    let _ = first.wait();

    assert_eq!(state["tokens"]["read"], 400);
    assert_eq!(state["tokens"]["ended"], false);
    assert!(state["tokens"]["next"]
        .as_str()
        .is_some_and(|next| next.starts_with(&mock.base_url) && next.contains("cursor=")));
    assert_private_and_keyless(&checkpoint);
    assert_private_and_keyless(&journal(&checkpoint));

    let second = command(&mock, &checkpoint, &[])
        .output()
        .expect("run token-warden again");
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Resuming from") && stderr.contains("400 tokens in 4 pages"),
        "{stderr}"
    );
    assert!(!stderr.contains(KEY));
    let report: serde_json::Value =
        serde_json::from_slice(&second.stdout).expect("one whole JSON report");
    assert_eq!(report["summary"]["tokens"], 1_000);
    assert_eq!(report["missing"], serde_json::json!([]));

    // Across both runs each page was served once; the hung one was asked for again.
    let pages = token_page_requests(&mock);
    let expected: BTreeMap<usize, usize> = (0..10)
        .map(|page| (page * 100, if page == 4 { 2 } else { 1 }))
        .collect();
    assert_eq!(pages, expected);
    // Every finding of the uninterrupted audit, each exactly once.
    let resumed = finding_multiset(&report);
    assert_no_token_twice(&resumed);
    assert_eq!(resumed, truth(&mock));
    // A complete run removes its checkpoint: the next run starts afresh.
    assert!(!checkpoint.exists() && !journal(&checkpoint).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_partial_audit_continues_from_its_checkpoint() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 700;
    config.users = 40;
    // Token pages 4 and 5 fail with 503 until the retries run out: the first run is partial.
    config.faults = (4..=6)
        .map(|nth| ScriptedFault {
            listing: Listing::Tokens,
            nth,
            fault: Fault::ServerError(503),
        })
        .collect();
    let mock = AdminMock::start(config);
    let dir = scratch("partial");
    let checkpoint = dir.join("audit.checkpoint");

    let first = command(&mock, &checkpoint, &["--max-retries", "2"])
        .output()
        .expect("run token-warden");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("Checkpoint kept"), "{stderr}");
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&checkpoint).unwrap()).unwrap();
    assert_eq!(state["tokens"]["read"], 300);

    let second = command(&mock, &checkpoint, &["--max-retries", "2"])
        .output()
        .expect("run token-warden again");
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(report["summary"]["tokens"], 700);
    let resumed = finding_multiset(&report);
    assert_no_token_twice(&resumed);
    assert_eq!(resumed, truth(&mock));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_checkpoint_of_another_org_or_pointing_elsewhere_is_refused() {
    let mock = AdminMock::start(MockConfig::new(ORG, KEY));
    let dir = scratch("refused");
    let checkpoint = dir.join("audit.checkpoint");
    let state = serde_json::json!({
        "format": 1, "org": ORG, "api_base": mock.base_url, "page_size": 100,
        "tokens": {"pages": 1, "read": 0, "expected": null,
                   "next": "https://evil.example/steal?cursor=x", "ended": false,
                   "stopped": null, "journal_bytes": 0}
    });
    std::fs::write(&checkpoint, state.to_string()).unwrap();
    std::fs::write(journal(&checkpoint), b"").unwrap();
    let run = command(&mock, &checkpoint, &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not on --api-base"), "{stderr}");
    assert_eq!(mock.stats().per_listing.get("Tokens"), None);

    let mut other = state.clone();
    other["org"] = serde_json::json!("another-org");
    other["tokens"]["next"] = serde_json::Value::Null;
    std::fs::write(&checkpoint, other.to_string()).unwrap();
    let run = command(&mock, &checkpoint, &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("another audit"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
