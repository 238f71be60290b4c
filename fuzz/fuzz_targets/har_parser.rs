//! Fuzzes the HAR reader and the analysis (match + solve) of what it returns. Invariants: never a
//! panic; every request kept is Atlassian traffic with an upper-cased method and an `entry N`
//! evidence inside the entries array, in order; the analysis accounts for every request.

#![no_main]

use libfuzzer_sys::fuzz_target;
use token_warden::atlassian::limits::CredentialKind;
use token_warden::scopes::{self, traffic};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((requests, skipped)) = traffic::parse_har(text) else {
        return;
    };
    let entries = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v["log"]["entries"].as_array().map(Vec::len))
        .expect("parse_har accepted a document without log.entries");
    assert_eq!(requests.len() + skipped, entries);
    let mut previous = 0;
    for r in &requests {
        assert!(traffic::is_atlassian_host(&r.url), "kept {}", r.url);
        assert_eq!(r.method, r.method.to_ascii_uppercase());
        let n: usize = r
            .evidence
            .strip_prefix("entry ")
            .and_then(|n| n.parse().ok())
            .expect("evidence is `entry N`");
        assert!(n > previous && n <= entries, "entry {n} of {entries}");
        previous = n;
    }
    let analysis = scopes::analyse_requests(
        requests
            .iter()
            .map(|r| (r.method.as_str(), r.url.as_str(), r.evidence.clone())),
        CredentialKind::ServiceAccountToken,
    );
    assert_eq!(analysis.requests.len(), requests.len());
    assert!(analysis.unknown_count <= requests.len());
});
