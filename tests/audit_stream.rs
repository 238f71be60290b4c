//! The streaming audit (`--format json`: findings written as found, tokens read before the users
//! listing is complete spooled to disk) reports exactly what the collected audit reports: the
//! real binary against the in-repo mock of the admin APIs (tests/admin_mock/, which imitates
//! Atlassian's documented api-tokens, org-users and service-accounts listings), compared with
//! `audit::audit` over the same listings read in-process.

#![cfg(not(target_arch = "wasm32"))]

#[path = "admin_mock/mod.rs"]
mod admin_mock;

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;

use admin_mock::{AdminMock, MockConfig};
use token_warden::admin_api::{
    fetch_listings, AdminClient, ApiKey, Clock as _, FetchOptions, NoProgress, RetryPolicy,
    SystemClock,
};
use token_warden::audit::{self, spool::TokenSpool, AuditOptions};

const ORG: &str = "org-stream";
const KEY: &str = "CANARY-stream-key-5e1f";

/// (finding kind, token id) → how many times, from a JSON findings array.
fn finding_multiset(findings: &[serde_json::Value]) -> BTreeMap<(String, String), usize> {
    let mut set = BTreeMap::new();
    for finding in findings {
        let kind = finding["kind"].as_str().unwrap_or_default().to_string();
        let id = finding["token"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        *set.entry((kind, id)).or_insert(0) += 1;
    }
    set
}

#[test]
fn the_streamed_json_report_equals_the_collected_one() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 1_200;
    // Many users (12 pages of 100) so the token pages start arriving before the users are read.
    config.users = 1_150;
    config.service_accounts = 3;
    let mock = AdminMock::start(config);

    let output = Command::new(env!("CARGO_BIN_EXE_token-warden"))
        .args(["audit", "--org", ORG, "--api-base", &mock.base_url])
        .args([
            "--format",
            "json",
            "--page-size",
            "50",
            "--max-retries",
            "2",
        ])
        .env("ATLASSIAN_ADMIN_API_KEY", KEY)
        .output()
        .expect("run token-warden");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let streamed: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("one valid JSON document on stdout");

    let client = AdminClient::new(
        &mock.base_url,
        ApiKey::new(KEY).unwrap(),
        Arc::new(SystemClock),
        RetryPolicy::default(),
    )
    .unwrap();
    let listings = fetch_listings(&client, ORG, FetchOptions::default(), &mut NoProgress).unwrap();
    assert_eq!(listings.tokens.len(), 1_200);
    let collected = audit::audit(&listings, SystemClock.now(), &AuditOptions::default());
    let collected: serde_json::Value = serde_json::to_value(&collected).unwrap();

    assert_eq!(streamed["org_id"], ORG);
    for key in [
        "tokens",
        "working_tokens",
        "blocked_tokens",
        "expired_tokens",
        "users",
    ] {
        assert_eq!(streamed["summary"][key], collected["summary"][key], "{key}");
    }
    assert_eq!(streamed["summary"]["tokens"], 1_200);
    let streamed_findings = streamed["findings"].as_array().unwrap();
    let collected_findings = collected["findings"].as_array().unwrap();
    assert_eq!(
        finding_multiset(streamed_findings),
        finding_multiset(collected_findings)
    );
    let plan_ids = |report: &serde_json::Value| {
        let mut ids: Vec<(String, String)> = report["migration_plan"]
            .as_array()
            .unwrap()
            .iter()
            .map(|step| {
                (
                    step["token"]["id"].as_str().unwrap_or_default().to_string(),
                    step["service_account_name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                )
            })
            .collect();
        ids.sort();
        ids
    };
    let plan = plan_ids(&streamed);
    assert!(!plan.is_empty());
    assert_eq!(plan.len(), plan_ids(&collected).len());
    assert_eq!(
        plan.iter().map(|(id, _)| id).collect::<Vec<_>>(),
        plan_ids(&collected)
            .iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains(KEY));

    // CSV streams too: one row per finding, the same (kind, token id) multiset.
    let csv = Command::new(env!("CARGO_BIN_EXE_token-warden"))
        .args(["audit", "--org", ORG, "--api-base", &mock.base_url])
        .args(["--format", "csv", "--page-size", "50", "--max-retries", "2"])
        .env("ATLASSIAN_ADMIN_API_KEY", KEY)
        .output()
        .expect("run token-warden");
    assert_eq!(csv.status.code(), Some(0));
    let csv = String::from_utf8_lossy(&csv.stdout);
    let mut rows = csv.lines();
    assert!(rows
        .next()
        .unwrap_or("")
        .starts_with("severity,finding,token_id"));
    let mut from_csv = BTreeMap::new();
    for row in rows {
        let cells: Vec<&str> = row.splitn(4, ',').collect();
        *from_csv
            .entry((cells[1].to_string(), cells[2].to_string()))
            .or_insert(0) += 1;
    }
    assert_eq!(from_csv, finding_multiset(collected_findings));
}

#[test]
fn the_spool_gives_back_every_token_once_in_order() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 2_345;
    let mock = AdminMock::start(config);
    let client = AdminClient::new(
        &mock.base_url,
        ApiKey::new(KEY).unwrap(),
        Arc::new(SystemClock),
        RetryPolicy::default(),
    )
    .unwrap();
    let tokens = client
        .list_tokens(ORG, None, None, &mut |_| {})
        .into_result()
        .unwrap();
    let mut spool = TokenSpool::new().unwrap();
    spool.push(&tokens[..1_500]);
    spool.push(&tokens[1_500..]);
    let mut back = Vec::new();
    let mut batches = 0;
    spool.drain(&mut |batch| {
        batches += 1;
        back.extend(batch);
    });
    assert!(spool.error().is_none());
    assert_eq!(batches, 3);
    assert_eq!(back, tokens);
    assert_eq!(
        back.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
        mock.token_ids()
    );
    // Drained means empty.
    spool.drain(&mut |_| panic!("drained twice"));
    spool.push(&tokens[..2]);
    let mut again = Vec::new();
    spool.drain(&mut |batch| again.extend(batch));
    assert_eq!(again, tokens[..2].to_vec());
}
